import type { Kysely } from 'kysely';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import type { Database, FindingAttachmentRow, FindingStatus } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Caller } from '../http/request-context.js';
import type { Access } from '../access/access.service.js';
import { scopeOf } from '../access/scope.js';
import { checkUpload } from '../http/upload-type.js';
import type { FindingRepository, FindingView } from './finding.repository.js';
import { deliveryRepository as deliveries } from '../delivery/delivery.repository.js';
import { recordPixelOpen, recordPortalEvent } from '../delivery/portal-events.js';
import { findingEvent, ledgerFinding } from './finding-trail.js';

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENTS_MAX = 10;
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;


/**
 * The business's side of a finding: read it (a business only its own, staff their subtree),
 * attach files, and confirm or dispute it before the deadline. Every change is ledgered in the
 * transaction that makes it and announced as 'finding:changed'.
 */
export function createFindingPortalService(deps: { db: Kysely<Database>; repo: FindingRepository; access: Access; blobs: BlobStore; events: EventBus; now?: () => Date }) {
  const { db, repo, access, events } = deps;
  const now = deps.now ?? (() => new Date());
  const announce = (f: { id: string; flag_id: string; business_id: string; agency_id: string; status: string }) =>
    events.emit('finding:changed', { id: f.id, flagId: f.flag_id, businessId: f.business_id, agencyId: f.agency_id, status: f.status });

  async function load(caller: Caller, id: string): Promise<FindingView> {
    await access.require(caller, 'finding.read', { kind: 'finding', id });
    const f = await repo.get(scopeOf(caller.user), id);
    if (!f) throw new AppError('forbidden', ''); // in scope, but not visible to this caller (e.g. a draft)
    return f;
  }

  /** The business itself, able to answer now (status and deadline), or a clear refusal. */
  async function answerable(caller: Caller, id: string) {
    await access.require(caller, 'finding.answer', { kind: 'finding', id });
    const f = await load(caller, id);
    if (f.status !== 'notified') throw new AppError('conflict', 'finding.already_answered');
    if (now() >= new Date(f.respond_by)) throw new AppError('deadline_passed', 'finding.deadline_passed');
    return f;
  }

  return {
    load,
    list: (caller: Caller, filter: { status?: FindingStatus }, limit: number) => {
      return repo.list(access.scope(caller, 'finding.read'), filter, limit);
    },

    /**
     * The business opened its finding: the portal message of each of its notices (the first one,
     * and the officer's decision once there is one) is opened — a notification_opened evidence
     * event, the first time; a later look is the finding's 'viewed' step.
     */
    async open(caller: Caller, id: string) {
      const f = await load(caller, id);
      // Only the party's own look counts as the portal message being opened.
      if (!access.can(caller, 'finding.answer')) return f;
      let opened = false;
      for (const d of await deliveries.ofFinding(db, f.id)) if (await recordPortalEvent(db, caller, d.id, 'notification_opened', { once: true, via: 'finding_page' })) opened = true;
      if (!opened) await findingEvent(db, f.id, 'viewed', { type: 'user', id: caller.user.id });
      return f;
    },

    /** A notice e-mail's open pixel was fetched (links sent before the delivery module still work): that channel is opened, the first time. */
    openByToken: (token: string, ip: string | null) => recordPixelOpen(db, token, ip),

    async attach(caller: Caller, id: string, file: { bytes: Buffer; claimedType: string; filename: string }) {
      const f = await answerable(caller, id);
      if (file.bytes.length > ATTACHMENT_MAX_BYTES) throw new AppError('payload_too_large', '');
      const checked = checkUpload('file', file.bytes, file.claimedType, ATTACHMENT_TYPES, file.filename || undefined);
      if ('issue' in checked) throw new AppError('validation_failed', '', [checked.issue]);
      const type = checked.type;
      const count = await db.selectFrom('finding_attachments').select((eb) => eb.fn.countAll<string>().as('n')).where('finding_id', '=', f.id).executeTakeFirstOrThrow();
      if (Number(count.n) >= ATTACHMENTS_MAX) throw new AppError('conflict', 'finding.too_many_attachments');
      const blob = await deps.blobs.put(file.bytes, type);
      const filename = Array.from(file.filename, (ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch)).join('').slice(0, 200) || 'attachment';
      return db.transaction().execute(async (trx) => {
        await recordBlob(trx, { ...blob, mediaType: type });
        const att = await trx
          .insertInto('finding_attachments')
          .values({ finding_id: f.id, blob_sha256: blob.sha256, filename, media_type: type, size: blob.size, uploaded_by: caller.user.id })
          .returningAll()
          .executeTakeFirstOrThrow();
        await ledgerAttachment(trx, att, caller);
        return att;
      });
    },

    async respond(caller: Caller, id: string, input: { decision: 'confirm' | 'dispute'; statement: string; expectedVersion: number }) {
      const f = await answerable(caller, id);
      const statement = input.statement.trim();
      if (input.decision === 'dispute' && !statement) throw new AppError('validation_failed', '', [{ path: ['statement'], message: 'finding.statement_required' }]);
      const row = await db.transaction().execute(async (trx) => {
        const at = now();
        const updated = await trx
          .updateTable('findings')
          .set((eb) => ({ status: input.decision === 'confirm' ? 'confirmed' : 'disputed', statement: statement || null, responded_by: caller.user.id, responded_at: at, version: eb('version', '+', 1), updated_at: at }))
          .where('id', '=', f.id)
          .where('status', '=', 'notified')
          .where('version', '=', input.expectedVersion)
          .where('respond_by', '>', at)
          .returningAll()
          .executeTakeFirst();
        if (!updated) {
          const cur = await trx.selectFrom('findings').select(['version', 'status', 'respond_by']).where('id', '=', f.id).executeTakeFirstOrThrow();
          if (cur.status !== 'notified') throw new AppError('conflict', 'finding.already_answered');
          if (new Date(cur.respond_by) <= at) throw new AppError('deadline_passed', 'finding.deadline_passed');
          throw new AppError('version_conflict', '');
        }
        await ledgerFinding(trx, updated, input.decision === 'confirm' ? 'finding.confirmed' : 'finding.disputed', { type: 'user', id: caller.user.id }, caller.requestId);
        return updated;
      });
      announce(row);
      return row;
    },
  };
}

async function ledgerAttachment(trx: Kysely<Database>, att: FindingAttachmentRow, caller: Caller) {
  await appendLedger(trx, { actor: { type: 'user', id: caller.user.id }, requestId: caller.requestId, action: 'finding.attachment_added', entityType: 'finding_attachment', entityId: att.id, state: att, context: { findingId: att.finding_id } });
  await findingEvent(trx, att.finding_id, 'attachment_added', { type: 'user', id: caller.user.id }, { attachmentId: att.id, filename: att.filename, sha256: att.blob_sha256 });
}
export type FindingPortalService = ReturnType<typeof createFindingPortalService>;
