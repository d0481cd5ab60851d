import type { Context } from 'hono';
import type { Logger } from '../../core/log.js';
import { AppError } from '../../core/errors.js';
import type { Permission } from '../../core/access/permissions.js';
import type { ReadAction, RecordRef } from '../../core/records/record-ref.js';
import type { Access } from '../access/access.service.js';
import type { GrantedRecord, Resource } from '../access/access.repository.js';
import type { Owner } from '../access/scope.js';
import type { AppEnv, AuthUser } from '../http/context.js';
import { callerOf } from '../http/request-context.js';
import { meteredStream, type Source } from './metered-stream.js';
import type { NewRead, RecordReadsRepository } from './record-reads.repository.js';

/** Who reads, from where: the caller of a request plus his user agent. */
export type Reader = { user: AuthUser; requestId: string; ip: string | null; userAgent: string | null };
export const readerOf = (c: Context<AppEnv>): Reader => ({ ...callerOf(c), userAgent: c.req.header('user-agent')?.slice(0, 500) ?? null });

/**
 * How the read asks the access layer:
 * - `record`: a stretch of a device's recording, a case or a document — requireRecord, so an
 *   approved 调用单 lets a read outside one's scope pass, and the row carries the grant;
 * - `resource`: any other record — require (scope only);
 * - `resource` with `grantId`: a re-serve of what an earlier read prepared under a grant — the
 *   grant is checked again (requireGrant), else the scope;
 * - `granted`: asked already with authorize() by the same route;
 * - `decided`: a service of the record's own module asks the access layer (its refusal is logged
 *   here the same way) and says whose the record is.
 */
export type AccessAsk =
  | { permission: Permission; record: GrantedRecord }
  | { permission: Permission; resource: Resource; grantId?: string | null }
  | { decided: () => Promise<{ owner?: Owner | null; resource?: Resource; grantId?: string | null }> }
  /** Asked already through authorize() (a route that needs what the check returns before it can serve). */
  | { granted: Granted };

export type ReadRequest = {
  action: ReadAction;
  record: RecordRef;
  ask: AccessAsk;
  deviceId?: string | null;
  caseId?: string | null;
  exportId?: string | null;
};

export type Granted = { owner: Owner | null; grantId: string | null };

/** An open read: its row is written; `finish` sets the bytes once. */
export type OpenRead = Granted & { id: string; finish: (bytes: number) => void };

export type Serve = {
  /** The bytes, opened only after the read is logged. */
  body: () => Promise<Source>;
  headers: Record<string, string>;
  status?: number;
  /** A step between the stored bytes and the reader (a watermark): what it returns is what is sent and counted. */
  transform?: (source: Source) => Promise<Source>;
  /** Told the bytes sent when the response ends (a module's own view record). */
  onEnd?: (bytes: number) => void;
};

const reasonOf = (err: AppError) => err.refusal?.code ?? 'forbidden';

/**
 * The one way a record served to a person leaves the platform (issue 15 item 1; R12; seeds
 * 001 §24, 002-音像 §24–§25, 003 §18: every draw of a record is registered): it asks the access
 * layer, writes the read log row (record_reads) before the first byte, streams and counts the
 * bytes, and finishes the row once. A refusal is a 'denied' row, then the same 403 as before.
 */
