import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { isDbUnavailable } from '../../core/db/unavailable.js';
import { AppError, type ErrorCode, type Issue } from '../../core/errors.js';
import type { AppEnv } from './context.js';
import { fieldMessage, genericMessage, type Lang } from './i18n.js';
import { issuesFromZod } from './zod-issues.js';

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
  procedure_refused: 409,
  rate_limited: 429,
  document_mismatch: 422,
  unavailable: 503,
  db_unavailable: 503,
  internal: 500,
};

/** Turns zod issues into field issues with codes (zod-issues.ts), worded in the caller's language. */
export function zodIssues(error: z.ZodError, lang: Lang): Issue[] {
  return issuesFromZod(error).map((i) => localiseIssue(i, lang));
}

/**
 * An issue as the API answers it: `code` (what is wrong, for the web to word), `params`, and
 * `message` in the caller's language for other clients. Services throw issues whose message is an id.
 */
export function localiseIssue(issue: Issue, lang: Lang): Issue {
  const code = issue.code ?? (fieldMessage(issue.message, lang) !== null ? issue.message : 'invalid');
  const message = fieldMessage(code, lang, issue.params) ?? (issue.code ? issue.message : (fieldMessage(issue.message, lang) ?? issue.message));
  return issue.params ? { path: issue.path, code, params: issue.params, message } : { path: issue.path, code, message };
}

export function errorBody(c: Context<AppEnv>, code: ErrorCode, message?: string, issues?: Issue[], refusal?: AppError['refusal']) {
  const lang = c.get('lang') ?? 'zh-CN';
  const body: { code: ErrorCode; message: string; requestId: string; issues?: Issue[]; refusal?: AppError['refusal'] } = {
    code,
    message: message ?? genericMessage(code, lang),
    requestId: c.get('requestId') ?? '',
  };
  if (issues?.length) body.issues = issues;
  if (refusal) body.refusal = refusal;
  return body;
}

export function sendError(c: Context<AppEnv>, code: ErrorCode, message?: string, issues?: Issue[], refusal?: AppError['refusal']) {
  return c.json(errorBody(c, code, message, issues, refusal), STATUS[code]);
}

/** The one place that maps errors to HTTP responses. */
export function onError(err: Error, c: Context<AppEnv>) {
  const log = c.get('log');
  if (err instanceof AppError) {
    log?.info({ code: err.code, path: c.req.path }, 'request refused');
    const lang = c.get('lang') ?? 'zh-CN';
    const issues = err.issues?.map((i) => localiseIssue(i, lang));
    const msg = fieldMessage(err.message, lang) ?? (err.message || undefined);
    return sendError(c, err.code, err.code === 'validation_failed' ? undefined : msg, issues, err.refusal);
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
    return sendError(c, 'validation_failed', undefined, [localiseIssue({ path: ['body'], message: 'text.invalid_utf8' }, c.get('lang') ?? 'zh-CN')]);
  }
  log?.error({ err, path: c.req.path }, 'unhandled error');
  return sendError(c, 'internal');
}
