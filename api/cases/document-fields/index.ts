import type { CaseDocumentKind } from '../../../core/documents/template.js';
import type { DocumentContext } from './context.js';
import { decisionBuilders } from './decisions.js';
import { recordBuilders } from './records.js';

export { loadDocumentContext, type DocumentContext } from './context.js';

const BUILDERS = { ...recordBuilders, ...decisionBuilders };

/**
 * The template's fields for a stage's document (issue 13): each kind has its builder; the
 * document service validates the result with the template's schema (400 naming the field in
 * Chinese) before anything is numbered. Unset values are left out, never invented.
 */
export function documentFields(kind: CaseDocumentKind, x: DocumentContext): Record<string, unknown> {
  const build = BUILDERS[kind];
  if (!build) throw new Error(`no document fields builder for ${kind}`);
  return prune(build(x)) as Record<string, unknown>;
}

/** Drops undefined values (JSON would anyway) so a missing value reads as 必填, not as a wrong type. */
function prune(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(prune);
  if (v && typeof v === 'object' && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, prune(x)]));
  return v;
}
