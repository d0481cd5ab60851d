import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/database.js';

/** Agencies as the registry routes read and change them. */
export function createAgencyRepository(db: Kysely<Database>) {
  const columns = ['id', 'parent_id', 'level', 'name', 'short_name', 'code', 'phone', 'path', 'area_abbreviation'] as const;
  return {
    /** Agencies whose path starts with the (LIKE-escaped) prefix, tree order. */
    subtree(pathLike: string) {
      return db.selectFrom('agencies').select(columns).where('path', 'like', pathLike).orderBy('path').execute();
    },
    /** The agency that supervises a business. */
    ofBusiness(businessId: string) {
      return db
        .selectFrom('agencies')
        .select(columns)
        .where('id', 'in', db.selectFrom('businesses').select('agency_id').where('id', '=', businessId))
        .execute();
    },
    /** Sets the phone of an agency inside the subtree; undefined when there is none there. */
    setPhone(id: string, pathLike: string, phone: string | null) {
      return db.updateTable('agencies').set({ phone }).where('id', '=', id).where('path', 'like', pathLike).returningAll().executeTakeFirst();
    },
  };
}