export function createRecordReader(deps: { access: Access; repo: RecordReadsRepository; log: Logger }) {
  const { access, repo, log } = deps;

  const rowOf = (who: Reader, req: ReadRequest, g: Granted | null): NewRead => ({
    user_id: who.user.id,
    user_name: who.user.displayName || who.user.username,
    role: who.user.role,
    action: req.action,
    outcome: 'served',
    denied_reason: null,
    record_kind: req.record.kind,
    record_id: req.record.id,
    sha256: req.record.sha256 ?? null,
    window_from: req.record.window?.from ?? null,
    window_to: req.record.window?.to ?? null,
    device_id: req.deviceId ?? null,
    case_id: req.caseId ?? null,
    business_id: g?.owner?.businessId ?? null,
    agency_path: g?.owner?.agencyPath ?? null,
    grant_id: g?.grantId ?? null,
    export_id: req.exportId ?? null,
    ip: who.ip,
    user_agent: who.userAgent,
    request_id: who.requestId,
  });

  async function ask(who: Reader, a: AccessAsk): Promise<Granted> {
    if ('granted' in a) return a.granted;
    if ('decided' in a) {
      const d = await a.decided();
      const owner = d.owner !== undefined ? d.owner : d.resource ? await access.ownerOf(d.resource) : null;
      return { owner, grantId: d.grantId ?? null };
    }
    if ('record' in a) return access.requireRecord(who, a.permission, a.record);
    if (a.grantId) {
      await access.requireGrant(who, a.grantId);
      return { owner: await access.ownerOf(a.resource), grantId: a.grantId };
    }
    return { owner: await access.require(who, a.permission, a.resource), grantId: null };
  }

  /** Whose the record asked for is, where the ask names it (no scope check: only to log a refusal under its owner). */
  async function ownerOfAsk(a: AccessAsk): Promise<Owner | null> {
    if ('record' in a) return access.ownerOf({ kind: a.record.kind, id: a.record.id });
    if ('resource' in a) return access.ownerOf(a.resource);
    if ('granted' in a) return a.granted.owner;
    return null;
  }

  /** Asks the access layer; a refusal writes its denied row, then is thrown on as it was. */
  async function authorize(who: Reader, req: ReadRequest): Promise<Granted> {
    try {
      return await ask(who, req.ask);
    } catch (err) {
      if (err instanceof AppError && err.code === 'forbidden') {
        const at = new Date();
        // The refusal is logged under the record's owner, so the head of the unit that owns it sees who was refused.
        const owner = await ownerOfAsk(req.ask).catch(() => null);
        await repo.insert({ ...rowOf(who, req, { owner, grantId: null }), outcome: 'denied', denied_reason: reasonOf(err), bytes: 0, finished_at: at });
      }
      throw err;
    }
  }

  async function logRead(who: Reader, req: ReadRequest, g: Granted): Promise<OpenRead> {
    const id = await repo.insert(rowOf(who, req, g));
    let done = false;
    const finish = (bytes: number) => {
      if (done) return;
      done = true;
      repo.finish(id, bytes).catch((err: unknown) => log.error({ err, readId: id }, 'could not finish a read log row'));
    };
    return { ...g, id, finish };
  }

  return {
    authorize,
    /** Authorizes and logs a read whose bytes the caller sends himself (a zip being written); he calls finish once. */
    async open(who: Reader, req: ReadRequest): Promise<OpenRead> {
      return logRead(who, req, await authorize(who, req));
    },
    /**
     * Asks, opens the bytes, logs the read, then streams the bytes counted; the row is finished
     * once when the response ends (read to the end, left early, or failed). Bytes that cannot be
     * opened (a missing blob, a camera gone offline) were never read: no row.
     */
    async serve(who: Reader, req: ReadRequest, out: Serve): Promise<Response> {
      const g = await authorize(who, req);
      let source = await out.body();
      let read: OpenRead;
      try {
        if (out.transform) source = await out.transform(source);
        read = await logRead(who, req, g);
      } catch (err) {
        destroy(source);
        throw err;
      }
      const body = meteredStream(source, (bytes, err) => {
        if (err) log.warn({ err, readId: read.id }, 'a record stream failed while being read');
        read.finish(bytes);
        out.onEnd?.(bytes);
      });
      return new Response(body, { status: out.status ?? 200, headers: { ...out.headers, 'x-vigil-read': read.id } });
    },
  };
}
export type RecordReader = ReturnType<typeof createRecordReader>;

function destroy(source: Source) {
  if ('destroy' in source) source.destroy();
  else source.cancel().catch(() => undefined);
}
