import type { Locator, Page } from 'playwright-core';

export type StageEntry = {
  /** Text fields and checkboxes by their name in the stage form (stage-forms.ts). */
  fields?: Record<string, string | boolean>;
  /** A fine, in yuan, for the form's penalty. */
  fineYuan?: string;
  participants?: [name: string, role: string][];
  /** Checkboxes of a multiple choice, by field and option (`grounds`, `涉及重大公共利益`). */
  checks?: [field: string, option: string][];
  /** Repeatable rows by field, each row's parts by name (`opinions`: [{ name, opinion }]). */
  rows?: Record<string, Record<string, string>[]>;
};

/** The case workspace as the officer, head or reviewer uses it: next actions, stage forms, evidence review. */
export class CaseWorkspacePage {
  constructor(
    readonly page: Page,
    private readonly base: string,
  ) {}
  readonly workspace = () => this.page.locator('[data-testid="case-workspace"]');
  async open(id: string) {
    await this.page.goto(`${this.base}/cases/${id}`);
    await this.workspace().waitFor();
  }
  async waitState(state: string) {
    await this.page.locator(`[data-testid="case-workspace"][data-state="${state}"]`).waitFor();
  }
  readonly form = (kind: string) => this.page.locator(`[data-testid="stage-form"][data-kind="${kind}"]`);
  readonly blocked = (kind: string) => this.page.locator(`[data-testid="blocked-action"][data-action="${kind}"]`);

  /** Opens the stage's form from its action button and fills it. */
  async fill(kind: string, entry: StageEntry): Promise<Locator> {
    await this.page.locator(`[data-testid="case-actions"] button[data-action="${kind}"]`).click();
    const form = this.form(kind);
    await form.waitFor();
    for (const [name, value] of Object.entries(entry.fields ?? {})) {
      const input = form.locator(`[name="${name}"]`);
      if (typeof value === 'boolean') await input.setChecked(value);
      else await input.fill(value);
    }
    for (const [field, option] of entry.checks ?? []) await form.locator(`input[name="${field}-${option}"]`).setChecked(true);
    for (const [field, rows] of Object.entries(entry.rows ?? {}))
      for (const [i, row] of rows.entries()) {
        if (!(await form.locator(`[data-testid="row-${field}-${i}"]`).count())) await form.locator(`button[name="add-${field}"]`).click();
        for (const [part, value] of Object.entries(row)) await form.locator(`[name="${field}-${i}.${part}"]`).fill(value);
      }
    if (entry.fineYuan !== undefined) {
      await form.locator('input[name="penalty-fine"]').setChecked(true);
      await form.locator('input[name="fineYuan"]').fill(entry.fineYuan);
    }
    const people = entry.participants ?? [];
    const rows = await form.locator('input[name^="participant-name-"]').count();
    for (let i = rows; i < people.length; i++) await form.getByRole('button', { name: '添加参加人员' }).click();
    for (const [i, [name, role]] of people.entries()) {
      await form.locator(`input[name="participant-name-${i}"]`).fill(name);
      await form.locator(`input[name="participant-role-${i}"]`).fill(role);
    }
    return form;
  }
  async submit(kind: string) {
    await this.form(kind).locator('button[type="submit"]').click();
  }
  /** Records a stage through its form and waits for the case's next version. */
  async record(kind: string, entry: StageEntry = {}) {
    const version = Number(await this.workspace().getAttribute('data-version'));
    await this.fill(kind, entry);
    await this.submit(kind);
    // The next version, or the form's refusal (named in the failure, so a test says why).
    const next = this.page.locator(`[data-testid="case-workspace"][data-version="${version + 1}"]`);
    const refused = this.form(kind).locator('[data-testid="case-refusal"], .field-error');
    await next.or(refused).first().waitFor();
    if (!(await next.count())) throw new Error(`${kind} refused: ${(await refused.allTextContents()).join(' | ')}`);
    await this.form(kind).waitFor({ state: 'detached' });
  }
  /** Answers every point of every evidence item's 002 §16 review as met, and saves each. */
  async reviewAllEvidence() {
    const items = this.page.locator('[data-testid="case-evidence"]');
    const n = await items.count();
    for (let i = 0; i < n; i++) {
      const item = items.nth(i);
      for (const radio of await item.locator('input[type="radio"][value="met"]').all()) await radio.check();
      await item.getByRole('button', { name: '保存审查' }).click();
      await items.nth(i).and(this.page.locator('[data-complete="true"]')).waitFor();
    }
  }
}
