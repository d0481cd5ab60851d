import { NmsBaseSession, type NmsBroadcast, type NmsSession } from '../ingest/media-server.js';
import { FlvSegmenter } from './flv-segmenter.js';

/**
 * An in-process subscriber of one broadcast: receives whole FLV tags (header, metadata, codec
 * configuration, GOP cache, then live) and feeds the segmenter. No ffmpeg per stream.
 */
export function attachRecorder(broadcast: NmsBroadcast, segmenter: FlvSegmenter, onTag?: (tag: Buffer) => void): () => void {
  const sub = new NmsBaseSession() as NmsSession;
  sub.protocol = 'flv';
  sub.ip = ''; // internal: node-media-server raises no events and no auth for it
  sub.sendBuffer = (buf: Buffer) => {
    segmenter.push(buf);
    onTag?.(buf);
  };
  const err = broadcast.postPlay(sub);
  if (err) throw new Error(`recorder could not subscribe: ${err}`);
  let detached = false;
  return () => {
    if (detached) return;
    detached = true;
    broadcast.donePlay(sub);
    segmenter.end();
  };
}
