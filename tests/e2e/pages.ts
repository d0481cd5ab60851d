import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Page objects: the tests speak of what a user does, not of selectors. */
export class LoginPage {
  constructor(private readonly page: Page, private readonly base: string) {}
  async open() {
    await this.page.goto(`${this.base}/login`);
    await this.page.waitForSelector('input[name="username"]');
  }
  async logIn(username: string, password: string) {
    await this.page.fill('input[name="username"]', username);
    await this.page.fill('input[name="password"]', password);
    await this.page.click('button[type="submit"]');
  }
}

export class BusinessListPage {
  constructor(private readonly page: Page, private readonly base: string) {}
  async open() {
    await this.page.goto(`${this.base}/businesses`);
    await this.page.locator('[data-testid="business-list"]').or(this.page.getByText('暂无单位')).first().waitFor();
  }
  async listText() {
    await this.page.waitForSelector('[data-testid="business-list"]');
    return this.page.textContent('[data-testid="business-list"]');
  }
  async search(q: string) {
    const box = this.page.locator('input[type="search"], input[name="q"]').first();
    await box.fill(q);
    await box.press('Enter');
  }
}

export class BusinessFormPage {
  constructor(private readonly page: Page, private readonly base: string) {}
  async open() {
    await this.page.goto(`${this.base}/businesses/new`);
    await this.page.waitForSelector('input[name="creditCode"]');
  }
  async fill(b: { name: string; creditCode: string; category: string; district: string; address: string }) {
    await this.page.fill('input[name="name"]', b.name);
    await this.page.fill('input[name="creditCode"]', b.creditCode);
    await this.page.selectOption('select[name="category"]', b.category);
    await this.page.waitForFunction(() => document.querySelectorAll('select[name="agencyId"] option').length > 1);
    await this.page.selectOption('select[name="agencyId"]', { label: b.district });
    await this.page.fill('[name="address"]', b.address);
  }
  async submit() {
    await this.page.click('button[type="submit"]');
  }
  async fieldError(field: string) {
    const el = await this.page.waitForSelector(`[data-testid="error-${field}"]`);
    return el.textContent();
  }
}

export function expectNoConsoleErrors(errors: string[]) {
  // A refused API call shows as "Failed to load resource … 4xx": expected when the test provokes it.
  const real = errors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e));
  expect(real).toEqual([]);
}
