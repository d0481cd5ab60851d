import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../format/datetime';
import { useNow } from '../portal/deadline';
import { formatCountdown } from '../review/countdown';

type Props<T extends { id: string }> = {
  testId: string;
  items: T[];
  /** The first line; `overdue` once the item's due time has passed. */
  title: (item: T, overdue: boolean) => ReactNode;
  detail: (item: T) => ReactNode;
  /** When the case came into the queue ("提交于 …", "结案于 …"). */
  since: { label: string; at: (item: T) => string | null };
  /** A queue with a time limit: each item's due time, with a countdown ticking every second. */
  due?: { label: string; at: (item: T) => string | null };
};

/**
 * A queue of cases (the unit head's approvals, the legal reviews, the archivist's 待归档), one
 * card each linking to the case: a title, a detail line and since when it waits. A queue with a
 * time limit adds each item's due time and a live countdown, and marks the items past it overdue.
 */
export function CaseQueueList<T extends { id: string }>(props: Props<T>) {
  return props.due ? <TimedQueueList {...props} /> : <QueueList {...props} now={null} />;
}

function TimedQueueList<T extends { id: string }>(props: Props<T>) {
  const now = useNow(1000);
  return <QueueList {...props} now={now} />;
}

function QueueList<T extends { id: string }>({ testId, items, title, detail, since, due, now }: Props<T> & { now: number | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <ul className="portal-list" data-testid={testId}>
      {items.map((c) => {
        const dueAt = due?.at(c) ?? null;
        const left = dueAt && now !== null ? Math.trunc((Date.parse(dueAt) - now) / 1000) : null;
        const overdue = left !== null && left < 0;
        return (
          <li key={c.id} className={`card portal-item${overdue ? ' worklist-overdue' : ''}`} data-case-id={c.id}>
            <Link to={`/cases/${c.id}`} className="portal-item-link">
              <span className="portal-item-title">{title(c, overdue)}</span>
              <span className="small">{detail(c)}</span>
              <span className={due ? `small portal-deadline${overdue ? ' portal-deadline-over' : ''}` : 'muted small'}>
                {since.label} {formatDateTime(since.at(c), lang)}
                {due && dueAt && ` · ${due.label} ${formatDateTime(dueAt, lang)}`}
                {left !== null && ` · ${formatCountdown(t, left)}`}
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
