import { randomBytes } from 'node:crypto';
import { shanghaiDay } from '../../core/calendar/calendar.js';
import { loadCalendar } from '../../core/calendar/calendar.repository.js';
import type { Db } from '../../core/db/connect.js';
import type { DecisionChangeKind, PublicationStatus } from '../../core/db/database.js';
import { composeDecision, type DecisionParty } from '../../core/disclosure/compose.js';
import { checkText, maskText, type Known } from '../../core/disclosure/mask.js';
import { PUBLICATION_REFUSALS, unmaskedIssues } from '../../core/disclosure/publication-rules.js';
import { withdrawalDueAt } from '../../core/disclosure/withdrawal.js';
import type { Penalty } from '../../core/documents/case-templates/fields.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Access } from '../access/access.service.js';
import { partyOf, penaltiesOf, provisionsOf } from '../cases/document-fields/context.js';
import { actorOf, type Caller } from '../http/request-context.js';
import { publicationView } from './publication.view.js';
import type { PublicationRepository, PublicationRow } from './publication.repository.js';

import type { PublicationRequester } from '../../core/disclosure/publication-request.js';
export type { PublicationRequest, PublicationRequester } from '../../core/disclosure/publication-request.js';

const ENTITY = 'publication';
const conflict = (r: (typeof PUBLICATION_REFUSALS)[keyof typeof PUBLICATION_REFUSALS]) => new AppError('conflict', r.message, undefined, { ...r });
const procedure = (r: (typeof PUBLICATION_REFUSALS)[keyof typeof PUBLICATION_REFUSALS]) => new AppError('procedure_refused', r.message, undefined, { ...r });
const publicRef = () => randomBytes(12).toString('base64url').replace(/[^A-Za-z0-9]/g, '').slice(0, 16).padEnd(12, '0');
const knownOf = (p: PublicationRow): Known => ({ names: p.known_names, addresses: p.known_addresses, secrets: p.secrets });

/** The final text still holds personal data or a secret: 400 with the offending spans, nothing changed. */
function assertMasked(fields: { title: string; body: string }, known: Known) {
  const spans = [...unmaskedIssues(checkText(fields.title, known), 'title'), ...unmaskedIssues(checkText(fields.body, known), 'body')];
  if (spans.length) throw new AppError('validation_failed', PUBLICATION_REFUSALS.unmasked.message, spans, { ...PUBLICATION_REFUSALS.unmasked });
}

/**
 * Publications (R15; issue 16 item 5; core/disclosure for the rules and their articles): composed
 * from a decided case or asked for through the PublicationRequester port, masked and checked, asked
 * for, approved (and so published) or refused by the head of the owning unit (never the requester:
 * access.requireOwningHead, the rule of the 调用单 and holds), and withdrawn with the reason shown
 * when the decision is changed or revoked (art. 48 ¶2: within three working days). Every change is
 * ledgered in its transaction (entity 'publication').
 */
