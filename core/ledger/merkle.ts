import { hash } from 'node:crypto';
import { nodeHash, sameHash } from './leaf.js';

/**
 * RFC 6962 / RFC 9162 Merkle tree arithmetic over perfect (complete) subtrees. A node is named
 * by (level, idx): the subtree of 2^level leaves starting at leaf idx·2^level; level 0 is a leaf.
 * Pure: no I/O. Indices stay below 2^53, so plain numbers (no bit operators) are used.
 */
export type NodeRef = { level: number; idx: number };
export type TreeNode = NodeRef & { hash: Buffer };

export const EMPTY_ROOT: Buffer = hash('sha256', Buffer.alloc(0), 'buffer');

export function largestPow2Below(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function floorLog2(n: number): number {
  let level = 0;
  while (2 ** (level + 1) <= n) level++;
  return level;
}

/** The perfect subtrees that make up leaves [start, end), largest (leftmost) first. */
export function decompose(start: number, end: number): NodeRef[] {
  const out: NodeRef[] = [];
  let at = start;
  while (at < end) {
    const level = floorLog2(end - at);
    const width = 2 ** level;
    if (at % width !== 0) throw new Error(`range [${start}, ${end}) is not an RFC 6962 subtree`);
    out.push({ level, idx: at / width });
    at += width;
  }
  return out;
}

/** MTH of a range from its perfect parts: H(p0, H(p1, … H(pk-1, pk))). */
export function foldRight(hashes: Buffer[]): Buffer {
  if (hashes.length === 0) return EMPTY_ROOT;
  let acc = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i], acc);
  return acc;
}

/**
 * PATH(m, D[n]) of RFC 6962 §2.1.1, deepest sibling first. Each element is the list of perfect
 * subtrees whose foldRight is that sibling's hash (one node, except on the tree's right edge).
 */
export function auditPathRefs(leafIndex: number, treeSize: number): NodeRef[][] {
  if (leafIndex < 0 || leafIndex >= treeSize) throw new Error(`leaf ${leafIndex} is not in a tree of ${treeSize}`);
  const out: NodeRef[][] = [];
  let lo = 0;
  let hi = treeSize;
  while (hi - lo > 1) {
    const k = largestPow2Below(hi - lo);
    if (leafIndex < lo + k) {
      out.push(decompose(lo + k, hi));
      hi = lo + k;
    } else {
      out.push(decompose(lo, lo + k));
      lo += k;
    }
  }
  return out.reverse();
}

/** The right frontier of a growing tree: the perfect subtrees covering every leaf so far. */
export class MerkleFrontier {
  private readonly nodes: TreeNode[];
  size: number;

  constructor(size = 0, nodes: TreeNode[] = []) {
    const expected = decompose(0, size);
    if (expected.length !== nodes.length || expected.some((r, i) => r.level !== nodes[i].level || r.idx !== nodes[i].idx)) {
      throw new Error(`frontier nodes do not match a tree of ${size} leaves`);
    }
    this.size = size;
    this.nodes = nodes.slice();
  }

  /** Adds the next leaf; pushes every perfect subtree it completes (level >= 1) onto `completed`. */
  push(leaf: Buffer, completed?: TreeNode[]): void {
    let node: TreeNode = { level: 0, idx: this.size, hash: leaf };
    this.size++;
    for (let top = this.nodes.at(-1); top && top.level === node.level; top = this.nodes.at(-1)) {
      this.nodes.pop();
      node = { level: node.level + 1, idx: top.idx / 2, hash: nodeHash(top.hash, node.hash) };
      completed?.push(node);
    }
    this.nodes.push(node);
  }

  root(): Buffer {
    return foldRight(this.nodes.map((n) => n.hash));
  }
}

function toBuf(v: string | Buffer): Buffer {
  return typeof v === 'string' ? Buffer.from(v, 'hex') : v;
}

/**
 * The root that `auditPath` leads to from leaf `leafIndex` of a tree of `treeSize`, following
 * RFC 9162 §2.1.3.2; null when the path has the wrong shape for that position and size.
 */
export function rootFromInclusion(leafHash: string | Buffer, leafIndex: number, treeSize: number, auditPath: readonly (string | Buffer)[]): Buffer | null {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = toBuf(leafHash);
  for (const item of auditPath) {
    const p = toBuf(item);
    if (sn === 0 || p.length !== 32) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** RFC 9162 §2.1.3.2: does `auditPath` prove leaf `leafIndex` is in the tree of `treeSize` with `rootHash`? */
export function verifyInclusion(
  leafHash: string | Buffer,
  leafIndex: number,
  treeSize: number,
  auditPath: readonly (string | Buffer)[],
  rootHash: string | Buffer,
): boolean {
  return sameHash(rootFromInclusion(leafHash, leafIndex, treeSize, auditPath), toBuf(rootHash));
}
