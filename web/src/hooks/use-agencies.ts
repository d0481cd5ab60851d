import { listAgencies } from '../api/registry';
import type { Agency } from '../api/types';
import { useApiQuery } from './use-api-query';

/** District-level agencies the user may choose (a business belongs to one district). */
export function useDistricts(): { districts: Agency[]; loading: boolean; error: string | undefined } {
  const q = useApiQuery('agencies', (signal) => listAgencies(signal));
  const districts = (q.data?.items ?? []).filter((a) => a.level === 'district');
  return { districts, loading: q.loading, error: q.error?.message };
}
