import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentChecklist } from '../../core/self-reports/checklists.js';
import { launchBrowser, watchConsole } from '../support/browser.js';
import { startPlatform, type Platform } from '../support/platform-process.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture.js';
import { expectNoConsoleErrors, LoginPage } from './pages.js';

// Issue 16 item 3 (R14; 002 §14): a business fills its self-inspection report on a phone, item by
// item with photos, signs the commitment with the code that arrives by mail, and an officer of
// its district accepts it.
let platform: Platform;
let browser: Browser;
let smtp: SmtpCapture | undefined;
const inbox: { to: string; subject: string; text: string }[] = [];
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('kitchen photo')]);

beforeAll(async () => {
  smtp = await startSmtpCapture((m) => {
    const to = (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address ?? '';
    inbox.push({ to, subject: m.subject ?? '', text: m.text ?? '' });
  });
  platform = await startPlatform({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  await smtp?.stop();
});

async function mailWith(subject: string) {
  for (let i = 0; i < 150; i++) {
    const m = inbox.find((x) => x.subject.includes(subject));
    if (m) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no mail arrived');
}

describe('self-inspection report on a phone, signed with a code, accepted by an officer', () => {
  it('fills, signs and is accepted', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await ctx.newPage();
    const phoneErrors = watchConsole(phone);
    const login = new LoginPage(phone, platform.url);
    await login.open();
    await login.logIn('biz.hosp', platform.logins.get('biz.hosp')!);
    await phone.waitForURL((u) => !u.pathname.startsWith('/login'));
    await phone.goto(`${platform.url}/self-reports/mine`);
    await phone.getByRole('button', { name: '开始填写' }).first().click();
    await phone.waitForURL(/\/self-reports\/[0-9a-f-]{36}$/);
    const reportUrl = phone.url();

    for (const item of currentChecklist('medical').items) {
      const box = phone.locator(`[data-testid="item-${item.key}"]`);
      await box.locator('input[value="yes"]').check();
      if (item.photo) {
        await box.locator(`[data-testid="photo-${item.key}"]`).setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: JPEG });
        await expect.poll(() => box.locator('img').count(), { timeout: 15_000 }).toBe(1);
      }
    }
    await phone.getByRole('button', { name: '核对并签署' }).click();
    await expect.poll(() => phone.getByTestId('sr-commitment').textContent()).toContain('真实、准确、完整');
    await phone.getByRole('button', { name: '获取验证码' }).click();
    const mail = await mailWith('自查报告签署验证码');
    expect(mail.to).toBe('hosp@example.cn');
    const code = /验证码[:：]\s*(\d{6})/.exec(mail.text)![1];
    await phone.fill('input[name="signerName"]', '王建国');
    await phone.fill('input[name="code"]', code);
    await phone.getByRole('button', { name: '签署承诺并报送' }).click();
    await expect.poll(() => phone.getByTestId('sr-status').textContent(), { timeout: 15_000 }).toBe('待审核');
    expect(await phone.getByTestId('sr-signature').textContent()).toContain('王建国');
    expectNoConsoleErrors(phoneErrors);

    const officer = await browser.newPage({ locale: 'zh-CN' });
    const officerErrors = watchConsole(officer);
    const l2 = new LoginPage(officer, platform.url);
    await l2.open();
    await l2.logIn('officer.wc', platform.logins.get('officer.wc')!);
    await officer.waitForURL((u) => !u.pathname.startsWith('/login'));
    await officer.goto(`${platform.url}/self-reports/queue`);
    await officer.getByRole('link', { name: '查看' }).first().click();
    await officer.waitForURL(reportUrl.replace(platform.url, `${platform.url}`));
    expect(await officer.getByTestId('sr-signature').textContent()).toContain('e-mail');
    await officer.getByRole('button', { name: '审核通过' }).click();
    await expect.poll(() => officer.getByTestId('sr-status').textContent(), { timeout: 15_000 }).toBe('审核通过');
    expectNoConsoleErrors(officerErrors);
  });
});
