import { hash } from 'node:crypto';
import { canonicalJson } from './canonical.js';

/**
 * RFC 6962 hashing for the ledger: what a leaf is, how leaves and nodes are hashed, and the
 * linear hash chain that runs beside the Merkle tree. Pure: no I/O.
 */
export const ZERO_HASH: Buffer = Buffer.alloc(32);
// Scratch space for node and chain hashing: crypto.hash copies its input before returning, so
// one buffer serves every call (this runs ~3 times per entry in the sealer and the verifier).
const nodeInput = Buffer.alloc(65, 0x01);
const chainInput = Buffer.alloc(64);

export type LeafEntry = {
  id: string;
  /** ISO 8601 UTC with microseconds, exactly as PostgreSQL stored it (see RECORDED_AT_ISO). */
  recordedAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  stateDigest: Buffer;
  requestId: string | null;
  context: unknown;
};

/**
 * The leaf's text: canonicalJson of the entry's fields. Built with the keys already in
 * canonical (sorted) order, which is what canonicalJson would produce, only faster.
 */
function leafJson(e: LeafEntry): string {
  return (
    `{"action":${JSON.stringify(e.action)},"actorId":${JSON.stringify(e.actorId)},"actorType":${JSON.stringify(e.actorType)}` +
    `,"context":${canonicalJson(e.context)},"entityId":${JSON.stringify(e.entityId)},"entityType":${JSON.stringify(e.entityType)}` +
    `,"id":${JSON.stringify(e.id)},"recordedAt":${JSON.stringify(e.recordedAt)},"requestId":${JSON.stringify(e.requestId)}` +
    `,"stateDigest":"${e.stateDigest.toString('hex')}"}`
  );
}

export function leafBytes(e: LeafEntry): Buffer {
  return Buffer.from(leafJson(e), 'utf8');
}

/** The leaf as a plain object, for canonicalJson (and for checking leafBytes against it). */
export function leafObject(e: LeafEntry): Record<string, unknown> {
  return {
    id: e.id,
    recordedAt: e.recordedAt,
    actorType: e.actorType,
    actorId: e.actorId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    stateDigest: e.stateDigest.toString('hex'),
    requestId: e.requestId,
    context: e.context ?? null,
  };
}

/** leaf_hash = SHA-256(0x00 || leaf bytes). */
export function hashLeaf(bytes: Buffer): Buffer {
  return hash('sha256', Buffer.concat([Buffer.from([0x00]), bytes]), 'buffer');
}

export function leafHash(e: LeafEntry): Buffer {
  // U+0000 encodes as the single byte 0x00 in UTF-8: the RFC 6962 leaf prefix.
  return hash('sha256', `\u0000${leafJson(e)}`, 'buffer');
}

/** node = SHA-256(0x01 || left || right). */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  left.copy(nodeInput, 1);
  right.copy(nodeInput, 33);
  return hash('sha256', nodeInput, 'buffer');
}

/** chain_hash[seq] = SHA-256(chain_hash[seq-1] || leaf_hash); chain_hash[0] = 32 zero bytes. */
export function chainHash(previous: Buffer, leaf: Buffer): Buffer {
  previous.copy(chainInput, 0);
  leaf.copy(chainInput, 32);
  return hash('sha256', chainInput, 'buffer');
}

export function sameHash(a: Buffer | null | undefined, b: Buffer | null | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.equals(b);
}
