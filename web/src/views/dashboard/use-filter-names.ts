import { getAssignees } from '../../api/review';
import { listAgencies } from '../../api/registry';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';

/** Names for the ids a list's filter chips show: agencies, and (for those who assign flags) officers. */
export function useFilterNames() {
  const user = useUser();
  const agencies = useApiQuery('agencies', (signal) => listAgencies(signal));
  const people = useApiQuery(can(user, 'flag.review') ? 'assignees' : null, (signal) => getAssignees(signal));
  return {
    agencies: agencies.data?.items ?? [],
    people: people.data?.items ?? [],
    agency: (id: string) => agencies.data?.items.find((a) => a.id === id)?.name,
    user: (id: string) => people.data?.items.find((u) => u.id === id)?.name,
  };
}
