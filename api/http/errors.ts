import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { isDbUnavailable } from '../../core/db/unavailable.js';
import { AppError, type ErrorCode, type Issue } from '../../core/errors.js';
import type { AppEnv } from './context.js';
import { fieldMessage, genericMessage, type Lang } from './i18n.js';

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  validation_failed: 400,
  invalid_json: 400,
  payload_too_large: 413,
  unauthenticated: 401,
  invalid_credentials: 401,
  session_expired: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  version_conflict: 409,
  deadline_passed: 409,
  rate_limited: 429,
  document_mismatch: 422,
  unavailable: 503,
  db_unavailable: 503,
  internal: 500,
};

/** Turns zod issues into localised field issues; message ids in schemas become text. */
export function zodIssues(error: z.ZodError, lang: Lang): Issue[] {
  const out: Issue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], message: fieldMessage('unknown_field', lang) ?? key });
      continue;
    }
    const byId = fieldMessage(issue.message, lang);
    let message = byId;
    if (!message) {
      if (issue.code === 'invalid_type' && issue.input === undefined) message = fieldMessage('required', lang);
      else if (issue.code === 'too_big') message = fieldMessage('too_long', lang);
      else if (issue.code === 'too_small' && issue.minimum === 1) message = fieldMessage('required', lang);
      else message = `${fieldMessage('invalid', lang)}: ${issue.message}`;
    }
    out.push({ path, message: message ?? issue.message });
  }
  return out;
}

export function errorBody(c: Context<AppEnv>, code: ErrorCode, message?: string, issues?: Issue[]) {
  const lang = c.get('lang') ?? 'zh-CN';
  const body: { code: ErrorCode; message: string; requestId: string; issues?: Issue[] } = {
    code,
    message: message ?? genericMessage(code, lang),
    requestId: c.get('requestId') ?? '',
  };
  if (issues?.length) body.issues = issues;
  return body;
}

export function sendError(c: Context<AppEnv>, code: ErrorCode, message?: string, issues?: Issue[]) {
  return c.json(errorBody(c, code, message, issues), STATUS[code]);
}

/** The one place that maps errors to HTTP responses. */
export function onError(err: Error, c: Context<AppEnv>) {
  const log = c.get('log');
  if (err instanceof AppError) {
    log?.info({ code: err.code, path: c.req.path }, 'request refused');
    const lang = c.get('lang') ?? 'zh-CN';
    const issues = err.issues?.map((i) => ({ path: i.path, message: fieldMessage(i.message, lang) ?? i.message }));
    const msg = fieldMessage(err.message, lang) ?? (err.message || undefined);
    return sendError(c, err.code, err.code === 'validation_failed' ? undefined : msg, issues);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code: ErrorCode = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthenticated' : status === 404 ? 'not_found' : status < 500 ? 'validation_failed' : 'internal';
    if (status === 400 && /JSON/i.test(err.message)) return sendError(c, 'invalid_json');
    return sendError(c, code);
  }
  if (isDbUnavailable(err)) {
    log?.warn({ err: { message: err.message, code: (err as { code?: unknown }).code }, path: c.req.path }, 'database unavailable');
    c.header('Retry-After', '5');
    return sendError(c, 'db_unavailable');
  }
  // Back-stop for text the input guard let through: PostgreSQL refusing bytes is bad input, not a fault.
  const pgCode = (err as { code?: unknown }).code;
  if (pgCode === '22021' || pgCode === '22P05') {
    log?.warn({ err, path: c.req.path }, 'database refused text');
    return sendError(c, 'validation_failed', undefined, [{ path: ['body'], message: fieldMessage('text.invalid_utf8', c.get('lang') ?? 'zh-CN') ?? 'invalid text' }]);
  }
  log?.error({ err, path: c.req.path }, 'unhandled error');
  return sendError(c, 'internal');
}
