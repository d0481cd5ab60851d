import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Public disclosure (issue 16 item 5; R15): 行政处罚法 art. 48 ¶1 — administrative penalty decisions
// with a certain social impact are made public according to law; seed 004 二(一) 4 and 附表2 第六条
// (十三), 第十一条 — enforcement decisions and inspection results are published after the head of the
// agency has approved them (经行政执法机关主要负责人审定后公示), minus state secrets, trade secrets and
// personal privacy (附表2 第六条; 行政处罚法 art. 50).
// - a publication is composed from a decided case ('case_decision') or asked for by another module
//   ('inspection_result'); its body is the masked text the public will read; the names of the
//   individuals known in the matter and the marked secrets are kept with it (never shown publicly)
//   so the text can be checked again before it is published and whenever it is edited;
// - draft → requested → published (approved by the head of the owning unit, never the requester:
//   the CHECKs below are the second line behind the service) | refused; published → withdrawn;
// - art. 48 ¶2: a published decision that is changed, revoked, confirmed illegal or invalid is
//   withdrawn within three days (working days, art. 85) with the reason shown: the day the decision
//   was changed and the due time are kept, the withdrawal records who, when and why.
// Rows are never deleted; each change is a ledger entry of entity type 'publication'.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE publications (
      id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      public_ref          text NOT NULL UNIQUE CHECK (public_ref ~ '^[A-Za-z0-9]{8,32}$'),
      kind                text NOT NULL CHECK (kind IN ('case_decision', 'inspection_result')),
      source_id           uuid NOT NULL,
      agency_id           uuid NOT NULL REFERENCES agencies (id),
      business_id         uuid REFERENCES businesses (id),
      title               text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
      body                text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 20000),
      document_number     text,
      decided_on          date,
      party_name          text NOT NULL DEFAULT '',
      known_names         jsonb NOT NULL DEFAULT '[]',
      known_addresses     jsonb NOT NULL DEFAULT '[]',
      secrets             jsonb NOT NULL DEFAULT '[]',
      status              text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'requested', 'published', 'refused', 'withdrawn')),
      created_by          uuid NOT NULL REFERENCES users (id),
      created_at          timestamptz NOT NULL DEFAULT now(),
      requested_by        uuid REFERENCES users (id),
      requested_at        timestamptz,
      decided_by          uuid REFERENCES users (id),
      decided_at          timestamptz,
      opinion             text,
      published_at        timestamptz,
      change_kind         text CHECK (change_kind IN ('changed', 'revoked', 'confirmed_illegal', 'confirmed_invalid')),
      changed_at          timestamptz,
      change_note         text,
      withdrawal_due_at   timestamptz,
      withdrawal_notified_at timestamptz,
      withdrawal_escalated_at timestamptz,
      withdrawn_by        uuid REFERENCES users (id),
      withdrawn_at        timestamptz,
      withdrawal_reason   text,
      updated_at          timestamptz NOT NULL DEFAULT now(),
      version             int NOT NULL DEFAULT 1,
      CHECK (decided_by IS NULL OR requested_by IS NULL OR decided_by <> requested_by),
      CHECK (status NOT IN ('published', 'withdrawn') OR (decided_by IS NOT NULL AND published_at IS NOT NULL)),
      CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL AND length(btrim(withdrawal_reason)) > 0)),
      CHECK ((change_kind IS NULL) = (changed_at IS NULL)),
      CHECK ((change_kind IS NULL) = (withdrawal_due_at IS NULL))
    );
    CREATE UNIQUE INDEX publications_one_live_idx ON publications (kind, source_id) WHERE status IN ('draft', 'requested', 'published');
    CREATE INDEX publications_agency_idx ON publications (agency_id, status);
    CREATE INDEX publications_public_idx ON publications (published_at DESC) WHERE status IN ('published', 'withdrawn');
    CREATE INDEX publications_withdrawal_due_idx ON publications (withdrawal_due_at) WHERE status = 'published' AND withdrawal_due_at IS NOT NULL;
    CREATE TRIGGER publications_no_delete BEFORE DELETE ON publications FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE publications;`.execute(db);
}
