import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// The officer's review of flags (R5: leads handled within set time limits; who saw what and
// when is recorded; seed 002 §8, §21): each flag gets a handling deadline, an assignee, a
// decision and an optimistic-lock version; every open, view, assignment and decision is a row
// of the append-only flag_reviews; deadlines come from handling_policies (by flag type and
// business category) counted in working days over the holiday calendar (with 调休 workdays).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE flags
      ADD COLUMN deadline_at           timestamptz,
      ADD COLUMN assigned_to           uuid REFERENCES users (id),
      ADD COLUMN first_confirmed_by    uuid REFERENCES users (id),
      ADD COLUMN decided_at            timestamptz,
      ADD COLUMN decided_by            uuid REFERENCES users (id),
      ADD COLUMN dismiss_reason        text CHECK (dismiss_reason IN ('false_detection', 'permitted_activity', 'duplicate', 'camera_fault', 'other')),
      ADD COLUMN overdue_escalated_at  timestamptz,
      ADD COLUMN review_version        int NOT NULL DEFAULT 1 CHECK (review_version >= 1);
    -- Flags written before handling deadlines existed get two calendar days from their creation;
    -- the analyzer sets each new flag's deadline from its policy (this default is a safety net).
    UPDATE flags SET deadline_at = created_at + interval '2 days';
    ALTER TABLE flags ALTER COLUMN deadline_at SET DEFAULT now() + interval '2 days', ALTER COLUMN deadline_at SET NOT NULL;
    ALTER TABLE flags ADD CONSTRAINT flags_review_status_check
      CHECK (review_status IN ('new', 'in_review', 'awaiting_second', 'confirmed', 'dismissed', 'escalated'));
    ALTER TABLE flags ADD CONSTRAINT flags_decided_check
      CHECK ((review_status IN ('confirmed', 'dismissed')) = (decided_at IS NOT NULL AND decided_by IS NOT NULL));
    ALTER TABLE flags ADD CONSTRAINT flags_dismissed_has_reason
      CHECK ((review_status = 'dismissed') = (dismiss_reason IS NOT NULL));

    -- The queue: an agency's flags by status, soonest deadline first (keyset on deadline, id),
    -- and newest first; the overdue sweep reads only flags still waiting for a decision.
    CREATE INDEX flags_queue_deadline_idx ON flags (agency_id, review_status, deadline_at, id);
    CREATE INDEX flags_queue_created_idx ON flags (agency_id, review_status, created_at DESC, id DESC);
    CREATE INDEX flags_open_deadline_idx ON flags (deadline_at, id)
      WHERE review_status IN ('new', 'in_review', 'awaiting_second', 'escalated');
    CREATE INDEX flags_overdue_idx ON flags (deadline_at)
      WHERE overdue_escalated_at IS NULL AND review_status IN ('new', 'in_review', 'awaiting_second', 'escalated');
    CREATE INDEX flags_business_idx ON flags (business_id, created_at DESC);
    CREATE INDEX flags_decided_idx ON flags (decided_at) WHERE decided_at IS NOT NULL;

    -- Who opened, viewed, assigned, decided or escalated which flag, and when. Append-only.
    CREATE TABLE flag_reviews (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      flag_id      uuid NOT NULL REFERENCES flags (id),
      action       text NOT NULL CHECK (action IN ('opened', 'viewed', 'assigned', 'confirmed', 'second_confirmed', 'dismissed', 'escalated', 'overdue_escalated')),
      actor_id     uuid REFERENCES users (id),
      at           timestamptz NOT NULL DEFAULT now(),
      from_status  text NOT NULL,
      to_status    text NOT NULL,
      assigned_to  uuid REFERENCES users (id),
      reason_code  text CHECK (reason_code IN ('false_detection', 'permitted_activity', 'duplicate', 'camera_fault', 'other')),
      note         text CHECK (length(note) <= 2000),
      request_id   text,
      CHECK ((action = 'overdue_escalated') = (actor_id IS NULL)),
      CHECK ((action = 'dismissed') = (reason_code IS NOT NULL)),
      CHECK ((action = 'assigned') = (assigned_to IS NOT NULL))
    );
    CREATE INDEX flag_reviews_flag_idx ON flag_reviews (flag_id, at, id);
    CREATE INDEX flag_reviews_actor_idx ON flag_reviews (actor_id, at);
    CREATE INDEX flag_reviews_decisions_idx ON flag_reviews (at) WHERE action IN ('confirmed', 'second_confirmed', 'dismissed');
    CREATE TRIGGER flag_reviews_append_only BEFORE UPDATE OR DELETE ON flag_reviews
      FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();

    -- How long a flag may wait, by flag type ('*': any) and business category ('*': any).
    CREATE TABLE handling_policies (
      id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      flag_type              text NOT NULL,
      category               text NOT NULL,
      deadline_working_days  int CHECK (deadline_working_days BETWEEN 1 AND 60),
      deadline_hours         int CHECK (deadline_hours BETWEEN 1 AND 720),
      two_person             boolean NOT NULL DEFAULT false,
      version                int NOT NULL DEFAULT 1,
      updated_by             uuid REFERENCES users (id),
      updated_at             timestamptz NOT NULL DEFAULT now(),
      UNIQUE (flag_type, category),
      CHECK ((deadline_working_days IS NULL) <> (deadline_hours IS NULL))
    );
    -- No row for ('*', '*') means the built-in default (2 working days, one officer decides).

    -- The holiday calendar: public holidays, and weekend days worked instead (调休).
    CREATE TABLE holidays (
      day         date PRIMARY KEY,
      kind        text NOT NULL CHECK (kind IN ('holiday', 'workday')),
      name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
      active      boolean NOT NULL DEFAULT true,
      updated_by  uuid REFERENCES users (id),
      updated_at  timestamptz NOT NULL DEFAULT now()
    );

    CREATE TRIGGER handling_policies_no_delete BEFORE DELETE ON handling_policies FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER holidays_no_delete BEFORE DELETE ON holidays FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('review records are never rolled back');
}
