import { CASE_TEMPLATES } from './case-templates/index.js';
import { CONSENT_TEMPLATES } from './consent-templates.js';
import { serviceAddressConfirmationV1 } from './service-address-confirmation.v1.js';
import type { DocumentKind, DocumentTemplate } from './template.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTemplate = DocumentTemplate<any>;

/**
 * Every version of every document template, by kind (issue 13 item 1). A template is never
 * edited: a change is a new version, and documents name the version they were made from, so old
 * versions stay here for as long as documents made from them can be corrected or re-read.
 */
export type TemplateRegistry = {
  /** The newest version of a kind; throws when the kind has none. */
  latest(kind: DocumentKind): AnyTemplate;
  /** One version of a kind; undefined when there is no such version. */
  get(kind: DocumentKind, version: number): AnyTemplate | undefined;
  /** Every registered template, kinds in registration order, versions ascending. */
  all(): AnyTemplate[];
  kinds(): DocumentKind[];
};

/** Builds a registry; refuses (throws, naming every problem) duplicate kind+version pairs and bad versions. */
export function createTemplateRegistry(templates: readonly AnyTemplate[]): TemplateRegistry {
  const byKind = new Map<DocumentKind, AnyTemplate[]>();
  const problems: string[] = [];
  for (const t of templates) {
    if (!Number.isInteger(t.version) || t.version < 1) problems.push(`${t.kind}: version ${t.version} is not a positive integer`);
    const list = byKind.get(t.kind) ?? [];
    if (list.some((x) => x.version === t.version)) problems.push(`${t.kind} v${t.version} is registered twice`);
    if (t.numbering.scheme === 'wenhao' && !/^\p{Script=Han}{1,2}$/u.test(t.numbering.nature)) problems.push(`${t.kind} v${t.version}: 文号 nature ${JSON.stringify(t.numbering.nature)} is not one or two Chinese characters`);
    list.push(t);
    byKind.set(t.kind, list);
  }
  if (problems.length) throw new Error(`document templates: ${problems.join('; ')}`);
  for (const list of byKind.values()) list.sort((a, b) => a.version - b.version);
  return {
    latest(kind) {
      const list = byKind.get(kind);
      if (!list?.length) throw new Error(`no document template of kind ${kind}`);
      return list[list.length - 1];
    },
    get: (kind, version) => byKind.get(kind)?.find((t) => t.version === version),
    all: () => [...byKind.values()].flat(),
    kinds: () => [...byKind.keys()],
  };
}

/** The platform's registry: the case templates (R8), the consent documents (R1) and the 送达地址确认书 (R9). Built once, at start. */
export function platformTemplates(): TemplateRegistry {
  return createTemplateRegistry([...CASE_TEMPLATES, ...CONSENT_TEMPLATES, serviceAddressConfirmationV1]);
}
