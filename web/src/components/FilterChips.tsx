import { useTranslation } from 'react-i18next';
import type { Chip } from '../views/dashboard/chips';

/** The filters a list shows, each removable ("金东区 ×", "逾期 ×"); nothing when there are none. */
export function FilterChips({ chips, onRemove }: { chips: Chip[]; onRemove(chip: Chip): void }) {
  const { t } = useTranslation();
  if (chips.length === 0) return null;
  return (
    <ul className="status-chips filter-chips" aria-label={t('dashboard.chips.label')} data-testid="filter-chips">
      {chips.map((c) => (
        <li key={c.params.join(',')}>
          <button type="button" className="chip chip-on" data-chip={c.params.join(',')} aria-label={t('dashboard.chips.remove', { what: c.label })} onClick={() => onRemove(c)}>
            {c.label} <span aria-hidden="true">×</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
