import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createTemplateRegistry, platformTemplates } from './registry.js';
import type { DocumentTemplate } from './template.js';

const tpl = (version: number, over: Partial<DocumentTemplate<unknown>> = {}): DocumentTemplate<unknown> => ({
  kind: 'prior_notice',
  version,
  title: '行政处罚事先告知书',
  titleEn: 'Prior notice',
  numbering: { scheme: 'wenhao', nature: '告' },
  sealed: true,
  fields: z.unknown(),
  body: () => [],
  ...over,
});

describe('template registry', () => {
  it('keeps every version; latest and get by version', () => {
    const r = createTemplateRegistry([tpl(2), tpl(1), tpl(1, { kind: 'hearing_notice', title: '听证通知书' })]);
    expect(r.latest('prior_notice').version).toBe(2);
    expect(r.get('prior_notice', 1)?.version).toBe(1);
    expect(r.get('prior_notice', 3)).toBeUndefined();
    expect(r.get('hearing_notice', 1)?.title).toBe('听证通知书');
    expect(() => r.latest('penalty_decision')).toThrow(/no document template/);
  });

  it('refuses a kind+version registered twice, naming every problem', () => {
    expect(() => createTemplateRegistry([tpl(1), tpl(1), tpl(0, { kind: 'reminder' }), tpl(1, { kind: 'reminder', numbering: { scheme: 'wenhao', nature: 'X' } })])).toThrow(
      /prior_notice v1 is registered twice.*reminder: version 0.*reminder v1: 文号 nature "X"/,
    );
  });

  it("the platform's registry holds the consent documents, unnumbered and unsealed", () => {
    const r = platformTemplates();
    for (const kind of ['consent_confirmation', 'site_notice'] as const) expect(r.latest(kind)).toMatchObject({ numbering: { scheme: 'none' }, sealed: false });
  });
});
