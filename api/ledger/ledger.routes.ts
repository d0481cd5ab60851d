import type { Access } from '../access/access.service.js';
import { callerOf } from '../http/request-context.js';
import { route } from '../access/access.route.js';
import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import { inclusionProof } from '../../core/ledger/proof.js';
import { errorResponses, json, router, z } from '../http/openapi.js';

const CheckpointDto = z.object({ treeSize: z.number(), rootHash: z.string(), signedAt: z.string(), keyId: z.string(), signature: z.string() }).nullable();
const ProofDto = z
  .object({
    entryId: z.string(),
    leafIndex: z.number(),
    treeSize: z.number(),
    leafHash: z.string(),
    auditPath: z.array(z.string()),
    rootHash: z.string(),
    checkpoint: CheckpointDto,
  })
  .openapi('InclusionProof');

/** Mounted at /api/ledger for staff: inclusion proofs (of entries in scope) and the signing key, for outside checks. */
export function ledgerRoutes(db: Db, access: Access, publicKeyPem: () => string) {
  const app = router();
  const tags = ['ledger'];
  app.openapi(
    route('ledger.proof', {
      method: 'get',
      path: '/entries/{id}/proof',
      tags,
      request: { params: z.object({ id: z.string().regex(/^\d{1,18}$/, 'invalid') }), query: z.object({ treeSize: z.coerce.number().int().min(1).optional() }) },
      responses: { 200: json(ProofDto, 'RFC 6962 inclusion proof against a signed checkpoint'), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      // Only entries about records in the caller's scope (platform entries: admins and auditors).
      await access.requireLedgerEntry(callerOf(c), id);
      const proof = await inclusionProof(db, id, c.req.valid('query').treeSize);
      if (!proof) throw new AppError('not_found', '');
      return c.json(proof, 200);
    },
  );
  app.openapi(
    route('ledger.proof', { method: 'get', path: '/public-key', tags, responses: { 200: { content: { 'application/x-pem-file': { schema: z.string() } }, description: 'Ed25519 public key (PEM) that signs checkpoints' } } }),
    (c) => c.body(publicKeyPem(), 200, { 'content-type': 'application/x-pem-file' }),
  );
  return app;
}
