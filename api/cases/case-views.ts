import { roleMay } from '../../core/access/permissions.js';
import { LIMITS } from '../../core/cases/limits.js';
import { fenToYuan } from '../../core/cases/major.js';
import { CHECKLIST_POINTS, checklistGaps, type Checklist } from '../../core/cases/checklist.js';
import { caseMajorReasons, nextActions, STAGES, type StageKind } from '../../core/cases/procedure.js';
import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import type { Access } from '../access/access.service.js';
import type { Caller } from '../http/request-context.js';
import { caseRepository as repo, type CaseListFilter } from './case.repository.js';
import { calendarFor, factsOf, latestClocks, loadBundle, paymentOf, ruleOf } from './case-facts.js';
import { closingGaps } from '../../core/cases/completeness.js';
import { LATE_FEE_BASIS } from '../../core/cases/payment.js';
import { RETENTION_BASIS, RETENTION_CLASSES, suggestedRetention, partyObjected } from '../../core/cases/archive.js';
import { secondsLeft } from '../../core/calendar/calendar.js';
import type { ArchiveReads } from './archive-reads.js';
import { closingRepository as closing } from './closing.repository.js';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/**
 * What the officer's case workspace draws, in one call (R8): the case and its party, the
 * timeline of stages with actors and documents, the evidence with its checklist and links to
 * clips, participants, the next actions for this user (each allowed, or the rule that stops
 * it), and every running limit with its due time and seconds left. Also the case list and the
 * unit head's and legal reviewer's queues.
 */
