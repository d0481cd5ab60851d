import type { ConsentStatement, DeviceSnapshot } from '../../core/db/database.js';
import { deviceConsentV1 } from './templates/device-consent.v1.js';

/** What a consent template needs to render the text a business signs. */
export type ConsentTemplateInput = {
  ref: string;
  agencyName: string;
  businessName: string;
  creditCode: string;
  siteName: string;
  siteAddress: string;
  devices: DeviceSnapshot[];
  purpose: string;
  analysis: string;
  retention: string;
  viewers: string;
  extraTerms: string;
  validFrom: string;
  validUntil: string;
  amendsRef: string | null;
};

export type RenderedConsent = { text: string; statements: ConsentStatement[] };

export type ConsentTemplate = {
  id: string;
  version: string;
  /** The binding text (zh-CN) and the statements the signer must confirm, each a line of it. */
  render(input: ConsentTemplateInput, lang: 'zh-CN' | 'en'): RenderedConsent;
};

/** Every template version ever used stays here: signed consents name theirs. */
const TEMPLATES: ConsentTemplate[] = [deviceConsentV1];
export const CURRENT_TEMPLATE = deviceConsentV1;

export function templateOf(id: string, version: string): ConsentTemplate {
  const t = TEMPLATES.find((x) => x.id === id && x.version === version);
  if (!t) throw new Error(`unknown consent template ${id}/${version}`);
  return t;
}
