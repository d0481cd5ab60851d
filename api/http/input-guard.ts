import type { MiddlewareHandler } from 'hono';
import { AppError, type Issue } from '../../core/errors.js';
import type { AppEnv } from './context.js';

/**
 * One rule for text at the boundary of every /api request: the path, the query string and
 * every key and string value of a JSON body must be well-formed UTF-8 (no lone surrogates) and
 * free of control characters other than tab, line feed and carriage return. PostgreSQL refuses
 * 0x00 in text, so without this rule a NUL anywhere became a 500; now it is a 400
 * `validation_failed` naming the field (`path`, `query.q`, `body.name`, `body.devices.0.name`),
 * before any handler runs, so nothing is written.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export type TextProblem = 'text.invalid_utf8' | 'text.control_char';

/** Why a decoded string may not be stored, or null when it is fine. */
export function textProblem(s: string): TextProblem | null {
  if (LONE_SURROGATE.test(s)) return 'text.invalid_utf8';
  if (CONTROL.test(s)) return 'text.control_char';
  return null;
}

/** Percent-decodes one URL component strictly: null when the bytes are not UTF-8. */
export function decodeComponent(raw: string, plusIsSpace: boolean): string | null {
  try {
    return decodeURIComponent(plusIsSpace ? raw.replace(/\+/g, ' ') : raw);
  } catch {
    return null;
  }
}

/** The first bad component of a raw path ('/api/x/%00') or query ('a=1&q=%C3%28'). */
export function urlIssue(rawPath: string, rawQuery: string): Issue | null {
  for (const segment of rawPath.split('/')) {
    const d = decodeComponent(segment, false);
    const problem = d === null ? 'text.invalid_utf8' : textProblem(d);
    if (problem) return { path: ['path'], message: problem };
  }
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const key = decodeComponent(rawKey, true);
    const keyProblem = key === null ? 'text.invalid_utf8' : textProblem(key);
    if (keyProblem) return { path: ['query'], message: keyProblem };
    if (eq < 0) continue;
    const value = decodeComponent(pair.slice(eq + 1), true);
    const problem = value === null ? 'text.invalid_utf8' : textProblem(value);
    if (problem) return { path: ['query', key as string], message: problem };
  }
  return null;
}

/** Deeper than any form of ours nests; beyond it a body is refused rather than walked. */
export const MAX_JSON_DEPTH = 64;

/** Walks a parsed JSON value (without recursion): the first key or string value that breaks the rule. */
export function jsonIssue(root: unknown): Issue | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: ['body'] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return { path, message: problem };
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (path.length > MAX_JSON_DEPTH) return { path: ['body'], message: 'json.too_deep' };
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [k] of entries) {
      const keyProblem = typeof k === 'string' ? textProblem(k) : null;
      if (keyProblem) return { path, message: keyProblem };
    }
    // Pushed in reverse so the first field is checked first.
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], path: [...path, entries[i][0]] });
  }
  return null;
}

/** Checks the raw bytes of a JSON body: invalid UTF-8, then each key and string value. */
export function jsonBodyIssue(bytes: Uint8Array): Issue | null {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { path: ['body'], message: 'text.invalid_utf8' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null; // not JSON at all: the route's own parsing answers invalid_json
  }
  return jsonIssue(parsed);
}

const isJson = (contentType: string | undefined) => /^application\/([\w.+-]+\+)?json\b/i.test(contentType ?? '');

/** The middleware: runs after the body limit, before the session and any handler. */
export const inputGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = c.req.url;
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const q = url.indexOf('?', start);
  const hash = url.indexOf('#', start);
  const end = hash < 0 ? url.length : hash;
  const rawPath = url.slice(start, q < 0 ? end : q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1, end);
  const fromUrl = urlIssue(rawPath, rawQuery);
  if (fromUrl) throw new AppError('validation_failed', '', [fromUrl]);
  if (c.req.raw.body !== null && isJson(c.req.header('content-type'))) {
    const fromBody = jsonBodyIssue(new Uint8Array(await c.req.arrayBuffer()));
    if (fromBody) throw new AppError('validation_failed', '', [fromBody]);
  }
  await next();
};
