import type { Kysely, Selectable } from 'kysely';
import type { Database, LedgerCheckpointsTable } from '../db/database.js';
import type { LedgerPublicKey, LedgerSigner } from './signer.js';

/**
 * Signed checkpoints: (tree size, Merkle root, chain hash, time) signed with the ledger key over
 * a fixed text form, so anyone with the public key can check them with standard tools.
 */
export type Checkpoint = {
  treeSize: number;
  rootHash: Buffer;
  chainHash: Buffer;
  signedAt: Date;
  keyId: string;
  signature: Buffer;
};

/** The exact bytes that are signed. */
export function checkpointMessage(cp: { treeSize: number; rootHash: Buffer; chainHash: Buffer; signedAt: Date }): Buffer {
  const text = ['vigil-ledger-checkpoint/v1', String(cp.treeSize), cp.rootHash.toString('hex'), cp.chainHash.toString('hex'), cp.signedAt.toISOString()].join('\n');
  return Buffer.from(text, 'utf8');
}

export function signCheckpoint(
  signer: LedgerSigner,
  head: { treeSize: number; rootHash: Buffer; chainHash: Buffer },
  signedAt: Date = new Date(),
): Checkpoint {
  const unsigned = { ...head, signedAt };
  return { ...unsigned, keyId: signer.keyId, signature: signer.sign(checkpointMessage(unsigned)) };
}

/** True when the checkpoint names this key and its signature is valid under it. */
export function checkpointSignedBy(key: LedgerPublicKey, cp: Checkpoint): boolean {
  return cp.keyId === key.keyId && key.verify(checkpointMessage(cp), cp.signature);
}

/** Registers the signer's public key (once; the table is append-only). */
export async function ensureKeyRow(db: Kysely<Database>, signer: LedgerPublicKey): Promise<void> {
  await db
    .insertInto('ledger_keys')
    .values({ key_id: signer.keyId, public_key: signer.publicKeyPem })
    .onConflict((oc) => oc.column('key_id').doNothing())
    .execute();
}

export async function insertCheckpoint(db: Kysely<Database>, cp: Checkpoint): Promise<void> {
  await db
    .insertInto('ledger_checkpoints')
    .values({
      tree_size: String(cp.treeSize),
      root_hash: cp.rootHash,
      chain_hash: cp.chainHash,
      signed_at: cp.signedAt,
      key_id: cp.keyId,
      signature: cp.signature,
    })
    .execute();
}

export function checkpointFromRow(row: Selectable<LedgerCheckpointsTable>): Checkpoint {
  return {
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    chainHash: row.chain_hash,
    signedAt: row.signed_at,
    keyId: row.key_id,
    signature: row.signature,
  };
}

export async function latestCheckpoint(db: Kysely<Database>): Promise<Checkpoint | null> {
  const row = await db.selectFrom('ledger_checkpoints').selectAll().orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
  return row ? checkpointFromRow(row) : null;
}

/** Every checkpoint in tree-size order (a ledger has few: one per minute or per N entries). */
export async function allCheckpoints(db: Kysely<Database>): Promise<Checkpoint[]> {
  const rows = await db.selectFrom('ledger_checkpoints').selectAll().orderBy('tree_size').execute();
  return rows.map(checkpointFromRow);
}

export function checkpointJson(cp: Checkpoint) {
  return { treeSize: cp.treeSize, rootHash: cp.rootHash.toString('hex'), signedAt: cp.signedAt.toISOString(), keyId: cp.keyId, signature: cp.signature.toString('hex') };
}
