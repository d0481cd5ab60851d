// Cases with their REAL documents (issue 13 figures): a stage transition that issues its
// document (an on-site record: fields built from the case, validated, numbered, drawn with the
// CJK font, stored, hashed, ledgered; POST /api/cases/:id/stages, which also answers the
// workspace), and a 行政处罚决定书 issued through the case (the decision stage: fields from the
// case, the prior notice and statement, the agency's settings; drawn, sealed with the agency's key
// and PAdES-signed). p50/p95 over sequential requests, warm (one unmeasured call first).
// The platform's PostgreSQL; the API in this process with the platform's document service and
// core/seal. `npx tsx bench/case-documents.bench.ts` (BENCH_RUNS, BENCH_DECISIONS). Aims: ≤ 150 ms
// and ≤ 300 ms p95.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../api/app.js';
import { LoginThrottle } from '../api/auth/login-throttle.js';
import { ZH_BOLD } from '../api/documents/pdf-fonts.js';
import { createFsBlobStore } from '../core/blob/fs-blob-store.js';
import { CHECKLIST_POINTS } from '../core/cases/checklist.js';
import { createDb } from '../core/db/connect.js';
import { createEventBus } from '../core/events.js';
import { createLogger } from '../core/log.js';
import { createAgencySeal } from '../core/seal/create-agency-seal.js';
import { platformAdminUrl, startPlatform } from '../tests/support/platform-process.js';
import { insertFlags } from '../tests/support/review-flags.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 30);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'vigil-case-docs-bench-'));

