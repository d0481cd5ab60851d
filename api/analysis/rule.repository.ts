import { sql, type Kysely } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { Database } from '../../core/db/database.js';
import type { RuleDefinition, RuleKind } from '../../core/analysis/rule-definition.js';

/** The only place that reads and writes analysis_rules and their versions. */
export function createRuleRepository(db: Db) {
  const withEditor = () =>
    db.selectFrom('analysis_rules as r').leftJoin('users as u', 'u.id', 'r.updated_by').selectAll('r').select('u.display_name as updated_by_name');

  return {
    listByDevice: (deviceId: string) => withEditor().where('r.device_id', '=', deviceId).orderBy('r.created_at').orderBy('r.id').execute(),
    get: (ruleId: string) => withEditor().where('r.id', '=', ruleId).executeTakeFirst(),

    /**
     * Another rule of the device (disabled ones too: rules are never deleted) with this name, compared
     * trimmed and case-insensitively. Holds a transaction-scoped lock on the device's rule names, so two
     * saves of the same name cannot both pass the check.
     */
    async nameTaken(trx: Kysely<Database>, deviceId: string, name: string, exceptRuleId?: string) {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`analysis_rule_names:${deviceId}`}, 0))`.execute(trx);
      let q = trx.selectFrom('analysis_rules').select('id').where('device_id', '=', deviceId).where(sql<string>`lower(btrim(name))`, '=', name.trim().toLowerCase());
      if (exceptRuleId) q = q.where('id', '<>', exceptRuleId);
      return (await q.executeTakeFirst()) !== undefined;
    },

    async insert(trx: Kysely<Database>, v: { deviceId: string; kind: RuleKind; name: string; definition: RuleDefinition; enabled: boolean; userId: string }) {
      const row = await trx
        .insertInto('analysis_rules')
        .values({ device_id: v.deviceId, kind: v.kind, name: v.name, definition: JSON.stringify(v.definition), enabled: v.enabled, created_by: v.userId, updated_by: v.userId })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('analysis_rule_versions')
        .values({ rule_id: row.id, version: row.version, kind: row.kind, name: row.name, definition: JSON.stringify(row.definition), enabled: row.enabled, created_by: v.userId, created_at: row.updated_at })
        .execute();
      return row;
    },

    /** The next version, if `expectedVersion` is still the current one; undefined otherwise. */
    async update(trx: Kysely<Database>, ruleId: string, expectedVersion: number, v: { name: string; definition: RuleDefinition; enabled: boolean; userId: string }) {
      const row = await trx
        .updateTable('analysis_rules')
        .set((eb) => ({ name: v.name, definition: JSON.stringify(v.definition), enabled: v.enabled, updated_by: v.userId, updated_at: new Date(), version: eb('version', '+', 1) }))
        .where('id', '=', ruleId)
        .where('version', '=', expectedVersion)
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      await trx
        .insertInto('analysis_rule_versions')
        .values({ rule_id: row.id, version: row.version, kind: row.kind, name: row.name, definition: JSON.stringify(row.definition), enabled: row.enabled, created_by: v.userId, created_at: row.updated_at })
        .execute();
      return row;
    },

    versions: (ruleId: string) =>
      db
        .selectFrom('analysis_rule_versions as v')
        .leftJoin('users as u', 'u.id', 'v.created_by')
        .selectAll('v')
        .select('u.display_name as created_by_name')
        .where('v.rule_id', '=', ruleId)
        .orderBy('v.version', 'desc')
        .execute(),

    version: (ruleId: string, version: number) => db.selectFrom('analysis_rule_versions').selectAll().where('rule_id', '=', ruleId).where('version', '=', version).executeTakeFirst(),
  };
}
export type RuleRepository = ReturnType<typeof createRuleRepository>;