export function createPublicationService(deps: { db: Db; access: Access; repo: PublicationRepository; now?: () => Date }) {
  const { db, access, repo } = deps;
  const now = deps.now ?? (() => new Date());

  const ledger = (trx: Db, caller: Caller | { actorId: string }, action: string, row: PublicationRow, context?: Record<string, unknown>) =>
    appendLedger(trx, {
      actor: 'user' in caller ? actorOf(caller.user) : { type: 'user', id: caller.actorId },
      requestId: 'user' in caller ? caller.requestId : null,
      action,
      entityType: ENTITY,
      entityId: row.id,
      state: row,
      context: context ?? null,
    });

  /** The row, locked, once the caller may act on its agency's publications with `permission`. */
  async function locked<T>(caller: Caller, id: string, permission: 'publication.request' | 'publication.approve', act: (trx: Db, row: PublicationRow) => Promise<T>): Promise<T> {
    access.assert(caller, permission);
    return db.transaction().execute(async (trx) => {
      const row = await repo.lock(trx, id);
      if (!row) throw new AppError('not_found', '');
      // Officers act within their agency subtree; a head's rule (owning unit, not the requester) is requireHead's.
      if (permission === 'publication.request') await access.require(caller, permission, { kind: 'agency', id: row.agency_id });
      return act(trx, row);
    });
  }

  const requireHead = (caller: Caller, row: PublicationRow, requesterId: string | null) =>
    access.requireOwningHead(caller, { permission: 'publication.approve', ownerAgencyId: row.agency_id, requesterId, refusals: PUBLICATION_REFUSALS });

  /** Composes the public text of a case's penalty decision (行政处罚法 art. 48 ¶1), masked. */
  async function composeFromCase(caseId: string) {
    const src = await repo.caseSource(caseId);
    if (!src) throw new AppError('validation_failed', '', [{ path: ['caseId'], message: 'publication.source_unknown' }]);
    if (!src.decision || !src.case.decided_at) throw procedure(PUBLICATION_REFUSALS.not_decided);
    const stage = src.decision.fields as Record<string, unknown>;
    if ((stage.outcome ?? 'penalty') !== 'penalty') throw procedure(PUBLICATION_REFUSALS.no_penalty);
    const doc = (src.document?.fields ?? {}) as Record<string, unknown>;
    const party = (doc.party as DecisionParty | undefined) ?? (partyOf(src.case as never, { name: src.case.business_name, credit_code: src.case.credit_code, address: src.case.address, contacts: src.contacts }) as DecisionParty);
    const penalties = (Array.isArray(doc.penalties) ? doc.penalties : penaltiesOf(stage.penalty as never, stage.penaltyDetail as never)) ?? [];
    const composed = composeDecision({
      documentNumber: src.document?.number ?? null,
      party,
      cause: (doc.caseName as string | undefined) ?? src.case.cause,
      facts: ((doc.facts ?? stage.facts) as string | undefined) ?? null,
      violated: provisionsOf(doc.violated) ?? provisionsOf(stage.violated) ?? [],
      basis: provisionsOf(doc.basis) ?? provisionsOf(stage.basis, stage.legalBasis) ?? [],
      penalties: (penalties as Penalty[]).filter((p) => p && typeof p === 'object' && 'kind' in p),
      agencyName: src.case.agency_name,
      decidedOn: shanghaiDay(new Date(src.case.decided_at)),
      otherIndividuals: [...src.contacts.map((c) => c.name), ...src.people].filter((n): n is string => typeof n === 'string' && !!n.trim()),
    });
    return { src, composed };
  }

  return {
    /** A draft of a decided case's penalty decision, composed and masked, for the caller to check and ask for. */
    async fromCase(caller: Caller, caseId: string): Promise<string> {
      access.assert(caller, 'publication.request');
      await access.require(caller, 'publication.request', { kind: 'case', id: caseId });
      const { src, composed } = await composeFromCase(caseId);
      return db.transaction().execute(async (trx) => {
        if (await repo.live(trx, 'case_decision', caseId)) throw conflict(PUBLICATION_REFUSALS.already_live);
        const row = await repo.insert(trx, {
          public_ref: publicRef(),
          kind: 'case_decision',
          source_id: caseId,
          agency_id: src.case.agency_id,
          business_id: src.case.business_id,
          title: composed.title,
          body: composed.body,
          document_number: src.document?.number ?? null,
          decided_on: shanghaiDay(new Date(src.case.decided_at!)),
          party_name: composed.partyName,
          known_names: JSON.stringify(composed.known.names),
          known_addresses: JSON.stringify(composed.known.addresses),
          secrets: JSON.stringify([]),
          created_by: caller.user.id,
        });
        await ledger(trx, caller, 'publication.drafted', row, { caseId });
        return row.id;
      });
    },

    /**
     * Edits a draft: its title and text, the passages marked as trade secrets, more names of
     * individuals. The text is checked again; `applyMask` masks what the check finds instead of refusing.
     */
    async edit(caller: Caller, id: string, input: { title?: string; body?: string; secrets?: string[]; names?: string[]; applyMask?: boolean }) {
      return locked(caller, id, 'publication.request', async (trx, row) => {
        if (row.status !== 'draft') throw conflict(PUBLICATION_REFUSALS.not_draft);
        const known = { names: [...new Set([...row.known_names, ...(input.names ?? [])])], addresses: row.known_addresses, secrets: [...new Set([...row.secrets, ...(input.secrets ?? [])].map((s) => s.trim()).filter(Boolean))] };
        let title = input.title?.trim() ?? row.title;
        let body = input.body?.trim() ?? row.body;
        if (input.applyMask) {
          title = maskText(title, known);
          body = maskText(body, known);
        }
        assertMasked({ title, body }, known);
        const out = await repo.update(trx, row.id, { title, body, known_names: JSON.stringify(known.names), secrets: JSON.stringify(known.secrets) });
        await ledger(trx, caller, 'publication.edited', out);
        return out.id;
      });
    },

    /** Asks the head of the owning unit to approve a draft for publication (the text is checked again). */
    async request(caller: Caller, id: string) {
      return locked(caller, id, 'publication.request', async (trx, row) => {
        if (row.status !== 'draft') throw conflict(PUBLICATION_REFUSALS.not_draft);
        assertMasked(row, knownOf(row));
        const out = await repo.update(trx, row.id, { status: 'requested', requested_by: caller.user.id, requested_at: now() });
        await ledger(trx, caller, 'publication.requested', out);
        return out.id;
      });
    },

    /**
     * The head of the owning unit approves — the publication is public from now — or refuses with his
     * opinion. He may give the final text; it is checked again (400 with the spans when it is not masked).
     */
    async decide(caller: Caller, id: string, input: { approve: boolean; opinion: string; title?: string; body?: string }) {
      return locked(caller, id, 'publication.approve', async (trx, row) => {
        await requireHead(caller, row, row.requested_by ?? row.created_by);
        if (row.status !== 'requested') throw procedure(PUBLICATION_REFUSALS.not_requested);
        const at = now();
        if (!input.approve) {
          if (!input.opinion.trim()) throw new AppError('validation_failed', '', [{ path: ['opinion'], message: 'publication.opinion_required' }]);
          const out = await repo.update(trx, row.id, { status: 'refused', decided_by: caller.user.id, decided_at: at, opinion: input.opinion.trim() });
          await ledger(trx, caller, 'publication.refused', out);
          return out.id;
        }
        const final = { title: input.title?.trim() || row.title, body: input.body?.trim() || row.body };
        assertMasked(final, knownOf(row));
        const out = await repo.update(trx, row.id, { ...final, status: 'published', decided_by: caller.user.id, decided_at: at, opinion: input.opinion.trim() || null, published_at: at });
        await ledger(trx, caller, 'publication.published', out, { edited: final.title !== row.title || final.body !== row.body });
        return out.id;
      });
    },

    /**
     * The published decision was changed, revoked, confirmed illegal or invalid (行政处罚法 art. 48 ¶2):
     * its withdrawal is due within three working days of that (core/disclosure/withdrawal.ts).
     */
    async reportChange(caller: Caller, id: string, input: { kind: DecisionChangeKind; changedAt: string; note: string }) {
      return locked(caller, id, 'publication.request', async (trx, row) => {
        if (row.status !== 'published') throw conflict(PUBLICATION_REFUSALS.not_published);
        if (row.kind !== 'case_decision') throw conflict(PUBLICATION_REFUSALS.not_a_decision);
        const out = await markChanged(trx, row, input);
        await ledger(trx, caller, 'publication.decision_changed', out, { dueAt: new Date(out.withdrawal_due_at!).toISOString() });
        return out.id;
      });
    },

    /** The head of the owning unit withdraws a publication with the reason the public page shows (and, if not yet told, what happened to the decision). */
    async withdraw(caller: Caller, id: string, input: { reason: string; change?: { kind: DecisionChangeKind; changedAt: string; note: string } }) {
      return locked(caller, id, 'publication.approve', async (trx, row) => {
        await requireHead(caller, row, null);
        if (!input.reason.trim()) throw new AppError('validation_failed', '', [{ path: ['reason'], message: 'publication.reason_required' }]);
        if (row.status !== 'published') throw conflict(PUBLICATION_REFUSALS.not_published);
        let current = row;
        if (input.change && !row.change_kind && row.kind === 'case_decision') {
          current = await markChanged(trx, row, input.change);
          await ledger(trx, caller, 'publication.decision_changed', current, { dueAt: new Date(current.withdrawal_due_at!).toISOString() });
        }
        const out = await repo.update(trx, row.id, { status: 'withdrawn', withdrawn_by: caller.user.id, withdrawn_at: now(), withdrawal_reason: input.reason.trim() });
        const late = out.withdrawal_due_at ? new Date(out.withdrawn_at!) > new Date(out.withdrawal_due_at) : false;
        await ledger(trx, caller, 'publication.withdrawn', out, { late });
        return out.id;
      });
    },

    async get(caller: Caller, id: string) {
      access.assert(caller, 'publication.read');
      const p = await repo.get(id);
      if (!p) throw new AppError('not_found', '');
      await access.require(caller, 'publication.read', { kind: 'agency', id: p.agency_id });
      return publicationView(p, now());
    },

    /** The staff list over the caller's agency subtree: by status, the withdrawals due, or one case's. */
    async list(caller: Caller, f: { status?: PublicationStatus; withdrawalDue?: boolean; caseId?: string }) {
      const scope = access.scope(caller, 'publication.read');
      if (scope.kind !== 'agency') return [];
      return (await repo.forUnit(scope.path, f)).map((p) => publicationView(p, now()));
    },

    /** The PublicationRequester port: an inspection result asked for publication, masked (the business's contacts and every ID/phone pattern), waiting for the head. */
    requester(): PublicationRequester {
      return async (req) => {
        const party = req.businessId ? await repo.businessParty(req.businessId) : { name: '', contacts: [] };
        const known = { names: party.contacts, addresses: [], secrets: [] };
        const title = maskText(req.title.trim(), known);
        const body = maskText(req.body.trim(), known);
        assertMasked({ title, body }, known);
        return db.transaction().execute(async (trx) => {
          // One live publication per source: a retried request (e.g. after the asking transaction failed) gets the same one.
          const live = await repo.live(trx, req.kind, req.sourceId);
          if (live) return { id: live.id };
          const at = now();
          const row = await repo.insert(trx, {
            public_ref: publicRef(),
            kind: req.kind,
            source_id: req.sourceId,
            agency_id: req.agencyId,
            business_id: req.businessId,
            title,
            body,
            decided_on: shanghaiDay(at),
            party_name: party.name,
            known_names: JSON.stringify(known.names),
            known_addresses: JSON.stringify([]),
            secrets: JSON.stringify([]),
            status: 'requested',
            created_by: req.requestedBy,
            requested_by: req.requestedBy,
            requested_at: at,
          });
          await ledger(trx, { actorId: req.requestedBy }, 'publication.requested', row, { via: 'port' });
          return { id: row.id };
        });
      };
    },
  };

  async function markChanged(trx: Db, row: PublicationRow, input: { kind: DecisionChangeKind; changedAt: string; note: string }) {
    const changedAt = new Date(input.changedAt);
    if (changedAt > now()) throw new AppError('validation_failed', '', [{ path: ['changedAt'], message: 'publication.changed_future' }]);
    const calendar = await loadCalendar(trx, shanghaiDay(changedAt));
    return repo.update(trx, row.id, { change_kind: input.kind, changed_at: changedAt, change_note: input.note.trim() || null, withdrawal_due_at: withdrawalDueAt(changedAt, calendar) });
  }
}
export type PublicationService = ReturnType<typeof createPublicationService>;
