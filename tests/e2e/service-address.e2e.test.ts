import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserPlatform } from './pages.js';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform } from './pages.js';

// R9 on a phone, in the demo (--demo, mail captured on this machine): the business registers its
// own e-mail as a service address, sees it waiting for verification, has a code sent to it, reads
// the code in its demo mailbox (the address is its account e-mail, so the mailbox shows it), types
// it in, and the address is in force.
let bp: BrowserPlatform;

beforeAll(async () => {
  bp = await startBrowserPlatform();
});
afterAll(async () => bp?.stop());

describe('service address proof on a phone', () => {
  it('add → 待验证 → send the code → type it from the demo mailbox → 已验证', async () => {
    const health = (await (await fetch(`${bp.platform.url}/api/health`)).json()) as { mail: { status: string } };
    expect(health.mail.status).toBe('captured');
    const hosp = await bp.db.selectFrom('users').select('business_id').where('username', '=', 'biz.hosp').executeTakeFirstOrThrow();
    const { page, errors } = await loggedInPage(bp.browser, bp.platform, 'biz.hosp', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await page.goto(`${bp.platform.url}/businesses/${hosp.business_id}`);
    await page.getByRole('button', { name: '+ 添加送达地址' }).click();
    await page.fill('form[aria-label="添加送达地址"] [name="address"]', 'biz.hosp@example.cn');
    await page.locator('form[aria-label="添加送达地址"] button[type="submit"]').click();
    const row = page.locator('tr', { hasText: 'biz.hosp@example.cn' });
    await row.getByText('待验证').waitFor();
    expect(await scrollsSideways(page)).toBe(false);

    await row.getByRole('button', { name: '发送验证码' }).click();
    await row.getByText(/验证码已发送至 b\*\*\*@example\.cn/).waitFor();

    // The demo mailbox, as its page reads it, with this user's session.
    const box = await page.evaluate(async () => (await (await fetch('/api/dev/mailbox')).json()) as { items: { to: string; subject: string; body: string }[] });
    const mail = box.items.find((m) => m.to === 'biz.hosp@example.cn' && m.subject.startsWith('送达地址验证码'))!;
    const code = /验证码[:：]\s*(\d{6})/.exec(mail.body)![1];

    await row.locator('input[name="code"]').fill(code);
    await row.getByRole('button', { name: '验证', exact: true }).click();
    await page.locator('tr', { hasText: 'biz.hosp@example.cn' }).getByText('已验证(生效)').waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    const stored = await bp.db.selectFrom('service_addresses').select('status').where('address', '=', 'biz.hosp@example.cn').executeTakeFirstOrThrow();
    expect(stored.status).toBe('verified');
    expectNoConsoleErrors(errors);
  });
});
