import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// What every enforcement document of an agency prints besides the case (issue 13 item 5): where a
// party asks for reconsideration and sues (行政处罚法 art. 59(5)), where and how fines are paid
// (art. 59(4), art. 67), the agency's address and phone for statements and defences, and the
// province's 较大数额 for the hearing right (art. 63(1)). Empty until the administrator fills it:
// a decision of an agency without them is refused naming what is missing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE agency_document_settings (
      agency_id                      uuid PRIMARY KEY REFERENCES agencies (id),
      reconsideration_body           text CHECK (length(reconsideration_body) BETWEEN 1 AND 200),
      court                          text CHECK (length(court) BETWEEN 1 AND 200),
      payment_payee                  text CHECK (length(payment_payee) BETWEEN 1 AND 200),
      payment_account                text CHECK (length(payment_account) BETWEEN 1 AND 60),
      payment_channel                text CHECK (length(payment_channel) BETWEEN 1 AND 300),
      contact_address                text CHECK (length(contact_address) BETWEEN 1 AND 200),
      contact_phone                  text CHECK (length(contact_phone) BETWEEN 1 AND 30),
      large_amount_person_fen        integer CHECK (large_amount_person_fen > 0),
      large_amount_organisation_fen  integer CHECK (large_amount_organisation_fen > 0),
      statement_days                 integer NOT NULL DEFAULT 3 CHECK (statement_days BETWEEN 3 AND 15),
      version                        integer NOT NULL DEFAULT 1,
      updated_by                     uuid NOT NULL REFERENCES users (id),
      updated_at                     timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE agency_document_settings`.execute(db);
}
