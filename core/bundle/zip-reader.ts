import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

/**
 * Reads a zip's table of contents (the central directory) and streams each entry's bytes, from a
 * file, without loading it: enough for bundles of an hour of video. Stored and deflated entries
 * (what any zip tool writes) are read; a file cut short, or not a zip, is a ZipError in words.
 */
export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

export type ZipEntry = {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
};

/** Random access to the zip's bytes (a file, or a buffer in tests). */
export type ZipSource = { size: number; read(offset: number, length: number): Promise<Buffer> };

const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;
const MAX_COMMENT = 0xffff;

export function bufferSource(buf: Buffer): ZipSource {
  return { size: buf.length, read: async (offset, length) => buf.subarray(offset, offset + length) };
}

export async function fileSource(file: string): Promise<ZipSource & { close(): Promise<void> }> {
  const fh: FileHandle = await open(file, 'r');
  const { size } = await fh.stat();
  return {
    size,
    async read(offset, length) {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    },
    close: () => fh.close(),
  };
}

/** The entries listed in the zip's central directory (folders left out), checked against the file's length. */
export async function readZipDirectory(src: ZipSource): Promise<ZipEntry[]> {
  if (src.size < 22) throw new ZipError(`not a zip file: ${src.size} bytes is too short to hold one`);
  const tailLen = Math.min(src.size, 22 + MAX_COMMENT);
  const tail = await src.read(src.size - tailLen, tailLen);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipError('not a complete zip file: its end record is missing (the file is cut short, or is not a zip)');
  const count = tail.readUInt16LE(at + 10);
  const cdSize = tail.readUInt32LE(at + 12);
  const cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ZipError('zip64 archives are not supported (a case bundle is a plain zip)');
  const eocdOffset = src.size - tailLen + at;
  if (cdOffset + cdSize > eocdOffset) throw new ZipError('not a complete zip file: its table of contents points past its end (the file is cut short)');
  const cd = await src.read(cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CEN) throw new ZipError(`damaged zip file: entry ${i + 1} of its table of contents is unreadable`);
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const compressedSize = cd.readUInt32LE(p + 20);
    const size = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const localOffset = cd.readUInt32LE(p + 42);
    const raw = cd.subarray(p + 46, p + 46 + nameLen);
    // Bit 11: UTF-8 names. Without it the name is CP437; ours are ASCII, where both agree.
    const name = flags & 0x800 ? raw.toString('utf8') : raw.toString('latin1');
    p += 46 + nameLen + extraLen + commentLen;
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) throw new ZipError(`${name}: zip64 entries are not supported`);
    if (flags & 0x1) throw new ZipError(`${name}: encrypted entries are not supported`);
    if (name.endsWith('/')) continue;
    if (seen.has(name)) throw new ZipError(`${name}: the zip holds two files of this name`);
    seen.add(name);
    if (localOffset + 30 + compressedSize > cdOffset) throw new ZipError(`${name}: its bytes run past the end of the data (the file is cut short)`);
    entries.push({ name, method, compressedSize, size, localOffset });
  }
  return entries;
}

/** Where the entry's (compressed) bytes start: after its local header. */
export async function entryDataOffset(src: ZipSource, e: ZipEntry): Promise<number> {
  const h = await src.read(e.localOffset, 30);
  if (h.length < 30 || h.readUInt32LE(0) !== LOC) throw new ZipError(`${e.name}: its local header is missing (damaged zip file)`);
  const start = e.localOffset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
  if (start + e.compressedSize > src.size) throw new ZipError(`${e.name}: its bytes run past the end of the file (the file is cut short)`);
  return start;
}

/** The entry's uncompressed bytes as a stream, read from `file`. */
export function entryStream(file: string, e: ZipEntry, dataOffset: number): Readable {
  if (e.method !== 0 && e.method !== 8) throw new ZipError(`${e.name}: compression method ${e.method} is not supported (only stored and deflated)`);
  if (e.compressedSize === 0) return Readable.from([]);
  const raw = createReadStream(file, { start: dataOffset, end: dataOffset + e.compressedSize - 1, highWaterMark: 1 << 20 });
  if (e.method === 0) return raw;
  const inflate = createInflateRaw();
  raw.on('error', (err) => inflate.destroy(err));
  return raw.pipe(inflate);
}
