import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// A long event gets its evidence while it goes on: a first clip within seconds of the flag,
// longer versions while the event lasts, a last one when it ends or the clip reaches its
// maximum length. Every version is a clip of its own, write-once and hashed (audio-visual material and electronic data
// as evidence: Administrative Penalty Law art. 46 (3) (4); originals are never changed); the flag
// row points at the newest. (Where the evidence starts, when the event knows better than the
// pre-roll, travels in the flag's detail as `evidenceFrom`: a new column on flags would change
// every existing row's state against its ledger entry.)
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE flag_clips (
      flag_id         uuid NOT NULL REFERENCES flags (id),
      version         int NOT NULL CHECK (version >= 1),
      blob_sha256     text NOT NULL REFERENCES blobs (sha256),
      -- The window asked for, and what the clip really holds (its first frame, its measured length).
      requested_from  timestamptz NOT NULL,
      requested_to    timestamptz NOT NULL,
      covers_from     timestamptz NOT NULL,
      covers_to       timestamptz NOT NULL,
      duration_ms     int NOT NULL CHECK (duration_ms > 0),
      -- When it was cut: the event still going on (more will follow), the event over (the
      -- last version), or the clip at its maximum length while the event went on (the last too).
      coverage        text NOT NULL CHECK (coverage IN ('event_ongoing', 'event_ended', 'max_length')),
      final           boolean NOT NULL,
      provenance      jsonb NOT NULL,
      created_at      timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (flag_id, version),
      CHECK (requested_to > requested_from),
      CHECK (covers_to > covers_from),
      CHECK (final = (coverage <> 'event_ongoing'))
    );
    CREATE UNIQUE INDEX flag_clips_one_final ON flag_clips (flag_id) WHERE final;
    CREATE TRIGGER flag_clips_no_delete BEFORE DELETE ON flag_clips FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE FUNCTION flag_clips_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'evidence clips are never changed' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER flag_clips_no_update BEFORE UPDATE ON flag_clips FOR EACH ROW EXECUTE FUNCTION flag_clips_frozen();

    -- Clips cut before versions existed were cut after their flag ended: version 1, final.
    INSERT INTO flag_clips (flag_id, version, blob_sha256, requested_from, requested_to, covers_from, covers_to, duration_ms, coverage, final, provenance, created_at)
    SELECT f.id, 1, f.clip_sha256,
           (f.clip_provenance #>> '{requested,from}')::timestamptz,
           (f.clip_provenance #>> '{requested,to}')::timestamptz,
           (f.clip_provenance ->> 'startsAt')::timestamptz,
           (f.clip_provenance ->> 'startsAt')::timestamptz + ((f.clip_provenance ->> 'durationMs')::int * interval '1 millisecond'),
           (f.clip_provenance ->> 'durationMs')::int,
           'event_ended', true, f.clip_provenance,
           coalesce((f.clip_provenance ->> 'createdAt')::timestamptz, f.updated_at)
      FROM flags f
     WHERE f.clip_sha256 IS NOT NULL
       AND f.clip_provenance ? 'startsAt' AND f.clip_provenance ? 'durationMs' AND f.clip_provenance ? 'requested'
       AND (f.clip_provenance ->> 'durationMs')::int > 0;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('analysis records are never rolled back');
}