export function createCaseViews(deps: { db: Db; access: Access; reads: ArchiveReads; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  return {
    async workspace(caller: Caller, id: string) {
      await deps.access.require(caller, 'case.read', { kind: 'case', id });
      const row = await repo.get(deps.db, id);
      if (!row) throw new AppError('not_found', '');
      // A read of an archived case is logged before anything is shown (001 §24).
      const archive = await closing.archive(deps.db, id);
      if (archive) await deps.reads.log(caller, id, 'workspace');
      const at = now();
      const [bundle, cal, business, docs, flags] = await Promise.all([loadBundle(deps.db, row), calendarFor(deps.db, row), repo.business(deps.db, row.business_id), repo.documents(deps.db, id), repo.caseFlags(deps.db, id)]);
      const facts = factsOf(bundle, cal, at);
      const pay = paymentOf(bundle, cal, at);
      const seesReads = roleMay(caller.user.role, ['record.archive', 'case.approve']);
      const reads = archive && seesReads ? await closing.reads(deps.db, id) : [];
      const users = new Map((await repo.users(deps.db, [...new Set([...bundle.stages.map((s) => s.actor_id), ...bundle.evidence.map((e) => e.reviewed_by).filter((x): x is string => !!x), ...bundle.payments.map((p) => p.recorded_by)])])).map((u) => [u.id, u]));
      const rules = new Map(bundle.clocks.map((r) => [r.id, ruleOf(r)]));
      const clocks = Object.values(latestClocks(bundle, cal, at)).map((k) => ({
        id: k.id,
        kind: k.kind,
        label: k.label,
        basis: k.basis,
        limit: k.limit,
        startedAt: iso(k.startedAt)!,
        dueAt: iso(k.dueAt),
        stoppedAt: iso(k.stoppedAt),
        paused: k.paused,
        extendedBy: k.extendedBy,
        secondsLeft: k.secondsLeft,
        overdue: k.overdue,
        owner: k.owner,
        // What the head may pause and an officer may ask to extend: only what the law allows (the clock's rule, as the service checks it).
        pausable: !!rules.get(k.id)?.pausable,
        extendable: !!rules.get(k.id)?.extension,
        extensions: bundle.extensions.filter((e) => e.clock_id === k.id).map((e) => ({ id: e.id, amount: e.amount, status: e.status, reason: e.reason, requestedAt: iso(e.requested_at)!, decidedAt: iso(e.decided_at) })),
        pauses: bundle.pauses.filter((p) => p.clock_id === k.id).map((p) => ({ id: p.id, from: iso(p.from_at)!, to: iso(p.to_at), reason: p.reason })),
      }));
      // The party's fifteen days to pay run from service (行政处罚法 art. 67 ¶3): shown as a clock of its own.
      if (pay?.dueAt && pay.servedAt) {
        const stopped = pay.paidFen >= pay.principalFen ? at : null;
        clocks.push({ id: `payment:${row.id}`, kind: 'payment', label: LIMITS.payment.label, basis: LIMITS.payment.basis, limit: { amount: LIMITS.payment.amount, unit: LIMITS.payment.unit }, startedAt: iso(pay.servedAt)!, dueAt: iso(pay.dueAt), stoppedAt: iso(stopped), paused: false, extendedBy: 0, secondsLeft: stopped ? null : secondsLeft(pay.dueAt, at), overdue: pay.overdue, owner: 'party', pausable: false, extendable: false, extensions: [], pauses: [] });
      }
      return {
        case: {
          id: row.id,
          state: row.state,
          procedure: row.procedure,
          source: row.source,
          sourceRecord: row.source_record,
          cause: row.cause,
          category: row.category,
          partyKind: row.party_kind,
          version: row.version,
          acceptedAt: iso(row.accepted_at)!,
          filedAt: iso(row.filed_at),
          decidedAt: iso(row.decided_at),
          closedAt: iso(row.closed_at),
          archivedAt: iso(archive?.archived_at),
          investigators: row.investigators,
          flagIds: flags.map((f) => f.flag_id),
          findingIds: flags.map((f) => f.finding_id).filter((x): x is string => !!x),
          major: caseMajorReasons(facts),
        },
        party: business ? { id: business.id, name: business.name, creditCode: business.credit_code, address: business.address, agencyName: business.agency_name } : null,
        timeline: bundle.stages.map((s) => ({
          id: s.id,
          seq: s.seq,
          kind: s.kind,
          zh: STAGES[s.kind as StageKind]?.zh ?? s.kind,
          at: iso(s.at)!,
          actor: { id: s.actor_id, name: users.get(s.actor_id)?.display_name ?? null, role: users.get(s.actor_id)?.role ?? null },
          officers: s.officers,
          participants: s.participants,
          fields: s.fields,
          evidenceIds: s.evidence_ids,
          // The party's files (sent with its statement online) open through the case.
          media: s.media.map((m) => (typeof m.fileId === 'string' ? { ...m, url: `/api/cases/${id}/party-files/${m.fileId}` } : m)),
          byParty: s.fields.channel === 'online',
          from: s.from_state,
          to: s.to_state,
          documents: docs.filter((d) => d.stage_id === s.id).map((d) => ({ id: d.document_id, kind: d.kind, number: d.number, version: d.version, sha256: d.sha256, issuedAt: iso(d.issued_at)! })),
        })),
        evidence: bundle.evidence.map((e) => {
          const gaps = checklistGaps(e.checklist as Checklist);
          const src = e.source as Record<string, unknown>;
          return {
            id: e.id,
            kind: e.kind,
            title: e.title,
            flagId: e.flag_id,
            source: src,
            checklist: CHECKLIST_POINTS.map((p) => ({ point: p, ...((e.checklist as Checklist)[p] ?? { met: null, note: null }) })),
            complete: e.checklist_complete,
            unanswered: gaps.unanswered,
            reviewedBy: e.reviewed_by ? (users.get(e.reviewed_by)?.display_name ?? null) : null,
            reviewedAt: iso(e.reviewed_at),
            version: e.version,
            link:
              e.kind === 'clip' && e.flag_id
                ? `/api/flags/${e.flag_id}/clip.mp4${src.version ? `?version=${String(src.version)}` : ''}`
                : e.kind === 'snapshot' && e.flag_id
                  ? `/api/flags/${e.flag_id}/snapshot.jpg`
                  : e.kind === 'upload' && typeof src.fileId === 'string'
                    ? `/api/cases/${id}/party-files/${src.fileId}`
                    : null,
          };
        }),
        participants: bundle.stages.flatMap((s) => s.participants.map((p) => ({ ...p, stageId: s.id, stage: s.kind }))),
        documents: docs.map((d) => ({ id: d.document_id, kind: d.kind, number: d.number, version: d.version, stageId: d.stage_id, issuedAt: iso(d.issued_at)! })),
        clocks,
        nextActions: row.state === 'closed' || row.state === 'not_filed' ? [] : nextActions(facts, { id: caller.user.id, may: (p) => roleMay(caller.user.role, p) }, at, cal),
        payment: pay && {
          principalYuan: fenToYuan(pay.principalFen),
          fineYuan: fenToYuan(pay.fineFen),
          servedAt: iso(pay.servedAt),
          dueAt: iso(pay.dueAt),
          paidYuan: fenToYuan(pay.paidFen),
          lateFee: { days: pay.lateFee.days, yuan: fenToYuan(pay.lateFee.feeFen), capped: pay.lateFee.capped, basis: LATE_FEE_BASIS },
          owedYuan: fenToYuan(pay.owedFen),
          settled: pay.settled,
          overdue: pay.overdue,
          // Recorded while the case is open and not archived, by who records stages.
          canRecord: ['decided', 'reported', 'enforcing'].includes(row.state) && !archive && roleMay(caller.user.role, 'case.act'),
          entries: bundle.payments.map((p) => ({ id: p.id, kind: p.kind, amountYuan: p.amount_fen === null ? null : fenToYuan(Number(p.amount_fen)), paidOn: p.paid_on, reference: p.reference, file: p.file_sha256 ? { name: p.file_name, link: `/api/cases/${row.id}/payments/${p.id}/file` } : null, note: p.note, recordedAt: iso(p.recorded_at)!, recordedBy: users.get(p.recorded_by)?.display_name ?? null })),
        },
        // What closing would lack now (the closing action is refused with this list).
        closing: ['decided', 'reported', 'enforcing'].includes(row.state) ? { missing: closingGaps(facts) } : null,
        archive: archive
          ? { id: archive.id, archiveNo: archive.archive_no, archivedAt: iso(archive.archived_at)!, retentionClass: archive.retention_class, destroyFrom: archive.destroy_from, label: archive.label, note: archive.note, reads: reads.map((r) => ({ at: iso(r.recorded_at)!, who: r.display_name ?? r.actor_id, role: r.role, what: (r.context as { what?: string } | null)?.what ?? null })) }
          : null,
        archiving:
          (row.state === 'closed' || row.state === 'not_filed') && !archive
            ? { suggested: suggestedRetention(facts), objected: partyObjected(facts), classes: Object.entries(RETENTION_CLASSES).map(([key, v]) => ({ key, zh: v.zh, years: v.years })), basis: RETENTION_BASIS, canArchive: roleMay(caller.user.role, 'record.archive') }
            : null,
      };
    },

    async list(caller: Caller, { regionId, ...f }: CaseListFilter & { regionId?: string }) {
      const scope = await deps.access.regionScope(caller, 'case.read', regionId);
      const at = now();
      const [rows, counts] = await Promise.all([repo.list(deps.db, scope, f, at), repo.counts(deps.db, scope, at)]);
      return {
        items: rows.map((r) => ({ id: r.id, state: r.state, procedure: r.procedure, cause: r.cause, source: r.source, version: r.version, businessId: r.business_id, businessName: r.business_name, agencyName: r.agency_name, investigators: r.investigators, acceptedAt: iso(r.accepted_at)!, filedAt: iso(r.filed_at), decidedAt: iso(r.decided_at), closedAt: iso(r.closed_at), nextDueAt: iso(r.next_due_at as Date | null), overdue: Number(r.overdue_clocks ?? 0) > 0 })),
        counts: {
          byState: Object.fromEntries(counts.map((c) => [c.state, Number(c.total)])),
          total: counts.reduce((n, c) => n + Number(c.total), 0),
          overdue: counts.reduce((n, c) => n + Number(c.overdue), 0),
        },
      };
    },

    /** Who may be named on a case: officers (investigators, with certificate numbers), heads and legal reviewers in scope. */
    async staff(caller: Caller) {
      const rows = await repo.staff(deps.db, deps.access.scope(caller, 'case.read'));
      return { items: rows.map((r) => ({ id: r.id, name: r.display_name, role: r.role, certificateNo: r.certificate_no, agencyName: r.agency_name })) };
    },

    async approvals(caller: Caller) {
      const rows = await repo.approvals(deps.db, deps.access.scope(caller, 'case.approve'));
      return { items: rows.map((r) => ({ id: r.id, state: r.state, cause: r.cause, version: r.version, businessName: r.business_name, pendingExtensions: Number(r.pending_extensions ?? 0), since: iso(r.updated_at)! })) };
    },

    /** The archivist's queue (待归档): closed cases waiting, soonest due first, and those archived lately. */
    async archiveQueue(caller: Caller) {
      const scope = deps.access.scope(caller, 'record.archive');
      const at = now();
      const [rows, done] = await Promise.all([closing.queue(deps.db, scope), closing.archived(deps.db, scope)]);
      return {
        items: rows.map((r) => ({ id: r.id, cause: r.cause, procedure: r.procedure, version: r.version, businessName: r.business_name, agencyName: r.agency_name, closedAt: iso(r.closed_at ?? r.updated_at), dueAt: iso(r.due_at), secondsLeft: r.due_at ? secondsLeft(new Date(r.due_at), at) : null, overdue: !!r.due_at && new Date(r.due_at).getTime() < at.getTime() })),
        archived: done.map((r) => ({ id: r.id, cause: r.cause, businessName: r.business_name, archiveNo: r.archive_no, archivedAt: iso(r.archived_at)!, retentionClass: r.retention_class, destroyFrom: r.destroy_from })),
      };
    },

    async reviews(caller: Caller) {
      const rows = await repo.reviews(deps.db, deps.access.scope(caller, 'legal_review.perform'));
      const at = now();
      return { items: rows.map((r) => ({ id: r.id, state: r.state, cause: r.cause, version: r.version, businessName: r.business_name, submittedAt: iso(r.started_at)!, dueAt: iso(r.due_at), secondsLeft: r.due_at ? Math.trunc((new Date(r.due_at).getTime() - at.getTime()) / 1000) : null })) };
    },
  };
}
export type CaseViews = ReturnType<typeof createCaseViews>;
