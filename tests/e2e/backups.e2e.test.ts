import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform, type BrowserPlatform } from './pages.js';

/**
 * 异地备份 (R10) in Chromium: `npm run backup` beside the running platform writes a backup to
 * BACKUP_DIR; the admin sees it under 系统管理, the archivist on his phone from his menu.
 */
let bp: BrowserPlatform;
let backupDir: string;
beforeAll(async () => {
  backupDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-e2e-backup-'));
  bp = await startBrowserPlatform({ BACKUP_DIR: backupDir, BACKUP_INTERVAL_HOURS: '24' });
});
afterAll(async () => {
  await bp?.stop();
  if (backupDir) rmSync(backupDir, { recursive: true, force: true });
});

function backupNow(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, DATA_DIR: bp.platform.dataDir, EMBEDDED_PG_PORT: String(bp.platform.pgPort), BACKUP_DIR: backupDir, DATABASE_URL: '', LOG_LEVEL: 'error' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'core/backup/backup.cli.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('off-site backups in the browser', () => {
  it('a backup made beside the running platform is listed for the admin (系统管理) and the archivist (phone)', async () => {
    const made = await backupNow();
    expect(made.out).toMatch(/backup \d{8}T\d{6}Z-[0-9a-f]{4} written to/);
    expect(made.code).toBe(0);
    const id = /backup (\S+) written/.exec(made.out)![1];

    const admin = await loggedInPage(bp.browser, bp.platform, 'admin');
    await admin.page.goto(`${bp.platform.url}/admin/backups`);
    await admin.page.waitForSelector(`[data-testid="backup-list"] tr[data-status="completed"]`);
    expect(await admin.page.textContent('[data-testid="backup-schedule"]')).toContain('每 24 小时自动备份一次');
    expect(await admin.page.textContent('[data-testid="backup-list"]')).toContain(id);
    expect(await admin.page.$$eval('[data-testid="admin-tabs"] a', (as) => as.map((a) => a.textContent))).toContain('异地备份');
    expectNoConsoleErrors(admin.errors);
    await admin.page.close();

    const arch = await loggedInPage(bp.browser, bp.platform, 'archivist.jh', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await arch.page.waitForURL((u) => u.pathname === '/cases/archive');
    await arch.page.click('button.menu-button[aria-controls="main-nav"]');
    await arch.page.click('#main-nav .nav-links a:has-text("异地备份")');
    await arch.page.waitForSelector(`[data-testid="backup-list"] tr[data-status="completed"]`);
    // The phone layout: the table stacks, nothing wider than the screen.
    expect(await scrollsSideways(arch.page)).toBe(false);
    expectNoConsoleErrors(arch.errors);
    await arch.page.close();
  });
});
