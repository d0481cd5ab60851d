import { describe, expect, it } from 'vitest';
import { assertObjectName, BACKUP_ID } from './backup-store.js';
import { formatBlobList, MANIFEST_FORMAT, parseBlobList, parseManifest } from './manifest.js';
import { newBackupId } from './run-backup.js';

describe('backup manifest and names', () => {
  it('the blob list reads back what was written and refuses a line it cannot read, naming it', () => {
    const blobs = [{ sha256: 'a'.repeat(64), size: 0 }, { sha256: 'b'.repeat(64), size: 123456789 }];
    expect(parseBlobList(formatBlobList(blobs))).toEqual(blobs);
    expect(() => parseBlobList(`${'a'.repeat(64)} 1\n${'g'.repeat(64)} 2\n`)).toThrow('blobs.txt line 2');
  });

  it('a manifest of another format or with a field missing is refused, naming the field', () => {
    expect(() => parseManifest('{"format":"other"}', 'backup x')).toThrow(/backup x: manifest.json is not a vigil-backup\/1 manifest \(format/);
    expect(() => parseManifest(JSON.stringify({ format: MANIFEST_FORMAT, id: 'x' }), 'backup x')).toThrow(/startedAt/);
    expect(() => parseManifest('not json', 'backup x')).toThrow('manifest.json is not JSON');
  });

  it('object names stay inside their backup; ids sort by time', () => {
    for (const bad of ['../keys/x', 'pgdata/../../etc', '/etc/passwd', 'a//b', 'a/./b', 'name with space']) expect(() => assertObjectName(bad), bad).toThrow('not a backup object name');
    for (const good of ['pgdata/base/5/2619_fsm', 'keys/ledger-ed25519.pem', 'backup_label']) expect(() => assertObjectName(good)).not.toThrow();
    const id = newBackupId(new Date('2026-12-05T18:41:07.123Z'));
    expect(id).toMatch(/^20261205T184107Z-[0-9a-f]{4}$/);
    expect(BACKUP_ID.test(id)).toBe(true);
  });
});
