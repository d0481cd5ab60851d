import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import { rolesWith } from '../../core/access/permissions.js';
import type { Db } from '../../core/db/connect.js';
import type { CaseParticipant, Contact, PublicationStatus, PublicationsTable } from '../../core/db/database.js';
import { escapeLike } from '../access/scope.js';

export type PublicationRow = Selectable<PublicationsTable>;
export type PublicationListed = PublicationRow & { agency_name: string; requested_by_name: string | null; decided_by_name: string | null; withdrawn_by_name: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_MAX = 50;

/** The queries of publications and of the public pages (R15); services call these, never Kysely. */
export function createPublicationRepository(db: Db) {
  const listed = (q: Db) =>
    q
      .selectFrom('publications as p')
      .innerJoin('agencies as a', 'a.id', 'p.agency_id')
      .leftJoin('users as rq', 'rq.id', 'p.requested_by')
      .leftJoin('users as dc', 'dc.id', 'p.decided_by')
      .leftJoin('users as wd', 'wd.id', 'p.withdrawn_by')
      .selectAll('p')
      .select(['a.name as agency_name', 'rq.display_name as requested_by_name', 'dc.display_name as decided_by_name', 'wd.display_name as withdrawn_by_name']);

  return {
    insert: (trx: Db, row: Insertable<PublicationsTable>) => trx.insertInto('publications').values(row).returningAll().executeTakeFirstOrThrow(),
    lock: (trx: Db, id: string) => (UUID.test(id) ? trx.selectFrom('publications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst() : Promise.resolve(undefined)),
    update: (trx: Db, id: string, set: Updateable<PublicationsTable>) =>
      trx
        .updateTable('publications')
        .set({ ...set, updated_at: new Date(), version: sql`version + 1` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    get: (id: string): Promise<PublicationListed | undefined> => (UUID.test(id) ? listed(db).where('p.id', '=', id).executeTakeFirst() : Promise.resolve(undefined)),
    /** A live (draft, requested or published) publication of the same thing, if any. */
    live: (trx: Db, kind: PublicationRow['kind'], sourceId: string) =>
      trx.selectFrom('publications').select('id').where('kind', '=', kind).where('source_id', '=', sourceId).where('status', 'in', ['draft', 'requested', 'published']).executeTakeFirst(),
    agencyPath: async (id: string) => (await db.selectFrom('agencies').select('path').where('id', '=', id).executeTakeFirst())?.path ?? null,

    /** The staff list over an agency subtree, newest first; `withdrawalDue`: published ones whose decision changed, not yet withdrawn. */
    forUnit(path: string, f: { status?: PublicationStatus; withdrawalDue?: boolean; caseId?: string }): Promise<PublicationListed[]> {
      let q = listed(db).where('a.path', 'like', `${escapeLike(path)}%`);
      if (f.status) q = q.where('p.status', '=', f.status);
      if (f.withdrawalDue) q = q.where('p.status', '=', 'published').where('p.withdrawal_due_at', 'is not', null);
      if (f.caseId) q = q.where('p.kind', '=', 'case_decision').where('p.source_id', '=', f.caseId);
      return q.orderBy('p.updated_at', 'desc').limit(200).execute();
    },

    /** Everything a decided case's publication is composed from: the case, its party, the decision and its document, the people it names. */
    async caseSource(caseId: string) {
      if (!UUID.test(caseId)) return undefined;
      const c = await db
        .selectFrom('cases as c')
        .innerJoin('businesses as b', 'b.id', 'c.business_id')
        .innerJoin('agencies as a', 'a.id', 'c.agency_id')
        .select(['c.id', 'c.agency_id', 'c.business_id', 'c.party_kind', 'c.cause', 'c.decided_at', 'c.state', 'b.name as business_name', 'b.credit_code', 'b.address', 'b.contacts', 'a.name as agency_name'])
        .where('c.id', '=', caseId)
        .executeTakeFirst();
      if (!c) return undefined;
      const stages = await db.selectFrom('case_stages').select(['id', 'kind', 'fields', 'participants', 'at']).where('case_id', '=', caseId).orderBy('seq').execute();
      const decision = [...stages].reverse().find((s) => s.kind === 'decision' || s.kind === 'on_the_spot_decision') ?? null;
      const document = decision
        ? await db
            .selectFrom('case_documents as cd')
            .innerJoin('documents as d', 'd.id', 'cd.document_id')
            .select(['cd.number', 'd.fields', 'd.issued_at'])
            .where('cd.case_id', '=', caseId)
            .where('cd.stage_id', '=', decision.id)
            .where('cd.kind', 'in', ['penalty_decision', 'on_the_spot_decision'])
            .orderBy('cd.version', 'desc')
            .executeTakeFirst()
        : undefined;
      const people = stages.flatMap((s) => [...((s.participants as CaseParticipant[] | null) ?? []).map((p) => p.name), ...(typeof s.fields.subject === 'string' ? [s.fields.subject] : [])]);
      return { case: c, contacts: (c.contacts as Contact[] | null) ?? [], decision, document: document ?? null, people };
    },

    /** A business's name and the names of its contacts (individuals, masked in what is published about it). */
    businessParty: async (businessId: string) => {
      const b = await db.selectFrom('businesses').select(['name', 'contacts']).where('id', '=', businessId).executeTakeFirst();
      return { name: b?.name ?? '', contacts: ((b?.contacts as Contact[] | null) ?? []).map((x) => x.name).filter(Boolean) };
    },

    /** Published decisions whose withdrawal is due and not done: never told yet, or overdue and not escalated yet. */
    withdrawalsToTell: (now: Date) =>
      db
        .selectFrom('publications as p')
        .innerJoin('agencies as a', 'a.id', 'p.agency_id')
        .select(['p.id', 'p.public_ref', 'p.title', 'p.agency_id', 'a.path as agency_path', 'p.withdrawal_due_at', 'p.withdrawal_notified_at', 'p.withdrawal_escalated_at'])
        .where('p.status', '=', 'published')
        .where('p.withdrawal_due_at', 'is not', null)
        .where((eb) => eb.or([eb('p.withdrawal_notified_at', 'is', null), eb.and([eb('p.withdrawal_due_at', '<', now), eb('p.withdrawal_escalated_at', 'is', null)])]))
        .orderBy('p.withdrawal_due_at')
        .limit(500)
        .execute(),
    /** The heads (publication.approve) of an agency or one above it, active. */
    headsOver: (agencyPath: string) =>
      db
        .selectFrom('users as u')
        .innerJoin('agencies as a', 'a.id', 'u.agency_id')
        .select(['u.id', 'u.email', 'u.display_name'])
        .where('u.role', 'in', [...rolesWith('publication.approve')])
        .where('u.status', '=', 'active')
        .where(sql<boolean>`${agencyPath} LIKE replace(replace(replace(a.path, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`)
        .execute(),

    // ---- the public pages (no login): published and withdrawn publications only ----

    async publicList(f: { q?: string; region?: string; from?: string; to?: string; page: number; size: number }) {
      const size = Math.min(f.size, PAGE_MAX);
      let q = db
        .selectFrom('publications as p')
        .innerJoin('agencies as a', 'a.id', 'p.agency_id')
        .where('p.status', 'in', ['published', 'withdrawn']);
      if (f.q) {
        const like = `%${escapeLike(f.q)}%`;
        q = q.where((eb) => eb.or([eb('p.title', 'like', like), eb('p.party_name', 'like', like), eb('p.document_number', 'like', like)]));
      }
      if (f.region) {
        const region = await db.selectFrom('agencies').select('path').where('code', '=', f.region).executeTakeFirst();
        q = q.where('a.path', 'like', region ? `${escapeLike(region.path)}%` : '/__none__/');
      }
      if (f.from) q = q.where(sql<boolean>`(p.published_at AT TIME ZONE 'Asia/Shanghai')::date >= ${f.from}::date`);
      if (f.to) q = q.where(sql<boolean>`(p.published_at AT TIME ZONE 'Asia/Shanghai')::date <= ${f.to}::date`);
      const total = Number((await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
      const items = await q
        .select(['p.public_ref', 'p.kind', 'p.title', 'p.party_name', 'p.document_number', 'p.decided_on', 'p.published_at', 'p.status', 'p.withdrawn_at', 'a.name as agency_name'])
        .orderBy('p.published_at', 'desc')
        .orderBy('p.public_ref')
        .limit(size)
        .offset((f.page - 1) * size)
        .execute();
      return { total, items };
    },
    publicGet: (ref: string) =>
      db
        .selectFrom('publications as p')
        .innerJoin('agencies as a', 'a.id', 'p.agency_id')
        .select(['p.public_ref', 'p.kind', 'p.title', 'p.body', 'p.party_name', 'p.document_number', 'p.decided_on', 'p.published_at', 'p.status', 'p.withdrawn_at', 'p.withdrawal_reason', 'p.change_kind', 'a.name as agency_name'])
        .where('p.public_ref', '=', ref)
        .executeTakeFirst(),
    /** The agencies as public regions (name, code, level), for the pages' region filter. */
    regions: () => db.selectFrom('agencies').select(['name', 'code', 'level', 'path']).orderBy('path').execute(),
  };
}
export type PublicationRepository = ReturnType<typeof createPublicationRepository>;
