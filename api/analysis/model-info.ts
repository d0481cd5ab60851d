import { readFile } from 'node:fs/promises';
import { UNDETECTABLE } from '../../core/analysis/capabilities.js';
import { RULE_LABELS } from '../../core/analysis/rule-definition.js';

/**
 * What the detector cannot see, whatever the manifest says: rules cannot ask for these. The one
 * list (core/analysis/capabilities.ts) the consent's 分析内容 clause names too.
 */
export const CANNOT_DETECT = UNDETECTABLE;

export type ModelInfo = { name: string | null; version: string | null; labels: string[]; cannotDetect: string[] };

/**
 * The detector's name, version and the labels rules may use, from the model manifest
 * (models/centernet.manifest.json, written by models/build-centernet.ts). Read once; when the
 * manifest is missing the model is unknown, and rules may still name every rule label.
 */
export function createModelInfo(manifestPath?: () => Promise<string>) {
  let cached: Promise<ModelInfo> | null = null;
  const locate = manifestPath ?? (async () => (await import('../../models/build-centernet.js')).CENTERNET_MANIFEST);
  async function load(): Promise<ModelInfo> {
    const fallback: ModelInfo = { name: null, version: null, labels: [...RULE_LABELS], cannotDetect: [...CANNOT_DETECT] };
    try {
      const m = JSON.parse(await readFile(await locate(), 'utf8')) as { name?: string; version?: string; labels?: string[] };
      const known = new Set(m.labels ?? RULE_LABELS);
      return { name: m.name ?? null, version: m.version ?? null, labels: RULE_LABELS.filter((l) => known.has(l)), cannotDetect: [...CANNOT_DETECT] };
    } catch {
      return fallback;
    }
  }
  return () => (cached ??= load());
}
export type ModelInfoSource = ReturnType<typeof createModelInfo>;
