import type { BundleReport } from './bundle-verify.js';

const SHOW = 50;

/** The verifier's words for a person: OK with what was checked, or each problem with its file. */
export function formatBundleReport(zipName: string, r: BundleReport, seconds: number): string {
  const lines: string[] = [];
  const c = r.manifest?.case;
  if (c) lines.push(`case file: ${c.number ?? c.id} — ${c.party.name} — ${c.matter} (${c.agency})`);
  if (r.manifest) lines.push(`exported ${r.manifest.exportedAt} by ${r.manifest.exportedBy.name} (${r.manifest.exportedBy.role})`);
  if (r.keyId) lines.push(`ledger key SHA-256 ${r.keyId} — compare it with the key the agency publishes`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  if (r.ok) {
    lines.push(
      `OK 全部通过: ${zipName} — ${r.files} files (${(r.bytes / 1e6).toFixed(1)} MB) match the manifest; ` +
        `${r.entries} ledger entries proven to checkpoint ${r.checkpoint?.treeSize} signed ${r.checkpoint?.signedAt}; ` +
        `${r.documents} documents match their ledger entries, ${r.seals} seal signatures valid (${seconds.toFixed(1)} s)`,
    );
  } else {
    lines.push(`FAILED 未通过: ${zipName} — ${r.problems.length} problem(s):`);
    for (const p of r.problems.slice(0, SHOW)) lines.push(`  ${p.file}: ${p.message}`);
    if (r.problems.length > SHOW) lines.push(`  … and ${r.problems.length - SHOW} more`);
  }
  return `${lines.join('\n')}\n`;
}
