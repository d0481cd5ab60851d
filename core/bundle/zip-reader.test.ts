import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bufferSource, entryDataOffset, readZipDirectory, ZipError } from './zip-reader.js';

const zip = Buffer.from(
  zipSync({
    'manifest.json': [new TextEncoder().encode('{"format":"x"}'), { level: 6 }],
    'evidence/01-clip/clip-v1.mp4': [new Uint8Array(5000).fill(7), { level: 0 }],
    'keys/': {},
  }),
);

describe('zip directory', () => {
  it('lists the files (not the folders) with their method, sizes and where their bytes start', async () => {
    const src = bufferSource(zip);
    const entries = await readZipDirectory(src);
    expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
      ['manifest.json', 8, 14],
      ['evidence/01-clip/clip-v1.mp4', 0, 5000],
    ]);
    const clip = entries[1];
    const at = await entryDataOffset(src, clip);
    expect([...zip.subarray(at, at + clip.compressedSize)].every((b) => b === 7)).toBe(true);
  });

  it('says a zip cut short is cut short, and that other bytes are not a zip', async () => {
    const cut = readZipDirectory(bufferSource(zip.subarray(0, zip.length - 30)));
    await expect(cut).rejects.toBeInstanceOf(ZipError);
    await expect(cut).rejects.toThrow(/cut short/);
    await expect(readZipDirectory(bufferSource(Buffer.from('short')))).rejects.toThrow(/too short/);
    await expect(readZipDirectory(bufferSource(Buffer.alloc(4000, 0x41)))).rejects.toThrow(/not a complete zip/);
  });

  it('names a file whose bytes run past the data (its table kept, its body cut)', async () => {
    const entries = await readZipDirectory(bufferSource(zip));
    const clip = entries[1];
    // Keep the end of the archive (table of contents) but claim the clip is longer than the data before it.
    const forged = Buffer.from(zip);
    const cdStart = forged.readUInt32LE(forged.length - 22 + 16);
    let p = cdStart;
    for (;;) {
      const nameLen = forged.readUInt16LE(p + 28);
      if (forged.subarray(p + 46, p + 46 + nameLen).toString() === clip.name) break;
      p += 46 + nameLen + forged.readUInt16LE(p + 30) + forged.readUInt16LE(p + 32);
    }
    forged.writeUInt32LE(clip.compressedSize + 1_000_000, p + 20);
    await expect(readZipDirectory(bufferSource(forged))).rejects.toThrow(/evidence\/01-clip\/clip-v1\.mp4: its bytes run past/);
  });
});
