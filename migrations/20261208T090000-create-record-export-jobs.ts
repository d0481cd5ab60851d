import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Clip exports made in the background (issue 15 item 3): a clip's watermarked copy takes seconds
// of ffmpeg, so POST queues an 'exports.clip' job and answers with this row's id; the job moves it
// queued → running (percent from ffmpeg's progress) → done (naming the record_exports row written
// with its ledger entry, as for every copy) or failed (with the reason). Only the requester may
// fetch the copy. A job left 'running' by a stopped process is failed at the next start.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE record_export_jobs (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      requested_by  uuid NOT NULL REFERENCES users (id),
      record_kind   text NOT NULL CHECK (record_kind IN ('flag_clip')),
      record_id     text NOT NULL CHECK (length(record_id) BETWEEN 1 AND 200),
      version       integer CHECK (version >= 1),
      -- The 调用单 the export was made under, re-checked when the copy is fetched (null: own scope).
      grant_id      uuid,
      status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
      percent       smallint NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
      error         text,
      export_id     text REFERENCES record_exports (id),
      ip            text,
      request_id    text,
      created_at    timestamptz NOT NULL DEFAULT now(),
      started_at    timestamptz,
      finished_at   timestamptz,
      CHECK ((status = 'done') = (export_id IS NOT NULL)),
      CHECK (status <> 'failed' OR error IS NOT NULL),
      CHECK (status <> 'done' OR percent = 100)
    );
    CREATE INDEX record_export_jobs_by ON record_export_jobs (requested_by, created_at);
    CREATE INDEX record_export_jobs_open ON record_export_jobs (status) WHERE status IN ('queued', 'running');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE record_export_jobs`.execute(db);
}
