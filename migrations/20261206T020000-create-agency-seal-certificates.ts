import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// The agencies' seal certificates (行政处罚法 art. 59: the decision bears the agency's seal; issue 13
// item 5). Each certificate the platform made or loaded for an agency's electronic seal, so that a
// signature in a PDF can be tied to the agency's key by its SHA-256 fingerprint. Records: never
// changed, never deleted (a lost key stays recorded, its signatures stay attributable).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE agency_seal_certificates (
      id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      agency_id        uuid NOT NULL REFERENCES agencies (id),
      -- Hex SHA-256 of the certificate's DER encoding.
      sha256           text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      certificate_pem  text NOT NULL CHECK (certificate_pem LIKE '-----BEGIN CERTIFICATE-----%'),
      subject          text NOT NULL,
      not_before       timestamptz NOT NULL,
      not_after        timestamptz NOT NULL CHECK (not_after > not_before),
      -- self_issued: key made by the platform, certificate signed by that key; p12: loaded from an
      -- authority-issued <agencyId>.p12 in the keys folder.
      source           text NOT NULL CHECK (source IN ('self_issued', 'p12')),
      created_at       timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX agency_seal_certificates_agency_idx ON agency_seal_certificates (agency_id, created_at DESC);

    CREATE FUNCTION agency_seal_certificates_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'seal certificates are records: never changed or deleted' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER agency_seal_certificates_no_change BEFORE UPDATE OR DELETE ON agency_seal_certificates
      FOR EACH ROW EXECUTE FUNCTION agency_seal_certificates_frozen();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('seal certificates are records: never rolled back');
}
