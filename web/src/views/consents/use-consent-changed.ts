import { useRegistryChanged } from '../../hooks/use-live';

/** Refetches when the server reports a consent change (someone signed, suspended…). */
export function useConsentChanged(reload: () => void, id?: string): void {
  useRegistryChanged(reload, (e) => e.entity === 'consent' && (!id || e.id === id));
}
