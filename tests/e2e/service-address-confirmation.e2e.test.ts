import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserPlatform } from './pages.js';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform } from './pages.js';

// Issue 14 item 1 on a 390 px phone, in the demo (--demo, mail captured here): the business sees it
// has no confirmation (no electronic service), proves a new e-mail address with the code from its
// demo mailbox, chooses its addresses, reads the confirmation, ticks each statement, signs, and
// downloads the PDF; the officer sees the confirmation in force on the business's page.
let bp: BrowserPlatform;

beforeAll(async () => {
  bp = await startBrowserPlatform();
});
afterAll(async () => bp?.stop());

describe('送达地址确认书 on a phone', () => {
  it('empty state → prove an address → choose → review → tick → sign → download; the officer sees it', async () => {
    const hosp = await bp.db.selectFrom('users').select('business_id').where('username', '=', 'biz.hosp').executeTakeFirstOrThrow();
    const businessId = hosp.business_id!;
    const { page, errors } = await loggedInPage(bp.browser, bp.platform, 'biz.hosp', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, acceptDownloads: true });
    await page.goto(`${bp.platform.url}/businesses/${businessId}/service-addresses`);
    await page.getByText('尚未确认送达地址:无法电子送达').waitFor();
    expect(await scrollsSideways(page)).toBe(false);

    // A new address, proven with the code that went to it (the account's own e-mail: the demo mailbox shows it).
    await page.getByRole('button', { name: '+ 添加送达地址' }).click();
    await page.fill('form[aria-label="添加送达地址"] [name="address"]', 'biz.hosp@example.cn');
    await page.locator('form[aria-label="添加送达地址"] button[type="submit"]').click();
    const row = page.locator('tr', { hasText: 'biz.hosp@example.cn' });
    await row.getByRole('button', { name: '发送验证码' }).click();
    await row.getByText(/验证码已发送至/).waitFor();
    const box = await page.evaluate(async () => (await (await fetch('/api/dev/mailbox')).json()) as { items: { to: string; subject: string; body: string }[] });
    const mail = box.items.find((m) => m.to === 'biz.hosp@example.cn' && m.subject.startsWith('送达地址验证码'))!;
    await row.locator('input[name="code"]').fill(/验证码[:：]\s*(\d{6})/.exec(mail.body)![1]);
    await row.getByRole('button', { name: '验证', exact: true }).click();
    await page.locator('tr', { hasText: 'biz.hosp@example.cn' }).getByText('已验证(生效)').waitFor();

    // Step 1: its proven addresses are offered (and chosen), the portal account too; the signer.
    await page.getByRole('button', { name: '签署送达地址确认书' }).click();
    const step1 = page.locator('[data-testid="confirmation-step1"]');
    await step1.getByText('biz.hosp@example.cn', { exact: true }).waitFor();
    await step1.getByText('hosp@example.cn', { exact: true }).waitFor();
    expect(await step1.locator('input[type="checkbox"]:checked').count()).toBe(3); // two e-mails and the portal
    await step1.getByRole('button', { name: '下一步:核对确认书' }).click();
    await step1.getByText('请填写签署人姓名').first().waitFor();
    await page.fill('input[name="signerName"]', '王建国');
    await page.fill('input[name="signerRole"]', '法定代表人');
    await step1.getByRole('button', { name: '下一步:核对确认书' }).click();

    // Step 2: the confirmation as printed — addresses, scope, effect, change clause — then the ticks.
    const preview = page.locator('[data-testid="confirmation-preview"]');
    for (const s of ['biz.hosp@example.cn', '行政处罚决定书', '催告书', '之日为送达之日', '文书到达上述地址即视为送达', '重新签署送达地址确认书']) await preview.getByText(s, { exact: false }).first().waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await page.getByRole('button', { name: '确认签署' }).click();
    await page.locator('[data-testid="error-confirmed"]').getByText('请逐项勾选确认事项').waitFor();
    expect(await bp.db.selectFrom('service_address_confirmations').select('id').execute()).toEqual([]);
    for (const tick of await page.locator('[data-testid="confirmation-step2"] fieldset input[type="checkbox"]').all()) await tick.check();
    await page.getByRole('button', { name: '确认签署' }).click();
    await page.locator('[data-testid="confirmation-signed"]').getByText(/已签署第 1 版送达地址确认书/).waitFor();
    const card = page.locator('[data-testid="confirmation-v1"]');
    await card.getByText('现行').waitFor();
    await card.getByText('biz.hosp@example.cn').waitFor();
    expect(await scrollsSideways(page)).toBe(false);

    // The PDF as the phone downloads it: the addresses, scope, effect; its hash is the one recorded and ledgered.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="confirmation-pdf-v1"]')]);
    const file = await download.path();
    const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
    const row1 = await bp.db.selectFrom('service_address_confirmations').selectAll().where('business_id', '=', businessId).executeTakeFirstOrThrow();
    expect(row1.pdf_sha256).toBe(sha);
    const entry = await bp.db.selectFrom('ledger_entries').select('context').where('action', '=', 'service_address_confirmation.signed').where('entity_id', '=', row1.id).executeTakeFirstOrThrow();
    expect(entry.context).toMatchObject({ sha256: sha });
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').replace(/\s+/g, '');
    for (const s of ['送达地址确认书', 'biz.hosp@example.cn', 'hosp@example.cn', '用户名：biz.hosp', '行政处罚事先告知书', '之日为送达之日', '签署人（法定代表人）：王建国']) expect(text, s).toContain(s);
    expectNoConsoleErrors(errors);

    // The officer of the district sees the confirmation in force on the business's page.
    const officer = await loggedInPage(bp.browser, bp.platform, 'officer.wc');
    await officer.page.goto(`${bp.platform.url}/businesses/${businessId}`);
    const summary = officer.page.locator('[data-testid="confirmation-summary"]');
    await summary.locator('[data-testid="confirmation-v1"]').getByText('现行').waitFor();
    await summary.getByText('biz.hosp@example.cn').waitFor();
    expectNoConsoleErrors(officer.errors);
  });
});
