import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Sensor readings (R4: data analysis; R2/R3: records kept as they came). A sensor posts its
// readings over HTTP with its device key; each accepted post is a batch (ledgered), each reading
// one row keyed by (device, quantity, measured_at), so a device resending a batch changes nothing.
// Refused posts are recorded beside refused publishes; flags raised from readings have source 'sensor'.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sensor_reading_batches (
      id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      device_id      uuid NOT NULL REFERENCES devices (id),
      credential_id  uuid NOT NULL REFERENCES device_credentials (id),
      consent_id     uuid NOT NULL REFERENCES consents (id),
      received_at    timestamptz NOT NULL DEFAULT now(),
      accepted       int NOT NULL CHECK (accepted >= 0),
      duplicates     int NOT NULL CHECK (duplicates >= 0),
      -- SHA-256 of the batch as received (canonical JSON of its readings).
      sha256         text NOT NULL,
      ip             text NOT NULL
    );
    CREATE INDEX sensor_reading_batches_device_idx ON sensor_reading_batches (device_id, received_at DESC);

    CREATE TABLE sensor_readings (
      device_id    uuid NOT NULL REFERENCES devices (id),
      quantity     text NOT NULL CHECK (quantity IN ('free_chlorine', 'turbidity')),
      measured_at  timestamptz NOT NULL,
      value        double precision NOT NULL,
      unit         text NOT NULL,
      -- Deferred: the batch row, which counts what was new, is written after its readings.
      batch_id     uuid NOT NULL REFERENCES sensor_reading_batches (id) DEFERRABLE INITIALLY DEFERRED,
      received_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (device_id, quantity, measured_at)
    );
    CREATE INDEX sensor_readings_received_idx ON sensor_readings (device_id, received_at DESC);

    CREATE FUNCTION sensor_readings_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'readings are records: never changed' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER sensor_readings_no_update BEFORE UPDATE ON sensor_readings FOR EACH ROW EXECUTE FUNCTION sensor_readings_frozen();
    CREATE TRIGGER sensor_reading_batches_no_update BEFORE UPDATE ON sensor_reading_batches FOR EACH ROW EXECUTE FUNCTION sensor_readings_frozen();
    CREATE TRIGGER sensor_readings_no_delete BEFORE DELETE ON sensor_readings FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER sensor_reading_batches_no_delete BEFORE DELETE ON sensor_reading_batches FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    ALTER TABLE publish_refusals DROP CONSTRAINT publish_refusals_kind_check;
    ALTER TABLE publish_refusals ADD CONSTRAINT publish_refusals_kind_check CHECK (kind IN ('publish', 'play', 'readings'));
    ALTER TABLE flags DROP CONSTRAINT flags_source_check;
    ALTER TABLE flags ADD CONSTRAINT flags_source_check CHECK (source IN ('rule', 'tamper', 'sensor'));
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('sensor records are never rolled back');
}
