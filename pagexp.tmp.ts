import { launchBrowser } from './tests/support/browser.js';
const zip = process.argv[2];
const page0 = process.argv[3];
const browser = await launchBrowser();
const page = await browser.newPage();
await page.goto(`file://${page0}`);
for (let run = 0; run < 3; run++) {
  await page.reload();
  await page.setInputFiles('#zip', zip);
  await page.waitForFunction(() => /全部通过|未通过/.test(document.getElementById('verdict')?.textContent ?? ''), undefined, { timeout: 120_000 });
  console.log(await page.locator('#verdict').textContent(), await page.locator('#timing').textContent());
}
await browser.close();
