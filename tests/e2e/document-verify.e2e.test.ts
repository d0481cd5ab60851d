import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentService } from '../../api/documents/document.service.js';
import { createUnsignedSeal } from '../../api/documents/unsigned-seal.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { createDb, type Db } from '../../core/db/connect.js';
import { createTemplateRegistry } from '../../core/documents/registry.js';
import { launchBrowser, watchConsole } from '../support/browser.js';
import { platformAdminUrl, startPlatform, type Platform } from '../support/platform-process.js';
import { testDecisionTemplate } from '../support/test-document-template.js';
import { expectNoConsoleErrors } from './pages.js';

// The public verify page of an enforcement document (issue 13 item 6), on a phone, no login: the
// QR code's page shows the document's number, agency, date and versions; the issued PDF matches
// byte for byte, a corrected (older) version matches and says it was corrected, one changed byte
// does not match. The document is issued by the real DocumentService into the running platform's
// database and blob store (no route issues documents until the cases arrive).
let platform: Platform;
let browser: Browser;
let db: Db;
let dir: string;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  db = createDb(platformAdminUrl(platform), 2).db;
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-docverify-'));
});
afterAll(async () => {
  await db?.destroy();
  await browser?.close();
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('document verify page', () => {
  it('shows the document, matches its PDF, tells an older version apart, refuses a changed byte', async () => {
    const blobs = createFsBlobStore(path.join(platform.dataDir, 'blobs'));
    const docs = createDocumentService({ registry: createTemplateRegistry([testDecisionTemplate()]), blobs, seal: createUnsignedSeal(), publicBaseUrl: platform.url });
    const agency = await db.selectFrom('agencies').select('id').where('name', '=', '金华市婺城区卫生健康局').executeTakeFirstOrThrow();
    const fields = { party: '婺城区人民医院', facts: '未按规定对医疗器械进行消毒。', fineYuan: 20000, officers: [{ name: '张伟', certificateNo: '33070200123' }] };
    const actor = { type: 'system' as const, id: 'e2e' };
    const v1 = await db.transaction().execute((trx) => docs.issue(trx, { kind: 'penalty_decision', agencyId: agency.id, subject: { type: 'case', id: '6f1c2a4e-0000-4000-8000-000000000001' }, category: '医', fields, signers: [], actor }));
    const v2 = await db.transaction().execute((trx) => docs.correct(trx, { documentId: v1.id, fields: { ...fields, facts: '未按规定对重复使用的医疗器械进行消毒。' }, reason: '违法事实表述补正', signers: [], actor }));
    const save = async (sha: string, name: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, Buffer.concat(await (await blobs.get(sha)).toArray()));
      return file;
    };

    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const errors = watchConsole(page);
    await page.goto(`${platform.url}/verify/${v1.publicRef}`);
    const facts = page.locator('[data-testid="verify-document"]');
    await facts.waitFor();
    expect(await page.locator('[data-testid="verify-number"]').textContent()).toBe(v1.number);
    const shown = (await facts.textContent()) ?? '';
    for (const s of ['金华市婺城区卫生健康局', '第 2 版', '不加盖']) expect(shown).toContain(s);
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).toContain(v1.sha256);
    expect(body).toContain(v2.sha256);
    expect(body).toContain('违法事实表述补正');
    // No sideways scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const verdict = page.locator('[data-testid="verify-result"]');
    await page.setInputFiles('input[name="pdf"]', await save(v2.sha256, 'v2.pdf'));
    await expect.poll(() => verdict.getAttribute('data-match')).toBe('true');
    expect(await verdict.textContent()).toContain('第 2 版文书完全相同');
    await page.setInputFiles('input[name="pdf"]', await save(v1.sha256, 'v1.pdf'));
    await expect.poll(async () => (await verdict.textContent()) ?? '').toContain('该版已被更正');
    const altered = Buffer.concat(await (await blobs.get(v2.sha256)).toArray());
    altered[Math.floor(altered.length / 2)] ^= 0xff;
    await page.setInputFiles('input[name="pdf"]', { name: 'altered.pdf', mimeType: 'application/pdf', buffer: altered });
    await expect.poll(() => verdict.getAttribute('data-match')).toBe('false');
    expect(await verdict.textContent()).toContain('不一致');
    await page.close();
    expectNoConsoleErrors(errors);
  });
});
