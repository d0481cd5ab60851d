import i18n, { currentLang } from '../i18n';

/**
 * One field problem reported by the server: what is wrong (`code`, with `params` such as a
 * maximum) and the server's wording in the language asked for. The web words it itself
 * (issueText) so the text follows the UI's language.
 */
/** The rule that refused an act of the case procedure (core/cases/refusal.ts). */
export type Refusal = { code: string; rule: string; message: string; /** What a closing lacks, each with its rule (closing_incomplete). */ missing?: { item: string; zh: string; rule: string }[] };

export type Issue = { path: (string | number)[]; message: string; code?: string; params?: Record<string, string | number> };

/** A field problem in the UI's language: the code's own text when the web knows it, else the server's words. */
export function issueText(issue: Issue): string {
  const key = issue.code ? `fieldError.${issue.code}` : '';
  return key && i18n.exists(key) ? i18n.t(key, issue.params ?? {}) : issue.message;
}

/** An error answer from the API, or a failure to reach it (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string;
  readonly issues: Issue[];
  /** A refusal of the case procedure (409 procedure_refused, or 403 for the wrong role): the rule that says no. */
  readonly refusal: Refusal | undefined;

  constructor(init: { status: number; code: string; message: string; requestId?: string; issues?: Issue[]; refusal?: Refusal }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId ?? '';
    this.issues = init.issues ?? [];
    this.refusal = init.refusal;
  }

  /** First message for a field, matched on the first element of each issue's path, in the UI's language. */
  fieldMessage(field: string): string | undefined {
    const issue = this.issues.find((i) => String(i.path[0]) === field);
    return issue && issueText(issue);
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remembers the token from the last login or /me answer; sent on every non-GET request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token, for the few raw uploads that do not go through request(). */
export function csrfTokenForUpload(): string | null {
  return csrfToken;
}

/** Called when an API call answers 401 (session gone): the app goes to the login page. */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

/** Paths whose 401 is an expected answer, not a lost session. */
const NO_REDIRECT = ['/api/auth/login', '/api/auth/me'];

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

function isIssueList(v: unknown): v is Issue[] {
  return Array.isArray(v) && v.every((i) => typeof i === 'object' && i !== null && Array.isArray((i as Issue).path) && typeof (i as Issue).message === 'string' && ['string', 'undefined'].includes(typeof (i as Issue).code));
}

function isRefusal(v: unknown): v is Refusal {
  return typeof v === 'object' && v !== null && ['code', 'rule', 'message'].every((k) => typeof (v as Record<string, unknown>)[k] === 'string');
}

/** The error of a failed answer: the server's code, message and field issues. */
export async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (typeof b.code === 'string' && typeof b.message === 'string') {
      return new ApiError({
        status: res.status,
        code: b.code,
        message: b.message,
        requestId: typeof b.requestId === 'string' ? b.requestId : undefined,
        issues: isIssueList(b.issues) ? b.issues : undefined,
        refusal: isRefusal(b.refusal) ? b.refusal : undefined,
      });
    }
  }
  return new ApiError({ status: res.status, code: `http_${res.status}`, message: i18n.t('errors.http', { status: res.status }) });
}

export async function request<T>(method: Method, path: string, body?: unknown, opts: { signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLang(),
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({ status: 0, code: 'network', message: i18n.t('errors.network') });
  }

  if (!res.ok) {
    const err = await toApiError(res);
    if (res.status === 401 && !NO_REDIRECT.includes(path)) onUnauthorized?.();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A raw upload (photo, PDF): the body is the file; errors are read like any other answer's, field issues included. */
export async function uploadFile<T>(path: string, file: Blob, type: string): Promise<T> {
  const headers: Record<string, string> = { 'Content-Type': type, Accept: 'application/json', 'Accept-Language': currentLang() };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', body: file, credentials: 'same-origin', headers });
  } catch {
    throw new ApiError({ status: 0, code: 'network', message: i18n.t('errors.network') });
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (res.status === 401) onUnauthorized?.();
    throw err;
  }
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, opts?: { signal?: AbortSignal }) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
};

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}
