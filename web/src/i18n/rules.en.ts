import type { rulesZh } from './rules.zh-CN';

/** Analysis rule form, English. */
export const rulesEn: typeof rulesZh = {
  zoneRequired: 'Restricted area (required)',
  zoneRequiredHint: 'A "restricted area" rule needs its area drawn on the picture: click at least 3 corners, then click the first one to close it.',
  zoneMissing: 'No area drawn yet: click on the picture to add corners',
  zoneNotClosed: 'Click the first corner to close the area',
  nameTaken: 'This device already has a rule with this name',
};
