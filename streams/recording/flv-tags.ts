/** FLV tag helpers (tags as node-media-server emits them: 11-byte header, data, 4-byte back-pointer). */
export const FLV_AUDIO = 8;
export const FLV_VIDEO = 9;
export const FLV_SCRIPT = 18;

export function tagType(tag: Buffer): number {
  return tag[0] & 0x1f;
}

export function tagTimestamp(tag: Buffer): number {
  return ((tag[7] << 24) | (tag[4] << 16) | (tag[5] << 8) | tag[6]) >>> 0;
}

export function isFlvHeader(buf: Buffer): boolean {
  return buf.length >= 9 && buf[0] === 0x46 && buf[1] === 0x4c && buf[2] === 0x56;
}

/** AVC/HEVC sequence header (decoder configuration), not a picture. */
export function isVideoConfig(tag: Buffer): boolean {
  return tagType(tag) === FLV_VIDEO && tag.length > 12 && tag[12] === 0;
}

export function isKeyFrame(tag: Buffer): boolean {
  return tagType(tag) === FLV_VIDEO && tag.length > 11 && tag[11] >> 4 === 1 && !isVideoConfig(tag);
}

export function isAudioConfig(tag: Buffer): boolean {
  return tagType(tag) === FLV_AUDIO && tag.length > 12 && tag[11] >> 4 === 10 && tag[12] === 0;
}

/**
 * The metadata tag without RTMP's "@setDataFrame" prefix (a file's script tag starts with
 * "onMetaData"), so each segment reads as a plain FLV file.
 */
export function fileMetadataTag(tag: Buffer): Buffer {
  const prefix = Buffer.from([0x02, 0x00, 0x0d, ...Buffer.from('@setDataFrame', 'latin1')]);
  const data = tag.subarray(11, tag.length - 4);
  if (!data.subarray(0, prefix.length).equals(prefix)) return Buffer.from(tag);
  const body = data.subarray(prefix.length);
  const out = Buffer.alloc(11 + body.length + 4);
  tag.copy(out, 0, 0, 11);
  out.writeUIntBE(body.length, 1, 3);
  out.fill(0, 4, 8); // timestamp 0
  body.copy(out, 11);
  out.writeUInt32BE(11 + body.length, 11 + body.length);
  return out;
}

/** Walks whole tags of an FLV file (after its 13-byte header); stops at a truncated tail. */
export function* fileTags(file: Buffer): Generator<{ tag: Buffer; end: number }> {
  let at = 13;
  while (at + 11 <= file.length) {
    const size = file.readUIntBE(at + 1, 3);
    const end = at + 11 + size + 4;
    if (end > file.length) return;
    yield { tag: file.subarray(at, end), end };
    at = end;
  }
}
