import { describe, expect, it } from 'vitest';
import { jsonBodyIssue, jsonIssue, textProblem, urlIssue } from './input-guard.js';

describe('input guard', () => {
  it('allows ordinary text with tabs and line breaks, refuses NUL, other C0 controls and lone surrogates', () => {
    expect(textProblem('婺城区\t一楼\r\n二楼')).toBeNull();
    expect(textProblem('😀')).toBeNull();
    expect(textProblem('a\u0000')).toBe('text.control_char');
    expect(textProblem('a\u001b[31m')).toBe('text.control_char');
    expect(textProblem('\ud800x')).toBe('text.invalid_utf8');
    expect(textProblem('x\udc00')).toBe('text.invalid_utf8');
  });
  it('names the query key or the path', () => {
    expect(urlIssue('/api/businesses', 'q=%E6%B5%8B&limit=5')).toBeNull();
    expect(urlIssue('/api/businesses', 'limit=5&q=%00')).toEqual({ path: ['query', 'q'], message: 'text.control_char' });
    expect(urlIssue('/api/businesses', 'q=%C3%28')).toEqual({ path: ['query', 'q'], message: 'text.invalid_utf8' });
    expect(urlIssue('/api/businesses/%C3%28', '')).toEqual({ path: ['path'], message: 'text.invalid_utf8' });
    expect(urlIssue('/api/x', 'a+b=c+d')).toBeNull();
  });
  it('walks JSON to the first bad value, naming its full path', () => {
    expect(jsonIssue({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).toEqual({ path: ['body', 'a', 1, 'c'], message: 'text.control_char' });
    expect(jsonIssue({ n: 1, ok: true, s: null })).toBeNull();
    expect(jsonBodyIssue(new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]))).toEqual({ path: ['body'], message: 'text.invalid_utf8' });
    expect(jsonBodyIssue(new TextEncoder().encode('{"a":'))).toBeNull();
  });
  it('refuses a body nested deeper than any form instead of overflowing the stack', () => {
    const n = 100_000;
    expect(jsonBodyIssue(new TextEncoder().encode('['.repeat(n) + ']'.repeat(n)))).toEqual({ path: ['body'], message: 'json.too_deep' });
    expect(jsonIssue(JSON.parse('{"a":'.repeat(30) + '"x\\u0000"' + '}'.repeat(30)))?.path).toHaveLength(31);
  });
});
