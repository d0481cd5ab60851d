import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashLeaf, nodeHash } from './leaf.js';
import { auditPathRefs, decompose, EMPTY_ROOT, foldRight, largestPow2Below, MerkleFrontier, verifyInclusion, type TreeNode } from './merkle.js';

// Independent, naive RFC 6962 definitions to check the incremental code against.
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0];
  const k = largestPow2Below(leaves.length);
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
function naivePath(m: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = largestPow2Below(leaves.length);
  return m < k ? [...naivePath(m, leaves.slice(0, k)), mth(leaves.slice(k))] : [...naivePath(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => hashLeaf(Buffer.from(`leaf ${i}`)));

/** Builds the tree incrementally, as the sealer does, and keeps every completed node. */
function grow(leaves: Buffer[]) {
  const frontier = new MerkleFrontier();
  const nodes = new Map<string, Buffer>();
  const completed: TreeNode[] = [];
  leaves.forEach((leaf, i) => {
    nodes.set(`0:${i}`, leaf);
    frontier.push(leaf, completed);
  });
  for (const n of completed) nodes.set(`${n.level}:${n.idx}`, n.hash);
  return { frontier, nodes };
}

describe('merkle tree', () => {
  it('the empty tree hashes to SHA-256 of nothing', () => {
    expect(new MerkleFrontier().root().equals(EMPTY_ROOT)).toBe(true);
  });

  it('incremental roots equal the naive MTH for sizes 1..70', () => {
    const leaves = leavesOf(70);
    const frontier = new MerkleFrontier();
    for (let n = 1; n <= 70; n++) {
      frontier.push(leaves[n - 1]);
      expect(frontier.root().toString('hex'), `size ${n}`).toBe(mth(leaves.slice(0, n)).toString('hex'));
    }
  });

  it('completed nodes are exactly the perfect subtrees, each with its naive hash', () => {
    const leaves = leavesOf(37);
    const { nodes } = grow(leaves);
    let expected = 0;
    for (let level = 1; 2 ** level <= 37; level++) expected += Math.floor(37 / 2 ** level);
    expect(nodes.size - 37).toBe(expected);
    expect(nodes.get('5:0')!.equals(mth(leaves.slice(0, 32)))).toBe(true);
    expect(nodes.get('2:8')!.equals(mth(leaves.slice(32, 36)))).toBe(true);
  });

  it('every leaf proof built from perfect nodes matches the naive path and verifies, sizes 1..40', () => {
    const all = leavesOf(40);
    const { nodes } = grow(all);
    for (let n = 1; n <= 40; n++) {
      const leaves = all.slice(0, n);
      const root = mth(leaves);
      expect(foldRight(decompose(0, n).map((r) => nodes.get(`${r.level}:${r.idx}`)!)).equals(root)).toBe(true);
      for (let m = 0; m < n; m++) {
        const path = auditPathRefs(m, n).map((parts) => foldRight(parts.map((r) => nodes.get(`${r.level}:${r.idx}`)!)));
        expect(path.map((p) => p.toString('hex'))).toEqual(naivePath(m, leaves).map((p) => p.toString('hex')));
        expect(verifyInclusion(leaves[m], m, n, path, root), `leaf ${m} of ${n}`).toBe(true);
      }
    }
  });

  it('a flipped bit anywhere, a wrong index or a wrong size fails the proof', () => {
    const leaves = leavesOf(13);
    const root = mth(leaves);
    const path = naivePath(6, leaves);
    expect(verifyInclusion(leaves[6], 6, 13, path, root)).toBe(true);
    const flip = (b: Buffer, bit: number) => {
      const c = Buffer.from(b);
      c[bit >> 3] ^= 1 << (bit & 7);
      return c;
    };
    expect(verifyInclusion(flip(leaves[6], 77), 6, 13, path, root)).toBe(false);
    expect(verifyInclusion(leaves[6], 6, 13, path, flip(root, 0))).toBe(false);
    for (let i = 0; i < path.length; i++) {
      const bad = path.map((p, j) => (j === i ? flip(p, 255) : p));
      expect(verifyInclusion(leaves[6], 6, 13, bad, root)).toBe(false);
    }
    expect(verifyInclusion(leaves[6], 7, 13, path, root)).toBe(false);
    expect(verifyInclusion(leaves[6], 6, 8, path, root)).toBe(false);
    expect(verifyInclusion(leaves[6], 6, 13, path.slice(1), root)).toBe(false);
    expect(verifyInclusion(leaves[6], 13, 13, path, root)).toBe(false);
  });

  it('accepts hex strings as well as buffers', () => {
    const leaves = leavesOf(5);
    const hex = (b: Buffer) => b.toString('hex');
    expect(verifyInclusion(hex(leaves[4]), 4, 5, naivePath(4, leaves).map(hex), hex(mth(leaves)))).toBe(true);
  });

  it('a frontier rebuilt from stored nodes continues the same tree', () => {
    const leaves = leavesOf(29);
    const { nodes } = grow(leaves.slice(0, 21));
    const refs = decompose(0, 21);
    const resumed = new MerkleFrontier(21, refs.map((r) => ({ ...r, hash: nodes.get(`${r.level}:${r.idx}`)! })));
    for (const leaf of leaves.slice(21)) resumed.push(leaf);
    expect(resumed.root().equals(mth(leaves))).toBe(true);
    expect(() => new MerkleFrontier(21, [])).toThrow(/do not match/);
  });
});
