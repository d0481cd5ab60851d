import type { Context } from 'hono';
import type { BlobStore } from '../../core/blob/blob-store.js';
import type { AppEnv } from '../http/context.js';
import { readerOf, type RecordReader } from '../records/record-reader.js';
import type { MobileRecordingRow } from './mobile-recording.repository.js';
import type { MobileRecordingService } from './mobile-recording.service.js';

/**
 * Serves one uploaded field record (record kind 'mobile_recording', core/records/record-ref.ts) to a
 * person through the one read path (api/records): the access layer decides (scope, or an approved
 * grant for the case or the device's stretch, named on the read row), the read is logged before
 * the first byte and finished with the bytes sent.
 */
export async function serveMobileRecording(c: Context<AppEnv>, deps: { uploads: MobileRecordingService; records: RecordReader; blobs: BlobStore }, id: string): Promise<Response> {
  const who = readerOf(c);
  const download = c.req.query('download') === '1';
  let found: MobileRecordingRow | undefined;
  const read = { action: download ? ('download' as const) : ('view' as const), record: { kind: 'mobile_recording' as const, id } };
  const granted = await deps.records.authorize(who, {
    ...read,
    ask: {
      decided: async () => {
        const { row, grantId } = await deps.uploads.readable(who, id);
        found = row;
        return { resource: row.case_id ? { kind: 'case', id: row.case_id } : { kind: 'device', id: row.device_id! }, grantId };
      },
    },
  });
  const row = found!;
  const sha256 = row.sha256!;
  return deps.records.serve(
    who,
    { ...read, record: { ...read.record, sha256 }, deviceId: row.device_id, caseId: row.case_id, ask: { granted } },
    {
      body: () => deps.blobs.get(sha256),
      headers: {
        'content-type': row.media_type,
        'content-length': String(row.declared_size),
        'content-disposition': `${download ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(row.filename)}`,
        'cache-control': 'private, no-store',
        'x-content-sha256': sha256,
      },
    },
  );
}
