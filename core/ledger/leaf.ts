import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.js';

/**
 * RFC 6962 hashing for the ledger: what a leaf is, how leaves and nodes are hashed, and the
 * linear hash chain that runs beside the Merkle tree. Pure: no I/O.
 */
export const ZERO_HASH: Buffer = Buffer.alloc(32);
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

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
 * The leaf's bytes: canonicalJson of the entry's fields. Built with the keys already in
 * canonical (sorted) order, which is what canonicalJson would produce, only faster.
 */
export function leafBytes(e: LeafEntry): Buffer {
  const json =
    `{"action":${JSON.stringify(e.action)},"actorId":${JSON.stringify(e.actorId)},"actorType":${JSON.stringify(e.actorType)}` +
    `,"context":${canonicalJson(e.context)},"entityId":${JSON.stringify(e.entityId)},"entityType":${JSON.stringify(e.entityType)}` +
    `,"id":${JSON.stringify(e.id)},"recordedAt":${JSON.stringify(e.recordedAt)},"requestId":${JSON.stringify(e.requestId)}` +
    `,"stateDigest":"${e.stateDigest.toString('hex')}"}`;
  return Buffer.from(json, 'utf8');
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
  return createHash('sha256').update(LEAF_PREFIX).update(bytes).digest();
}

export function leafHash(e: LeafEntry): Buffer {
  return hashLeaf(leafBytes(e));
}

/** node = SHA-256(0x01 || left || right). */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** chain_hash[seq] = SHA-256(chain_hash[seq-1] || leaf_hash); chain_hash[0] = 32 zero bytes. */
export function chainHash(previous: Buffer, leaf: Buffer): Buffer {
  return createHash('sha256').update(previous).update(leaf).digest();
}

export function sameHash(a: Buffer | null | undefined, b: Buffer | null | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.equals(b);
}
