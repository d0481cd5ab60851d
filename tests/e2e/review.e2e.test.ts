import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/connect.js';
import type { Platform } from '../support/platform-process.js';
import { cameraOf, insertFlags } from '../support/review-flags.js';
import { expectNoConsoleErrors, FlagListPage, loggedInPage, scrollsSideways, startBrowserPlatform } from './pages.js';

// The officer's triage queue in Chromium against the real platform: a flag written to the
// database (as the analyzer writes it, with its NOTIFY) appears in the open queue without a
// reload; the officer opens and confirms it with the keyboard alone; an officer of another
// district never sees it.
let platform: Platform;
let browser: Browser;
let db: Db;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => ({ platform, browser, db, stop } = await startBrowserPlatform()));
afterAll(async () => stop?.());

const loggedIn = (username: string) => loggedInPage(browser, platform, username);

describe('triage in the browser', () => {
  it('a new flag appears in the open queue without reload; the officer opens and confirms it by keyboard; 金东 never sees it', async () => {
    const wc = await loggedIn('officer.wc');
    const jd = await loggedIn('officer.jd');
    await new FlagListPage(wc.page, platform.url).open();
    await new FlagListPage(jd.page, platform.url).open();
    await wc.page.locator('.badge-ok', { hasText: '实时更新已连接' }).waitFor();
    await jd.page.locator('.badge-ok', { hasText: '实时更新已连接' }).waitFor();

    const camera = await cameraOf(db, '婺城区人民医院');
    const written = Date.now();
    const [flag] = await insertFlags(db, camera, [{ type: 'camera_covered', deadline_at: new Date(Date.now() + 3 * 3600_000) }], { notify: true });
    const item = wc.page.locator(`[data-testid="flag"][data-flag-id="${flag.id}"]`);
    await item.waitFor({ timeout: 10_000 });
    const shownAfterMs = Date.now() - written;
    expect(shownAfterMs).toBeLessThan(3000);
    expect(await item.textContent()).toContain('摄像头被遮挡');
    expect(await item.locator('[data-testid="countdown"]').textContent()).toMatch(/剩余 2小时5\d分|剩余 \d小时\d+分/);
    expect(await wc.page.locator('[data-testid="status-counts"] [data-status="new"] b').textContent()).toBe('1');

    // Nothing the flag's page asks for is missing (it asked for a finding before there could be one).
    const missing: string[] = [];
    wc.page.on('response', (r) => r.status() === 404 && missing.push(r.url()));
    // Keyboard only: j selects, Enter opens (and claims), c confirms, Enter decides.
    await wc.page.keyboard.press('j');
    expect(await item.getAttribute('aria-selected')).toBe('true');
    await wc.page.keyboard.press('Enter');
    await wc.page.waitForURL((u) => u.pathname === `/flags/${flag.id}`);
    await wc.page.locator('[data-testid="decision-bar"][data-status="in_review"]').waitFor();
    await wc.page.keyboard.press('?');
    await wc.page.locator('[data-testid="key-help"]').waitFor();
    await wc.page.keyboard.press('Escape');
    await wc.page.locator('[data-testid="key-help"]').waitFor({ state: 'detached' });
    await wc.page.keyboard.press('c');
    await wc.page.locator('[data-testid="decision-dialog"]').waitFor();
    await wc.page.keyboard.type('画面被遮挡属实');
    await wc.page.keyboard.press('Enter');
    await wc.page.locator('[data-testid="decision-bar"][data-status="confirmed"]').waitFor();
    expect(missing).toEqual([]);
    await wc.page.locator('[data-testid="review-history"]', { hasText: '确认' }).waitFor();
    expect(await wc.page.locator('[data-testid="review-history"]').textContent()).toMatch(/张伟\(婺城执法\)\s*打开并认领[\s\S]*张伟\(婺城执法\)\s*查看[\s\S]*张伟\(婺城执法\)\s*确认 · 画面被遮挡属实/);
    expect(await wc.page.locator('[data-testid="timeline-link"]').getAttribute('href')).toMatch(new RegExp(`^/devices/${camera}/media\\?date=\\d{4}-\\d{2}-\\d{2}`));

    const row = await db.selectFrom('flags').select(['review_status', 'decided_by', 'review_version']).where('id', '=', flag.id).executeTakeFirstOrThrow();
    const officer = await db.selectFrom('users').select('id').where('username', '=', 'officer.wc').executeTakeFirstOrThrow();
    expect(row).toEqual({ review_status: 'confirmed', decided_by: officer.id, review_version: 3 });
    const actions = (await db.selectFrom('ledger_entries').select('action').where('entity_id', '=', flag.id).orderBy('id').execute()).map((r) => r.action);
    expect(actions).toEqual(['flag.raised', 'flag.opened', 'flag.confirmed']);

    // Back in the queue, the confirmed flag has left the open list.
    await wc.page.keyboard.press('k');
    await wc.page.waitForURL((u) => u.pathname === '/flags');
    await wc.page.locator('.empty-title').waitFor();

    // 金东's officer: nothing arrived, nothing shown, and the flag itself is refused.
    expect(await jd.page.locator('[data-testid="flag"]').count()).toBe(0);
    expect(await jd.page.locator('.empty-title').textContent()).toBe('暂无预警');
    await jd.page.goto(`${platform.url}/flags/${flag.id}`);
    await jd.page.locator('[role="alert"]').first().waitFor();
    expect(await jd.page.locator('[data-testid="decision-bar"]').count()).toBe(0);
    const seenByJd = await db.selectFrom('flag_reviews as r').innerJoin('users as u', 'u.id', 'r.actor_id').select('r.action').where('r.flag_id', '=', flag.id).where('u.username', '=', 'officer.jd').execute();
    expect(seenByJd).toEqual([]);
    console.log(`flag written → visible in the open queue: ${shownAfterMs} ms`);

    // On a phone: the queue with a flag in it does not scroll sideways.
    await insertFlags(db, camera, [{ type: 'picture_frozen', deadline_at: new Date(Date.now() - 60_000) }], { notify: true });
    const { page: phone, errors: phoneErrors } = await loggedInPage(browser, platform, 'officer.wc', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await new FlagListPage(phone, platform.url).open();
    const overdue = phone.locator('[data-testid="flag"]', { hasText: '画面冻结' });
    await overdue.waitFor();
    expect(await overdue.locator('.countdown-overdue').textContent()).toMatch(/^超期 /);
    expect(await scrollsSideways(phone)).toBe(false);
    expectNoConsoleErrors(phoneErrors);

    expectNoConsoleErrors(wc.errors);
    expectNoConsoleErrors(jd.errors);
  });

  it('a keyboard dismissal (d, a reason digit, Enter) finishes without a note; only "other" asks for one', async () => {
    const wc = await loggedIn('officer.wc');
    const camera = await cameraOf(db, '婺城区人民医院');
    const far = new Date(Date.now() + 20 * 3600_000);
    const [plain, other] = await insertFlags(db, camera, [{ type: 'animal', deadline_at: far }, { type: 'phone_use', deadline_at: new Date(far.getTime() + 60_000) }], { notify: true });
    await new FlagListPage(wc.page, platform.url).open();
    const selectFlag = async (id: string) => {
      await wc.page.locator(`[data-testid="flag"][data-flag-id="${id}"]`).waitFor();
      for (let i = 0; i < 10 && (await wc.page.locator(`[data-testid="flag"][data-flag-id="${id}"]`).getAttribute('aria-selected')) !== 'true'; i++) await wc.page.keyboard.press('j');
      expect(await wc.page.locator(`[data-testid="flag"][data-flag-id="${id}"]`).getAttribute('aria-selected')).toBe('true');
    };
    const status = async (id: string) => db.selectFrom('flags').select(['review_status', 'dismiss_reason']).where('id', '=', id).executeTakeFirstOrThrow();

    await selectFlag(plain.id);
    await wc.page.keyboard.press('d');
    const dialog = wc.page.locator('[data-testid="decision-dialog"]');
    await dialog.waitFor();
    await wc.page.keyboard.press('1');
    expect(await dialog.textContent()).toContain('说明(可选)');
    await wc.page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await wc.page.locator(`[data-testid="flag"][data-flag-id="${plain.id}"]`).waitFor({ state: 'detached' });
    expect(await status(plain.id)).toEqual({ review_status: 'dismissed', dismiss_reason: 'false_detection' });
    const note = await db.selectFrom('flag_reviews').select('note').where('flag_id', '=', plain.id).where('action', '=', 'dismissed').executeTakeFirstOrThrow();
    expect(note.note).toBeNull();

    // "Other" (5) says nothing by itself: Enter names the note field and writes nothing; with words it goes.
    await selectFlag(other.id);
    await wc.page.keyboard.press('d');
    await dialog.waitFor();
    await wc.page.keyboard.press('5');
    expect(await dialog.textContent()).toContain('说明(必填)');
    await wc.page.keyboard.press('Enter');
    await dialog.locator('.field-error').waitFor();
    expect(await status(other.id)).toEqual({ review_status: 'new', dismiss_reason: null });
    await wc.page.keyboard.type('店家已整改');
    await wc.page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(await status(other.id)).toEqual({ review_status: 'dismissed', dismiss_reason: 'other' });
    expectNoConsoleErrors(wc.errors);
  });

  it('the manager sees the precision per type and the overdue flags; the admin records a holiday', async () => {
    const mgr = await loggedIn('manager.jh');
    await mgr.page.goto(`${platform.url}/review/stats`);
    const covered = mgr.page.locator('[data-testid="precision"] tr', { hasText: '摄像头被遮挡' });
    await covered.waitFor();
    expect(await covered.locator('td').last().textContent()).toBe('100%');
    await mgr.page.locator('[data-testid="overdue-by-unit"]', { hasText: '金华市婺城区卫生健康局' }).waitFor();
    // Settings are the administrators': a manager gets one clear sentence, not forms the server refuses.
    await mgr.page.goto(`${platform.url}/review/settings`);
    await mgr.page.getByText('您的账号无权使用此页面').waitFor();
    expect(await mgr.page.locator('[data-testid="policies"]').count()).toBe(0);
    expectNoConsoleErrors(mgr.errors);

    const admin = await loggedIn('admin');
    await admin.page.goto(`${platform.url}/review/settings`);
    await admin.page.locator('[data-testid="policies"]').waitFor();
    const year = new Date().getFullYear();
    await admin.page.getByLabel('日期').fill(`${year}-10-01`);
    await admin.page.getByLabel('名称(如 国庆节)').fill('国庆节');
    await admin.page.getByRole('button', { name: '登记' }).click();
    await admin.page.locator('[data-testid="holidays"] li', { hasText: `${year}-10-01 · 节假日 · 国庆节` }).waitFor();
    const row = await db.selectFrom('holidays').select(['kind', 'name', 'active']).where('day', '=', `${year}-10-01`).executeTakeFirstOrThrow();
    expect(row).toEqual({ kind: 'holiday', name: '国庆节', active: true });
    expect(await db.selectFrom('ledger_entries').select('action').where('entity_type', '=', 'holiday').execute()).toEqual([{ action: 'holiday.created' }]);
    expectNoConsoleErrors(admin.errors);
  });
});
