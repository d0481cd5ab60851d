import { Readable } from 'node:stream';
import type { Context } from 'hono';
import type { BlobStore } from '../../core/blob/blob-store.js';
import type { AppEnv } from '../http/context.js';
import { callerOf } from '../http/request-context.js';
import type { MobileRecordingService } from './mobile-recording.service.js';

/**
 * Serves one uploaded field record (record kind 'mobile_recording', core/records/record-ref.ts) to a
 * person: the access layer decides (scope, or an approved grant for the case or the device's stretch),
 * then the bytes go out as stored. This is the one place that reads these bytes, kept as one function
 * so that it moves onto the one read path (api/records/: read log, watermark) when that lands.
 */
export async function serveMobileRecording(c: Context<AppEnv>, deps: { uploads: MobileRecordingService; blobs: BlobStore }, id: string): Promise<Response> {
  const { row } = await deps.uploads.readable(callerOf(c), id);
  const sha256 = row.sha256!;
  const stream = Readable.toWeb(await deps.blobs.get(sha256)) as ReadableStream;
  const download = c.req.query('download') === '1';
  return c.body(stream as never, 200, {
    'content-type': row.media_type,
    'content-length': String(row.declared_size),
    'content-disposition': `${download ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(row.filename)}`,
    'cache-control': 'private, no-store',
    'x-content-sha256': sha256,
  });
}
