import type { DocumentBody } from '../document-body.js';

/**
 * Helpers for the template tests (pure, no I/O): a deep copy with one field removed or replaced,
 * and the whole text a body would print.
 */

type Path = (string | number)[];

export function clone<T>(v: T): T {
  return structuredClone(v);
}

/** A copy of `obj` without the field at `path`. */
export function without<T>(obj: T, path: Path): T {
  const copy = clone(obj) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (Array.isArray(at)) at.splice(Number(last), 1);
  else delete at[last];
  return copy as T;
}

/** A copy of `obj` with the field at `path` set to `value`. */
export function withValue<T>(obj: T, path: Path, value: unknown): T {
  const copy = clone(obj) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  at[path[path.length - 1]] = value;
  return copy as T;
}

/** Everything a body prints, as one string (labels, values, table cells, signers). */
export function bodyText(body: DocumentBody): string {
  return body
    .map((b) => {
      switch (b.kind) {
        case 'title':
        case 'heading':
        case 'paragraph':
        case 'note':
          return b.text;
        case 'fields':
          return b.rows.map((r) => `${r.label}：${r.value}`).join('\n');
        case 'table':
          return [b.columns.join(' | '), ...b.rows.map((r) => r.join(' | '))].join('\n');
        case 'signatures':
          return b.lines.map((l) => `${l.role}：${l.name}${l.certificateNo ? `（${l.certificateNo}）` : ''}`).join('\n');
        case 'issuer':
          return '[issuer]';
      }
    })
    .join('\n');
}
