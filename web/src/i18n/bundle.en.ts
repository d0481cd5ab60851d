import type { bundleZh } from './bundle.zh-CN';

/** The case file export (issue 14 item 6): the self-verifying bundle on the case workspace. */
export const bundleEn: typeof bundleZh = {
  title: 'Case file',
  export: 'Export the case file (verifiable offline)',
  hint: 'The zip holds every document of the case (every version), the evidence video and snapshots with their provenance, the ledger entries with their signed proofs, the keys and an index.html. A court or the party needs no login and no network: open the index.html in a browser and pick the zip, or run npm run verify -- case.zip, to see whether any byte was changed, removed or added.',
  logged: 'Each export is recorded in the ledger (who, when, the manifest’s hash).',
};
