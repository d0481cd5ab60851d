import type { AnalysisCapabilities } from '../../core/analysis/capabilities.js';
import type { ConsentStatement, DeviceSnapshot } from '../../core/db/database.js';
import { deviceConsentV1 } from './templates/device-consent.v1.js';
import { deviceConsentV2, V2_VERSION } from './templates/device-consent.v2.js';

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
  /** The officer's own words (v1 only); from v2 on the clause is derived from the capabilities. */
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
  /** The capabilities the 分析内容 clause is derived from (v2 on); null where the officer typed it (v1). */
  capabilities: AnalysisCapabilities | null;
  /** The derived 分析内容 clause (v2 on); null where the officer typed it (v1). */
  analysis: ((lang: 'zh-CN' | 'en') => string) | null;
  /** The binding text (zh-CN) and the statements the signer must confirm, each a line of it. */
  render(input: ConsentTemplateInput, lang: 'zh-CN' | 'en'): RenderedConsent;
};

const ID = 'device-consent';

/** The template a new consent is drafted under: v2, for what the platform can do now. */
export function currentTemplate(capabilities: AnalysisCapabilities): ConsentTemplate {
  return deviceConsentV2(capabilities);
}

/**
 * The template a consent was drafted under, to render it again (e.g. in English): v1 as it was,
 * v2 from the capabilities stored with the consent — which must give back the same version.
 */
export function templateOf(id: string, version: string, capabilities: AnalysisCapabilities | null = null): ConsentTemplate {
  if (id === ID && version === deviceConsentV1.version) return deviceConsentV1;
  if (id === ID && V2_VERSION.test(version) && capabilities) {
    const t = deviceConsentV2(capabilities);
    if (t.version === version) return t;
  }
  throw new Error(`unknown consent template ${id}/${version}`);
}
