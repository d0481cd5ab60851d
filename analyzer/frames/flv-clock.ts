/**
 * Maps a live FLV stream's timestamps to the wall clock. An FLV tag carries its time in the stream
 * (ms from the publisher's start); the wall-clock time of stream time 0 — the stream's origin —
 * is what every tag's arrival says, less how late it came: arrival − timestamp. The least late tag
 * tells it best. At pick-up the media server sends its cached GOP, seconds old, in one burst
 * (those tags say the origin is later than it is); live tags then arrive within milliseconds of
 * being sent. So the origin is the smallest arrival − timestamp seen over a sliding window (a
 * camera clock that drifts against ours — 0.1 ‰ is 9 s a day — is followed, and an early burst
 * ahead of real time is forgotten after the window).
 *
 * The FLV layout (header, then tags of 11 header bytes + body + 4-byte back pointer) is read
 * incrementally from the bytes as they arrive; bodies are skipped, nothing is copied.
 */
export type FlvClock = {
  /** Bytes of the stream as they arrive, at `arrivalMs` (wall clock). */
  push(chunk: Uint8Array, arrivalMs: number): void;
  /** Wall-clock ms of stream time 0, or null before the first video tag. */
  origin(): number | null;
  /** Video tags read so far. */
  tags(): number;
};

const HEADER_BYTES = 9 + 4; // 'FLV', version, flags, header size (9); first back pointer
const TAG_HEADER = 11;

export function createFlvClock(opts: { windowMs?: number; bucketMs?: number } = {}): FlvClock {
  const windowMs = opts.windowMs ?? 60_000;
  const bucketMs = opts.bucketMs ?? 10_000;
  // The minimum of each bucket of arrival time; the origin is the minimum of the buckets in the window.
  const buckets: { startMs: number; min: number }[] = [];
  let skipHeader = HEADER_BYTES;
  const head = new Uint8Array(TAG_HEADER);
  let headFill = 0;
  let skipBody = 0; // body + back pointer still to skip
  let videoTags = 0;

  const note = (ts: number, arrivalMs: number) => {
    videoTags++;
    const candidate = arrivalMs - ts;
    const last = buckets.at(-1);
    if (!last || arrivalMs - last.startMs >= bucketMs) buckets.push({ startMs: arrivalMs, min: candidate });
    else last.min = Math.min(last.min, candidate);
    while (buckets.length > 1 && arrivalMs - buckets[0].startMs > windowMs) buckets.shift();
  };

  return {
    push(chunk, arrivalMs) {
      let i = 0;
      while (i < chunk.length) {
        if (skipHeader > 0) {
          const n = Math.min(skipHeader, chunk.length - i);
          skipHeader -= n;
          i += n;
          continue;
        }
        if (skipBody > 0) {
          const n = Math.min(skipBody, chunk.length - i);
          skipBody -= n;
          i += n;
          continue;
        }
        const n = Math.min(TAG_HEADER - headFill, chunk.length - i);
        head.set(chunk.subarray(i, i + n), headFill);
        headFill += n;
        i += n;
        if (headFill < TAG_HEADER) break;
        headFill = 0;
        const type = head[0] & 0x1f;
        const size = (head[1] << 16) | (head[2] << 8) | head[3];
        // 24-bit timestamp with an 8-bit extension above it: ms, wrapping after 49.7 days.
        const ts = ((head[7] << 24) | (head[4] << 16) | (head[5] << 8) | head[6]) >>> 0;
        if (type === 9) note(ts, arrivalMs);
        skipBody = size + 4;
      }
    },
    origin: () => (buckets.length ? Math.min(...buckets.map((b) => b.min)) : null),
    tags: () => videoTags,
  };
}
