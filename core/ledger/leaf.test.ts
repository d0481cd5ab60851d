import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import { chainHash, hashLeaf, leafBytes, leafHash, leafObject, nodeHash, ZERO_HASH, type LeafEntry } from './leaf.js';

const entry: LeafEntry = {
  id: '42',
  recordedAt: '2026-11-24T08:00:00.123456Z',
  actorType: 'user',
  actorId: 'u-1',
  action: 'business.create',
  entityType: 'business',
  entityId: 'b-"1"',
  stateDigest: Buffer.alloc(32, 7),
  requestId: null,
  context: { z: 1, a: ['é', { y: true, b: null }] },
};

describe('ledger leaf', () => {
  it('leaf bytes are the canonical JSON of the entry fields', () => {
    expect(leafBytes(entry).toString('utf8')).toBe(canonicalJson(leafObject(entry)));
    expect(leafBytes({ ...entry, context: null, actorId: null }).toString('utf8')).toBe(
      canonicalJson(leafObject({ ...entry, context: null, actorId: null })),
    );
  });

  it('hashes with the RFC 6962 domain-separation prefixes', () => {
    const bytes = leafBytes(entry);
    expect(hashLeaf(bytes).toString('hex')).toBe(createHash('sha256').update(Buffer.concat([Buffer.from([0]), bytes])).digest('hex'));
    const [l, r] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
    expect(nodeHash(l, r).toString('hex')).toBe(createHash('sha256').update(Buffer.concat([Buffer.from([1]), l, r])).digest('hex'));
  });

  it('the chain starts from 32 zero bytes and binds each leaf to the one before', () => {
    const leaf = hashLeaf(leafBytes(entry));
    const first = chainHash(ZERO_HASH, leaf);
    expect(first.toString('hex')).toBe(createHash('sha256').update(Buffer.concat([Buffer.alloc(32), leaf])).digest('hex'));
    expect(chainHash(first, leaf).equals(first)).toBe(false);
  });
});

describe('leaf hash', () => {
  it('leafHash of an entry equals hashLeaf of its bytes (non-ASCII text included)', () => {
    const e = { ...entry, action: 'ré-vision ✓', context: { note: '监督' } };
    expect(leafHash(e).equals(hashLeaf(leafBytes(e)))).toBe(true);
  });
});
