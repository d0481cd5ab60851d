import { sha256, stateDigest } from './canonical.js';
import { checkpointSignedBy, type Checkpoint } from './checkpoint.js';
import { chainHash, leafHash, sameHash, ZERO_HASH } from './leaf.js';
import { leafEntryOf, type LeafRow } from './ledger-rows.js';
import { MerkleFrontier, type TreeNode } from './merkle.js';
import type { LedgerPublicKey } from './signer.js';
import type { ProblemLog } from './verify-problems.js';

/**
 * Re-derives the ledger from its entries, one chain row at a time in seq order: state digest,
 * leaf hash, chain hash, the Merkle tree (incrementally, so checkpoints and stored tree nodes
 * are checked as the stream passes them) and each checkpoint's signature.
 */
export type ChainStreamRow = Partial<LeafRow> & { seq: string; entry_id: string; leaf_hash: Buffer; chain_hash: Buffer; state_text: string | null };

const NULL_DIGEST = stateDigest(null);

/**
 * A batch whose per-row work (state digest, leaf recomputation) a verify worker did. `hashes`
 * holds 96 bytes a row: stored leaf hash, stored chain hash, recomputed leaf hash.
 */
export type PreparedBatch = { seqs: Float64Array; entryIds: string[]; ids: (string | null)[]; stateOk: Uint8Array; hashes: Uint8Array };
const PLACEHOLDER = Buffer.alloc(32, 0xff);

export class ChainChecker {
  private readonly frontier = new MerkleFrontier();
  private prevChain = ZERO_HASH;
  private nextCp = 0;
  /** Nodes known bad because a leaf below them is: their ancestors are not reported again. */
  private readonly tainted = new Set<string>();
  entries = 0;
  checkpoints = 0;

  constructor(
    private readonly log: ProblemLog,
    private readonly key: LedgerPublicKey,
    private readonly cps: readonly Checkpoint[],
  ) {}

  get size(): number {
    return this.frontier.size;
  }

  /** Checks one batch of chain rows (seq order) against the stored tree nodes completed by it. */
  checkBatch(rows: readonly ChainStreamRow[], stored: Map<string, Buffer>): void {
    const computed: TreeNode[] = [];
    for (const row of rows) this.checkRow(row, computed);
    this.compareNodes(computed, stored);
  }

  private compareNodes(computed: TreeNode[], stored: Map<string, Buffer>): void {
    for (const node of computed) {
      const key = `${node.level}:${node.idx}`;
      const have = stored.get(key);
      stored.delete(key);
      const childTainted = this.tainted.has(`${node.level - 1}:${node.idx * 2}`) || this.tainted.has(`${node.level - 1}:${node.idx * 2 + 1}`);
      if (childTainted) this.tainted.add(key);
      else if (!have) this.log.add('tree_node', key, `tree node level ${node.level} index ${node.idx} is missing`);
      else if (!have.equals(node.hash)) this.log.add('tree_node', key, `tree node level ${node.level} index ${node.idx} does not match the entries below it`);
    }
    for (const key of stored.keys()) this.log.add('tree_node', key, `tree node ${key} should not exist yet`);
  }

  private checkRow(row: ChainStreamRow, computed: TreeNode[]): void {
    if (row.id == null) {
      this.checkPrepared(Number(row.seq), row.entry_id, null, row.leaf_hash, row.chain_hash, null, true, computed);
      return;
    }
    // The state is stored as json, byte for byte the canonical text its digest was taken over.
    const digest = row.state_text === null ? NULL_DIGEST : sha256(row.state_text);
    const leaf = leafHash(leafEntryOf(row as LeafRow));
    this.checkPrepared(Number(row.seq), row.entry_id, row.id, row.leaf_hash, row.chain_hash, leaf, sameHash(digest, row.state_digest), computed);
  }

