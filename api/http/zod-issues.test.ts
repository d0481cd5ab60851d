import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issuesFromZod } from './zod-issues.js';
import { fieldMessage } from './i18n.js';

const codes = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  return r.success ? [] : issuesFromZod(r.error).map((i) => ({ path: i.path.join('.'), code: i.code, params: i.params }));
};

describe('zod issues in our vocabulary', () => {
  const s = z.strictObject({ kind: z.enum(['a', 'b']), id: z.uuid(), name: z.string().min(1).max(5), code: z.string().min(6), n: z.coerce.number().int().max(9), tags: z.array(z.string()).max(1), mail: z.email(), own: z.string().regex(/^x$/, 'uscc.check') });

  it('maps each kind of problem to a code with the numbers its text needs', () => {
    expect(codes(s, { kind: 'c', id: 'x', name: '', code: 'abc', n: 'q', tags: ['1', '2'], mail: 'no', own: 'y', extra: 1 })).toEqual([
      { path: 'kind', code: 'invalid_choice', params: { options: 'a、b' } },
      { path: 'id', code: 'invalid_id', params: undefined },
      { path: 'name', code: 'required', params: undefined },
      { path: 'code', code: 'too_short', params: { minimum: 6 } },
      { path: 'n', code: 'not_a_number', params: undefined },
      { path: 'tags', code: 'too_many', params: { maximum: 1 } },
      { path: 'mail', code: 'invalid_email', params: undefined },
      { path: 'own', code: 'uscc.check', params: undefined },
      { path: 'extra', code: 'unknown_field', params: undefined },
    ]);
    expect(codes(s.pick({ name: true, n: true }), { name: '123456', n: 10 })).toEqual([
      { path: 'name', code: 'too_long', params: { maximum: 5 } },
      { path: 'n', code: 'too_big', params: { maximum: 9 } },
    ]);
    // A choice not made reads the same as a wrong one: choose from the list.
    expect(codes(s.pick({ kind: true }), {})).toEqual([{ path: 'kind', code: 'invalid_choice', params: { options: 'a、b' } }]);
    expect(codes(s.pick({ id: true }), {})).toEqual([{ path: 'id', code: 'required', params: undefined }]);
  });

  it('words a code with its numbers in both languages', () => {
    expect(fieldMessage('too_long', 'zh-CN', { maximum: 100 })).toBe('最多 100 个字符');
    expect(fieldMessage('too_long', 'en', { maximum: 100 })).toBe('At most 100 characters');
    expect(fieldMessage('invalid_choice', 'zh-CN')).toBe('请从列表中选择');
  });
});
