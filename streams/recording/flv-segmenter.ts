import { fileMetadataTag, FLV_AUDIO, FLV_SCRIPT, isAudioConfig, isFlvHeader, isKeyFrame, isVideoConfig, tagTimestamp, tagType } from './flv-tags.js';

/** Where segments go: one open at a time, in order. */
export interface SegmentSink {
  open(seq: number, streamMs: number): void;
  write(buf: Buffer): void;
  close(seq: number, streamEndMs: number): void;
}

/**
 * Cuts a live FLV tag stream into segments of about `segmentMs`, each starting at a key frame
 * with the FLV header, metadata and codec configuration, so every segment plays alone and the
 * segments tile the stream with no gap. Stream copy: tags are written as received.
 */
export class FlvSegmenter {
  private header: Buffer | null = null;
  private meta: Buffer | null = null;
  private audioConfig: Buffer | null = null;
  private videoConfig: Buffer | null = null;
  private seq = 0;
  private open = false;
  private startMs = 0;
  private lastMs = 0;
  private sawVideo = false;

  constructor(
    private readonly sink: SegmentSink,
    private readonly segmentMs = 10_000,
  ) {}

  push(buf: Buffer): void {
    if (isFlvHeader(buf) && buf.length <= 13) {
      this.header = Buffer.from(buf);
      return;
    }
    const type = tagType(buf);
    if (type === FLV_SCRIPT) {
      this.meta = fileMetadataTag(buf);
      return;
    }
    if (isAudioConfig(buf)) {
      this.audioConfig = Buffer.from(buf);
      return;
    }
    if (isVideoConfig(buf)) {
      this.videoConfig = Buffer.from(buf);
      this.sawVideo = true;
      return;
    }
    const ts = tagTimestamp(buf);
    // A cut point: a key frame, or any audio tag of an audio-only stream.
    const cut = isKeyFrame(buf) || (!this.sawVideo && type === FLV_AUDIO);
    if (cut && (!this.open || ts - this.startMs >= this.segmentMs)) {
      if (this.open) this.sink.close(this.seq, ts);
      this.begin(ts);
    }
    if (!this.open) return; // nothing before the first key frame can be decoded
    this.sink.write(buf);
    this.lastMs = Math.max(this.lastMs, ts);
  }

  /** The stream ended: closes the open segment at the last tag's time. */
  end(): void {
    if (!this.open) return;
    this.open = false;
    this.sink.close(this.seq, this.lastMs);
  }

  private begin(ts: number): void {
    this.seq += 1;
    this.open = true;
    this.startMs = ts;
    this.lastMs = ts;
    this.sink.open(this.seq, ts);
    // The header says what the stream carries (node-media-server's always claims audio).
    const header = Buffer.from(this.header ?? [0x46, 0x4c, 0x56, 0x01, 0x05, 0, 0, 0, 9, 0, 0, 0, 0]);
    header[4] = (this.audioConfig ? 4 : 0) | (this.videoConfig ? 1 : 0) || header[4];
    this.sink.write(header);
    for (const h of [this.meta, this.audioConfig, this.videoConfig]) if (h) this.sink.write(h);
  }
}