  /** Checks rows whose leaf hashes and state digests were recomputed elsewhere (verify workers). */
  checkPreparedBatch(b: PreparedBatch, stored: Map<string, Buffer>): void {
    const computed: TreeNode[] = [];
    const buf = Buffer.from(b.hashes.buffer, b.hashes.byteOffset, b.hashes.byteLength);
    for (let i = 0; i < b.seqs.length; i++) {
      const at = i * 96;
      const present = b.ids[i] !== null;
      this.checkPrepared(b.seqs[i], b.entryIds[i], b.ids[i], buf.subarray(at, at + 32), buf.subarray(at + 32, at + 64), present ? buf.subarray(at + 64, at + 96) : null, b.stateOk[i] === 1, computed);
    }
    this.compareNodes(computed, stored);
  }

  private checkPrepared(seq: number, entryId: string, id: string | null, storedLeaf: Buffer, storedChain: Buffer, recomputedLeaf: Buffer | null, stateOk: boolean, computed: TreeNode[]): void {
    const expected = this.frontier.size + 1;
    if (seq > expected) {
      const range = seq - 1 === expected ? `seq ${expected} is` : `seqs ${expected}..${seq - 1} are`;
      this.log.add('missing_seq', `seq ${expected}`, `ledger ${range} missing: entries or chain rows were deleted`);
      for (let s = expected; s < seq; s++) {
        this.tainted.add(`0:${s - 1}`);
        this.push(PLACEHOLDER, computed);
      }
    }
    this.entries++;
    if (!sameHash(storedChain, chainHash(this.prevChain, storedLeaf))) {
      this.log.add('chain_hash', `seq ${seq}`, `chain hash at seq ${seq} (entry ${entryId}) does not follow from seq ${seq - 1}`);
    }
    this.prevChain = storedChain;
    let leaf = storedLeaf;
    if (id === null || recomputedLeaf === null) {
      this.log.add('missing_entry', entryId, `entry ${entryId} (seq ${seq}) is missing`);
      this.tainted.add(`0:${seq - 1}`);
    } else {
      if (!stateOk) this.log.add('state_digest', id, `entry ${id} (seq ${seq}): state does not match its state_digest (state altered)`);
      leaf = recomputedLeaf;
      if (!sameHash(leaf, storedLeaf)) {
        this.log.add('entry_altered', id, `entry ${id} (seq ${seq}) does not match its sealed leaf hash (entry altered)`);
        this.tainted.add(`0:${seq - 1}`);
      }
    }
    this.push(leaf, computed);
  }

  private push(leaf: Buffer, computed: TreeNode[]): void {
    this.frontier.push(leaf, computed);
    for (; this.nextCp < this.cps.length && this.cps[this.nextCp].treeSize <= this.frontier.size; this.nextCp++) {
      const cp = this.cps[this.nextCp];
      if (cp.treeSize === this.frontier.size) this.checkCheckpoint(cp);
    }
  }

  private checkCheckpoint(cp: Checkpoint): void {
    const id = `checkpoint ${cp.treeSize}`;
    this.checkpoints++;
    if (!cp.rootHash.equals(this.frontier.root())) this.log.add('checkpoint_root', id, `${id}: root hash does not match the entries`);
    if (!cp.chainHash.equals(this.prevChain)) this.log.add('checkpoint_chain', id, `${id}: chain hash does not match seq ${cp.treeSize}`);
    if (!checkpointSignedBy(this.key, cp)) {
      const why = cp.keyId === this.key.keyId ? 'signature is invalid' : `signed by key ${cp.keyId.slice(0, 16)}…, not the ledger key ${this.key.keyId.slice(0, 16)}…`;
      this.log.add('checkpoint_signature', id, `${id}: ${why}`);
    }
  }

  /** Call after the stream: checkpoints past the chain's end mean entries were cut off. */
  finish(): void {
    for (const cp of this.cps.slice(this.nextCp)) {
      this.log.add('checkpoint_beyond_chain', `checkpoint ${cp.treeSize}`, `checkpoint ${cp.treeSize} is beyond the chain's ${this.frontier.size} entries: entries were removed`);
    }
  }
}
