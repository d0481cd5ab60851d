import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../core/db/connect.js';
import { launchBrowser, watchConsole } from '../support/browser.js';
import { platformAdminUrl, startPlatform, type Platform } from '../support/platform-process.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture.js';
import { expectNoConsoleErrors, LoginPage } from './pages.js';

// The whole consent flow as people meet it: an officer proposes in a desktop browser; the
// business signs on a phone with a code that arrives over a real SMTP conversation.
let platform: Platform;
let browser: Browser;
let smtp: SmtpCapture | undefined;
const inbox: { to: string; subject: string; text: string }[] = [];
let mailArrived: (() => void) | null = null;

beforeAll(async () => {
  smtp = await startSmtpCapture((m) => {
    const to = (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address ?? '';
    inbox.push({ to, subject: m.subject ?? '', text: m.text ?? '' });
    mailArrived?.();
  });
  platform = await startPlatform({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  await smtp?.stop();
});

function nextMail(match: (m: { to: string; subject: string }) => boolean) {
  const found = () => inbox.find(match);
  return new Promise<{ to: string; subject: string; text: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no mail arrived')), 15_000);
    const check = () => {
      const m = found();
      if (m) {
        clearTimeout(timer);
        mailArrived = null;
        resolve(m);
      }
    };
    mailArrived = check;
    check();
  });
}

function runVerify(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'core/ledger/verify.cli.ts'], {
      env: { ...process.env, DATA_DIR: platform.dataDir, EMBEDDED_PG_PORT: String(platform.pgPort), DATABASE_URL: '', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('device-installation consent, end to end', () => {
  let consentUrl: string;
  let officer: Page;
  let phone: Page;
  const errors: string[][] = [];

  it('an officer drafts a consent for the hospital canteen and sends it; the business is e-mailed', async () => {
    officer = await browser.newPage({ locale: 'zh-CN' });
    errors.push(watchConsole(officer));
    const login = new LoginPage(officer, platform.url);
    await login.open();
    await login.logIn('officer.wc', platform.logins.get('officer.wc')!);
    await officer.waitForURL((u) => !u.pathname.startsWith('/login'));
    await officer.goto(`${platform.url}/consents/new`);
    await officer.fill('input[name="businessSearch"]', '婺城区人民医院');
    const bizSelect = officer.locator('select[name="businessId"]');
    await bizSelect.locator('option', { hasText: '婺城区人民医院' }).waitFor({ state: 'attached' });
    await bizSelect.selectOption({ label: (await bizSelect.locator('option', { hasText: '婺城区人民医院' }).textContent())! });
    const siteSelect = officer.locator('select[name="siteId"]');
    await siteSelect.locator('option', { hasText: '营养食堂' }).waitFor({ state: 'attached' });
    await siteSelect.selectOption({ label: (await siteSelect.locator('option', { hasText: '营养食堂' }).textContent())! });
    const boxes = officer.locator('[data-testid="consent-devices"] input[type="checkbox"]');
    await boxes.first().waitFor();
    for (const box of await boxes.all()) await box.check();
    // 分析内容 is what the platform can do, shown read-only: no typed promise of masks, hats or rodents.
    const analysis = officer.locator('[data-testid="consent-analysis"]');
    await expect.poll(() => analysis.textContent()).toContain('平台不能识别老鼠、是否戴口罩、是否戴帽子、吸烟');
    expect(await analysis.locator('textarea').count()).toBe(0);
    await officer.click('button[type="submit"]');
    await officer.waitForURL(/\/consents\/[0-9a-f-]{36}$/);
    consentUrl = officer.url();
    await expect.poll(() => officer.locator('[data-testid="consent-text"]').textContent()).toContain('设备记录的内容将作为卫生健康行政执法的依据');
    await officer.getByRole('button', { name: '发送给单位' }).click();
    await officer.locator('[data-testid="consent-status"][data-status="proposed"]').waitFor();
    const notice = await nextMail((m) => m.to === 'hosp@example.cn' && m.subject.startsWith('待签署'));
    expect(notice.text).toContain('/consents/');
  });

  it('the business signs on a phone with the e-mailed code and downloads the signed PDF', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, acceptDownloads: true });
    phone = await ctx.newPage();
    errors.push(watchConsole(phone));
    const login = new LoginPage(phone, platform.url);
    await login.open();
    await login.logIn('biz.hosp', platform.logins.get('biz.hosp')!);
    // The business's home is its findings; its consents are in the menu.
    await phone.waitForURL((u) => u.pathname === '/portal/findings');
    await phone.goto(`${platform.url}/consents`);
    await phone.getByRole('link', { name: /QR\d{4}-\d{6}/ }).first().click();
    await phone.locator('[data-testid="sign-panel"]').waitFor();
    const textSha = (await phone.locator('[data-testid="text-sha256"]').textContent())!.trim();
    expect(textSha).toMatch(/^[0-9a-f]{64}$/);

    await phone.getByRole('button', { name: '获取验证码' }).click();
    const mail = await nextMail((m) => m.to === 'hosp@example.cn' && m.subject.startsWith('签署验证码'));
    const code = /验证码[:：]\s*(\d{6})/.exec(mail.text)![1];
    await phone.fill('input[name="code"]', code);
    for (const box of await phone.locator('[data-testid="sign-panel"] input[type="checkbox"]').all()) await box.check();
    await phone.fill('input[name="signerName"]', '王建国');
    const pad = phone.locator('[data-testid="signature-pad"]');
    await pad.scrollIntoViewIfNeeded();
    const b = (await pad.boundingBox())!;
    await phone.mouse.move(b.x + 20, b.y + b.height / 2);
    await phone.mouse.down();
    for (let i = 1; i <= 20; i++) await phone.mouse.move(b.x + 20 + i * 12, b.y + b.height / 2 + Math.sin(i / 2) * 30);
    await phone.mouse.up();
    await phone.getByRole('button', { name: '确认签署' }).click();
    await phone.locator('[data-testid="consent-status"][data-status="active"]').waitFor();
    await phone.locator('[data-testid="signature-record"]').waitFor();

    const [download] = await Promise.all([phone.waitForEvent('download'), phone.click('[data-testid="download-confirmation"]')]);
    const file = await download.path();
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').replace(/\s+/g, '');
    expect(text).toContain('设备记录的内容将作为卫生健康行政执法的依据');
    expect(text).toContain('不得故意损毁、擅自移动、拆除');
    expect(text).toContain(textSha);
    expect(text).toContain('王建国');
    // Every statement the business ticked is ticked on the paper, with when; the agency's side is there.
    expect(text.match(/✓/g)).toHaveLength(4);
    expect(text.match(/已勾选确认\d{4}-\d{2}-\d{2}\d{2}:\d{2}:\d{2}\(UTC\+8\)/g)).toHaveLength(4);
    for (const s of ['执法机构/Issuingagency', '联系电话0579-82170000', '发起人张伟(婺城执法)', '电子印章', '未加盖']) expect(text).toContain(s);
    expect(await phone.locator('[data-testid="confirmations"] li').count()).toBe(4);

    // The public verify page (what the QR code opens; no login) confirms the downloaded file and
    // refuses the same file with one byte changed.
    // The QR link carries the consent's random public ref (not the sequential QR2026-… one).
    const ref = /\/verify\/([0-9a-hjkmnp-tv-z]{20})/.exec(text)![1];
    const anyone = await browser.newPage({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    errors.push(watchConsole(anyone));
    await anyone.goto(`${platform.url}/verify/${ref}`);
    await anyone.getByText('婺城区人民医院').waitFor();
    await anyone.setInputFiles('input[name="pdf"]', file);
    const verdict = anyone.locator('[data-testid="verify-result"]');
    await expect.poll(() => verdict.getAttribute('data-match')).toBe('true');
    expect(await verdict.textContent()).toContain('一致');
    const altered = readFileSync(file);
    altered[Math.floor(altered.length / 2)] ^= 0xff;
    await anyone.setInputFiles('input[name="pdf"]', { name: 'altered.pdf', mimeType: 'application/pdf', buffer: altered });
    await expect.poll(() => verdict.getAttribute('data-match')).toBe('false');
    expect(await verdict.textContent()).toContain('不一致');
    await anyone.close();
  });

  it('the officer sees it in force with the signing events ledgered; npm run verify passes', async () => {
    await officer.goto(consentUrl);
    await officer.locator('[data-testid="consent-status"][data-status="active"]').waitFor();
    const id = consentUrl.split('/').pop()!;
    // The ledger, read as an auditor would, straight from the platform's database.
    const { db, pool } = createDb(platformAdminUrl(platform), 1);
    try {
      const actions = (await db.selectFrom('ledger_entries').select('action').where('entity_id', '=', id).orderBy('id').execute()).map((r) => r.action);
      expect(actions).toEqual(['consent.drafted', 'consent.proposed', 'consent.code_sent', 'consent.signed']);
      const signed = await db.selectFrom('ledger_entries').select('context').where('entity_id', '=', id).where('action', '=', 'consent.signed').executeTakeFirstOrThrow();
      expect(JSON.stringify(signed.context)).toContain('enforcement_basis');
    } finally {
      await pool.end();
    }
    const r = await runVerify();
    expect(r.out).not.toMatch(/BROKEN|problem/i);
    expect(r.code).toBe(0);
    for (const e of errors) expectNoConsoleErrors(e);
  });
});
