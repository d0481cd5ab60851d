import { createHash, randomUUID } from 'node:crypto';
import type { DocumentService, IssueDocumentInput, IssuedDocument } from '../../core/documents/template.js';

/**
 * A stand-in for the documents service in case tests (the real one renders and stores PDFs):
 * records every call and numbers 文号 documents per agency and kind like 婺卫医罚〔2026〕1号.
 */
export function createFakeDocuments() {
  const calls: IssueDocumentInput[] = [];
  const seq = new Map<string, number>();
  const NATURE: Record<string, string> = { penalty_decision: '罚', prior_notice: '告', hearing_notice: '听', on_the_spot_decision: '当罚', seizure_decision: '封', evidence_preservation_decision: '保', reminder: '催' };
  const service: DocumentService = {
    async issue(_trx, input) {
      calls.push(input);
      const nature = NATURE[input.kind];
      const key = `${input.agencyId}:${nature ?? 'serial'}`;
      const n = (seq.get(key) ?? 0) + 1;
      seq.set(key, n);
      const doc: IssuedDocument = {
        id: randomUUID(),
        kind: input.kind,
        templateVersion: 1,
        version: 1,
        number: nature ? `婺卫${input.category}${nature}〔2026〕${n}号` : `2026-${String(n).padStart(4, '0')}`,
        sha256: createHash('sha256').update(JSON.stringify(input.fields)).digest('hex'),
        sealed: input.kind === 'penalty_decision',
        issuedAt: new Date(),
        publicRef: randomUUID().slice(0, 8),
      };
      return doc;
    },
    async correct() {
      throw new Error('not used in these tests');
    },
  };
  return { service, calls };
}