const platform = await startPlatform({ ANALYZER_ENABLED: '0' });
const { db, pool } = createDb(platformAdminUrl(platform), 4);
try {
  const log = createLogger('silent');
  const app = createApp({
    db,
    log,
    events: createEventBus(),
    queueOk: () => true,
    sessionTtlMs: 3600_000,
    cookieSecure: false,
    loginMaxAttempts: 5,
    loginWindowMs: 60_000,
    loginThrottle: new LoginThrottle({ maxAttempts: 5, windowMs: 60_000, addressMaxFailures: 100 }),
    bodyLimitBytes: 64 * 1024,
    blobs: createFsBlobStore(path.join(tmp, 'blobs')),
    notifier: null,
    mailCaptured: false,
    publicBaseUrl: 'http://127.0.0.1:3000',
    rtmpBaseUrl: 'rtmp://127.0.0.1:1935',
    streamsInternalUrl: 'http://127.0.0.1:9',
    internalToken: 'bench-internal-token-not-used-000',
    seal: createAgencySeal({ keysDir: path.join(tmp, 'keys'), db, log, font: ZH_BOLD }),
  });
  type W = { case: { id: string; version: number }; evidence: { id: string; version: number }[] };
  const login = async (username: string) => {
    const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: platform.logins.get(username) }) });
    const body = (await res.json()) as { csrfToken: string; user: { id: string; agencyId: string | null } };
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    const call = async (method: string, p: string, b?: unknown) => {
      const r = await app.request(p, { method, headers: { cookie, 'x-csrf-token': body.csrfToken, ...(b ? { 'content-type': 'application/json' } : {}) }, body: b ? JSON.stringify(b) : undefined });
      if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<W>;
    };
    return { id: body.user.id, agencyId: body.user.agencyId, call };
  };
  const officer = await login('officer.wc');
  const manager = await login('manager.jh');
  const admin = await login('admin');
  const second = await db.insertInto('users').values({ username: 'officer.bench2', display_name: '李娜', password_hash: 'x', role: 'officer', agency_id: officer.agencyId, certificate_no: '浙卫执字第9号' }).returning('id').executeTakeFirstOrThrow();
  await admin.call('PUT', `/api/cases/settings/agencies/${officer.agencyId}/documents`, {
    reconsiderationBody: '金华市婺城区人民政府',
    court: '金华市婺城区人民法院',
    paymentPayee: '金华市婺城区财政局非税收入汇缴结算户',
    paymentAccount: '19610101040012345',
    paymentChannel: '到代收银行缴纳，或通过浙江政务服务网统一公共支付平台在线缴纳',
    contactAddress: '金华市婺城区宾虹路500号',
    contactPhone: '0579-82468135',
    largeAmountPersonFen: 500_000,
    largeAmountOrganisationFen: 5_000_000,
    statementDays: 3,
  });
  const device = await db.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').select('d.id').where('b.name', '=', '婺城区人民医院').where('d.kind', '=', 'camera').executeTakeFirstOrThrow();
  const two = [officer.id, second.id];
  const penalty = { kinds: ['fine'], fineYuan: 20000 };
  const facts = '当事人消毒供应室操作间摄像头被遮挡，期间未按规定对复用器械进行消毒。';
  const step = (who: typeof officer, w: W, body: Record<string, unknown>) => who.call('POST', `/api/cases/${w.case.id}/stages`, { expectedVersion: w.case.version, ...body });

  async function investigating(): Promise<W> {
    const [flag] = await insertFlags(db, device.id, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.id }]);
    let w = await officer.call('POST', '/api/cases/from-flags', { flagIds: [flag.id], cause: '未按规定开展消毒工作', category: '医', investigatorIds: two, summary: '摄像头被遮挡', headOpinion: '同意受理。', headId: manager.id });
    for (const e of w.evidence) w = await officer.call('PUT', `/api/cases/${w.case.id}/evidence/${e.id}/checklist`, { checklist: Object.fromEntries(CHECKLIST_POINTS.map((p) => [p, { met: true }])), expectedVersion: e.version });
    w = await step(officer, w, { kind: 'filing', fields: { report: '建议立案' } });
    return step(manager, w, { kind: 'filing_approval', fields: { opinion: '同意立案' } });
  }
  async function atDecision(): Promise<W> {
    let w = await investigating();
    const now = new Date().toISOString();
    w = await step(officer, w, { kind: 'inquiry', officerIds: two, participants: [{ name: '王建国', role: '法定代表人' }], fields: { subject: '王建国', record: '见问答', place: '会议室', time: { from: now, to: now }, rightsExplained: true, qa: [{ q: '摄像头为何被遮挡？', a: '检修时遮挡。' }] } });
    w = await step(officer, w, { kind: 'investigation_end', fields: { facts, evidenceSummary: '视频、询问笔录', proposal: '罚款', violated: ['《消毒管理办法》第四条'], basis: ['《消毒管理办法》第四十一条'], penalty, discretion: '一般情节' } });
    const members = ['钱伟', '张伟', '李娜'].map((name) => ({ name, role: '合议人员' }));
    w = await step(officer, w, { kind: 'panel_discussion', participants: members, fields: { opinion: '同意', place: '会议室', recorder: '吴婷', opinions: members.map((m) => ({ name: m.name, opinion: '同意' })) } });
    w = await step(manager, w, { kind: 'approval', fields: { opinion: '同意', penalty } });
    w = await step(officer, w, { kind: 'prior_notice', fields: { facts, legalBasis: '《消毒管理办法》第四十一条', violated: ['《消毒管理办法》第四条'], penalty, hearingRight: false } });
    return step(officer, w, { kind: 'statement', fields: { waived: false, statement: '请求从轻。', hearingWaived: true } });
  }

  // Stage transitions with a real document (on-site record), round-robin over 10 cases.
  const cases: W[] = [];
  for (let i = 0; i < 10; i++) cases.push(await investigating());
  const transition: number[] = [];
  for (let i = -1; i < RUNS; i++) {
    const k = (i + 10) % cases.length;
    const start = performance.now();
    cases[k] = await step(officer, cases[k], { kind: 'on_site_inspection', officerIds: two, participants: [{ name: '王建国', role: '法定代表人' }], fields: { place: '消毒供应室', findings: `第 ${i} 次检查：操作间摄像头已恢复。` } });
    if (i >= 0) transition.push(performance.now() - start);
  }
  console.log(`stage transition with its real document (on-site record PDF + ledger, then the workspace): p50 ${pct(transition, 50).toFixed(1)} ms, p95 ${pct(transition, 95).toFixed(1)} ms (${RUNS})`);

  // Decisions through the case: sealed and signed 行政处罚决定书.
  const ready: W[] = [];
  for (let i = 0; i < DECISIONS + 1; i++) ready.push(await atDecision());
  const decision: number[] = [];
  for (let i = 0; i < ready.length; i++) {
    const start = performance.now();
    await step(manager, ready[i], { kind: 'decision', fields: { outcome: 'penalty', penalty, facts, legalBasis: '《消毒管理办法》第四十一条', discretion: '一般情节', correction: { kind: 'order', what: '立即改正' }, statementReview: '不予采纳' } });
    if (i > 0) decision.push(performance.now() - start);
  }
  console.log(`decision through the case (penalty decision PDF sealed + PAdES-signed, ledger, workspace): p50 ${pct(decision, 50).toFixed(1)} ms, p95 ${pct(decision, 95).toFixed(1)} ms (${DECISIONS})`);
} finally {
  await pool.end();
  await platform.stop();
}
