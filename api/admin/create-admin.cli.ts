// `npm run create-admin -- --username NAME [--agency-name 浙江省卫生健康委员会 --agency-code 330000 --agency-short 浙]`
// Creates the first province agency (when there is none) and an admin user in it, printing a
// one-time random password. Every insert is ledgered.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createDb } from '../../core/db/connect.js';
import { openDatabase } from '../../core/db/bootstrap.js';
import { appendLedger } from '../../core/ledger/append.js';
import { bootConfig } from '../../core/process.js';
import { userState } from '../auth/auth.service.js';
import { hashPassword } from '../auth/password.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    username: { type: 'string' },
    'display-name': { type: 'string' },
    'agency-name': { type: 'string' },
    'agency-code': { type: 'string' },
    'agency-short': { type: 'string' },
  },
});
const problems: string[] = [];
if (!values.username || !/^[a-z0-9._-]{3,64}$/.test(values.username)) problems.push('--username: 3–64 of a-z 0-9 . _ -');
if (values['agency-code'] && !/^\d{6}$/.test(values['agency-code'])) problems.push('--agency-code: six digits (administrative division code)');
if (problems.length) {
  process.stderr.write(`create-admin:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(2);
}
process.argv.length = 2; // the remaining arguments were ours, not the platform's
const { config, log } = bootConfig();
const handle = await openDatabase(config, log);
const { db } = createDb(handle.appUrl, 2);
const actor = { type: 'system' as const, id: 'create-admin' };
try {
  const password = randomBytes(9).toString('base64url') + '7';
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    let province = await trx.selectFrom('agencies').selectAll().where('level', '=', 'province').orderBy('created_at').executeTakeFirst();
    if (!province) {
      if (!values['agency-name'] || !values['agency-code'] || !values['agency-short']) {
        throw new Error('no agency exists yet: give --agency-name, --agency-code and --agency-short for the province agency');
      }
      const id = crypto.randomUUID();
      province = await trx
        .insertInto('agencies')
        .values({ id, parent_id: null, level: 'province', name: values['agency-name'], short_name: values['agency-short'], code: values['agency-code'], path: `/${id}/` })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendLedger(trx, { actor, action: 'agency.created', entityType: 'agency', entityId: id, state: province });
    }
    const user = await trx
      .insertInto('users')
      .values({
        username: values.username as string,
        display_name: values['display-name'] ?? '系统管理员',
        password_hash: hash,
        role: 'admin',
        agency_id: province.id,
        business_id: null,
        certificate_no: null,
        email: null,
        phone: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendLedger(trx, { actor, action: 'user.created', entityType: 'user', entityId: user.id, state: userState(user) });
    process.stdout.write(`admin ${user.username} created in ${province.name}\none-time password: ${password}\nchange it after the first login.\n`);
  });
} catch (err) {
  process.stderr.write(`create-admin failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await db.destroy();
  await handle.stop();
}
