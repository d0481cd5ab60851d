import type { SampleItem } from '../../api/sampling';

/** What a sampled item is, in words: a case (business, cause, accepted) or a camera-day. */
export function itemTitle(item: SampleItem): string {
  const l = item.label;
  return item.kind === 'case' ? [l.business, l.cause, l.acceptedOn].filter(Boolean).join(' · ') : [l.business, l.site, l.device, item.day].filter(Boolean).join(' · ');
}
