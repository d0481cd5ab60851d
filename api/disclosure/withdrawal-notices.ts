import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Logger } from '../../core/log.js';
import type { Notifier } from '../../core/notify/notifier.js';
import { WITHDRAWAL_LIMIT } from '../../core/disclosure/withdrawal.js';
import type { PublicationRepository } from './publication.repository.js';

const SYSTEM = { type: 'system' as const, id: 'disclosure:withdrawals' };

/**
 * The 'disclosure.withdrawals' job (hourly): published decisions that were changed or revoked must be
 * withdrawn within three working days (行政处罚法 arts. 48 ¶2, 85). Each one not withdrawn is told to
 * the heads of its unit (the owning agency or one above it) once when it becomes due, and once more,
 * as overdue, when the three days have passed — marked on the row (withdrawal_notified_at,
 * withdrawal_escalated_at) with its ledger entry in the same transaction, so a second run tells no
 * one twice. Heads are told by e-mail where they have an address, and in the ledger either way.
 */
export function createWithdrawalNotices(deps: { db: Db; repo: PublicationRepository; notifier: () => Notifier | null; log: Logger; publicBaseUrl?: string }) {
  const { db, repo, log } = deps;

  async function tell(p: { id: string; title: string; agency_path: string; withdrawal_due_at: Date }, overdue: boolean, now: Date) {
    const notifier = deps.notifier();
    const due = new Date(p.withdrawal_due_at).toISOString();
    for (const head of await repo.headsOver(p.agency_path)) {
      let outcome: { channel: 'email' | 'ledger'; outboxId: string | null; status: string } = { channel: 'ledger', outboxId: null, status: 'recorded' };
      if (head.email && notifier) {
        const subject = overdue ? `公开信息撤回已超期 (withdrawal overdue): ${p.title}` : `公开信息须在三日内撤回 (withdrawal due): ${p.title}`;
        const body = [`${head.display_name}:`, '', `${p.title}`, `${overdue ? '已超过' : '须在'} ${due} ${overdue ? '的撤回期限' : '前撤回'}（${WITHDRAWAL_LIMIT.basis}）。`, `${deps.publicBaseUrl ?? ''}/disclosure/publications/${p.id}`].join('\n');
        const r = await notifier.send({ channel: 'email', to: head.email, subject, body, purpose: 'publication.withdrawal' }).catch((err: unknown) => {
          log.warn({ err, headId: head.id }, 'could not send the withdrawal notice');
          return null;
        });
        outcome = { channel: 'email', outboxId: r?.outboxId ?? null, status: r?.status ?? 'failed' };
      }
      await appendLedger(db, { actor: SYSTEM, action: overdue ? 'publication.withdrawal_overdue_notified' : 'publication.withdrawal_due_notified', entityType: 'user', entityId: head.id, state: null, context: { publicationId: p.id, dueAt: due, at: now.toISOString(), ...outcome } });
    }
  }

  return {
    /** Tells and escalates at `now` (a parameter, so tests move the clock); returns how many publications were told of. */
    async run(now: Date = new Date()): Promise<{ due: number; overdue: number }> {
      const counts = { due: 0, overdue: 0 };
      for (const p of await repo.withdrawalsToTell(now)) {
        const overdue = new Date(p.withdrawal_due_at!) < now;
        const marked = await db.transaction().execute(async (trx) => {
          const row = await repo.lock(trx, p.id);
          if (!row || row.status !== 'published' || !row.withdrawal_due_at) return null;
          if (overdue ? row.withdrawal_escalated_at : row.withdrawal_notified_at) return null;
          const out = await repo.update(trx, row.id, overdue ? { withdrawal_escalated_at: now, withdrawal_notified_at: row.withdrawal_notified_at ?? now } : { withdrawal_notified_at: now });
          await appendLedger(trx, { actor: SYSTEM, action: overdue ? 'publication.withdrawal_overdue' : 'publication.withdrawal_due', entityType: 'publication', entityId: out.id, state: out, context: { dueAt: new Date(out.withdrawal_due_at!).toISOString() } });
          return out;
        });
        if (!marked) continue;
        counts[overdue ? 'overdue' : 'due']++;
        await tell({ id: p.id, title: p.title, agency_path: p.agency_path, withdrawal_due_at: new Date(p.withdrawal_due_at!) }, overdue, now).catch((err: unknown) => log.error({ err }, 'could not tell heads of a withdrawal'));
      }
      if (counts.due || counts.overdue) log.info(counts, 'publication withdrawals told');
      return counts;
    },
  };
}
export type WithdrawalNotices = ReturnType<typeof createWithdrawalNotices>;
