import { FLV_AUDIO, FLV_VIDEO, isAudioConfig, isKeyFrame, isVideoConfig, tagType } from '../recording/flv-tags.js';

/**
 * Live means now: a viewer that cannot keep up (slow network, a busy analyzer) must not be fed an
 * ever longer backlog of old pictures, nor make the streams process hold it in memory. Once more
 * than `highBytes` wait for that viewer, its audio and video tags are dropped until the next key
 * frame finds no more than `lowBytes` waiting; it then resumes on that key frame. Decoder
 * configurations and metadata always pass.
 */
export function createSlowViewerGate(opts: { highBytes: number; lowBytes: number; onSkip?: (buffered: number) => void }) {
  let dropping = false;
  let dropped = 0;
  let skips = 0;
  return {
    /** Whether to send this tag to a viewer that has `buffered` bytes still unsent. */
    admit(tag: Buffer, buffered: number): boolean {
      const type = tagType(tag);
      if ((type !== FLV_VIDEO && type !== FLV_AUDIO) || isVideoConfig(tag) || isAudioConfig(tag)) return true;
      if (!dropping && buffered > opts.highBytes) {
        dropping = true;
        skips++;
        opts.onSkip?.(buffered);
      }
      if (dropping && isKeyFrame(tag) && buffered <= opts.lowBytes) dropping = false;
      if (dropping) dropped++;
      return !dropping;
    },
    stats: () => ({ dropping, dropped, skips }),
  };
}
