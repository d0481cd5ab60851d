import { describe, expect, it } from 'vitest';
import { FlvSegmenter, type SegmentSink } from './flv-segmenter.js';
import { fileMetadataTag, tagTimestamp } from './flv-tags.js';

function tag(type: number, ts: number, data: number[]): Buffer {
  const b = Buffer.alloc(11 + data.length + 4);
  b[0] = type;
  b.writeUIntBE(data.length, 1, 3);
  b[4] = (ts >> 16) & 0xff;
  b[5] = (ts >> 8) & 0xff;
  b[6] = ts & 0xff;
  b[7] = (ts >> 24) & 0xff;
  Buffer.from(data).copy(b, 11);
  b.writeUInt32BE(11 + data.length, 11 + data.length);
  return b;
}
const header = Buffer.from([0x46, 0x4c, 0x56, 1, 5, 0, 0, 0, 9, 0, 0, 0, 0]);
const avcConfig = tag(9, 0, [0x17, 0x00, 1, 2, 3]);
const key = (ts: number) => tag(9, ts, [0x17, 0x01, 9, 9]);
const inter = (ts: number) => tag(9, ts, [0x27, 0x01, 8, 8]);

class Sink implements SegmentSink {
  segs: { seq: number; start: number; end?: number; bufs: Buffer[] }[] = [];
  open(seq: number, streamMs: number) {
    this.segs.push({ seq, start: streamMs, bufs: [] });
  }
  write(buf: Buffer) {
    this.segs.at(-1)!.bufs.push(buf);
  }
  close(seq: number, end: number) {
    this.segs.find((s) => s.seq === seq)!.end = end;
  }
}

describe('FLV segmenter', () => {
  it('cuts at the first key frame after the length; each segment starts with header + config + key frame; segments tile', () => {
    const sink = new Sink();
    const seg = new FlvSegmenter(sink, 2000);
    seg.push(header);
    seg.push(avcConfig);
    seg.push(inter(0)); // before any key frame: undecodable, dropped
    for (let ts = 0; ts <= 5000; ts += 500) seg.push(ts % 1000 === 0 ? key(ts) : inter(ts));
    seg.end();
    expect(sink.segs.map((s) => [s.start, s.end])).toEqual([
      [0, 2000],
      [2000, 4000],
      [4000, 5000],
    ]);
    for (const s of sink.segs) {
      expect(s.bufs[0]).toEqual(Buffer.from([0x46, 0x4c, 0x56, 1, 1, 0, 0, 0, 9, 0, 0, 0, 0])); // video only: no audio flag
      expect(s.bufs[1]).toEqual(avcConfig);
      expect(s.bufs[2][11] >> 4).toBe(1); // a key frame opens every segment
    }
    expect(sink.segs[0].bufs.map((b) => (b.length > 13 ? tagTimestamp(b) : -1))).toEqual([-1, 0, 0, 500, 1000, 1500]);
  });

  it("strips RTMP's @setDataFrame from the metadata and keeps the rest of it", () => {
    const amf = [0x02, 0x00, 0x0d, ...Buffer.from('@setDataFrame'), 0x02, 0x00, 0x0a, ...Buffer.from('onMetaData'), 0x08, 0, 0, 0, 0];
    const fixed = fileMetadataTag(tag(18, 0, amf));
    expect(fixed.subarray(11, 11 + 13)).toEqual(Buffer.from([0x02, 0x00, 0x0a, ...Buffer.from('onMetaData')]));
    expect(fixed.readUIntBE(1, 3)).toBe(amf.length - 16);
    expect(fixed.readUInt32BE(fixed.length - 4)).toBe(fixed.length - 4);
  });
});
