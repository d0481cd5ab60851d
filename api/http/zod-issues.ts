import type { z } from 'zod';
import type { Issue } from '../../core/errors.js';

/**
 * zod's issues in our vocabulary: a code per kind of problem and the numbers its text needs, so
 * every form gets words the user understands ("请从列表中选择", "最多 100 个字") without work of
 * its own, and no validator English ("Invalid option: expected one of …") reaches a user.
 * A message id set in a schema (`'uscc.check'`, `'invalid'`) is kept as the code.
 */
export function issueFromZod(issue: z.core.$ZodIssue): Issue[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const make = (code: string, params?: Issue['params'], at = path): Issue => (params ? { path: at, code, message: code, params } : { path: at, code, message: code });
  // A schema's own message id (custom refinements, regex with an id) says it best.
  if (/^[a-z_]+(\.[a-z_]+)*$/.test(issue.message)) return [make(issue.message)];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => make('unknown_field', undefined, [...path, key]));
    case 'invalid_type':
      // zod does not keep the input; its text says when nothing was given.
      if (/received undefined$/.test(issue.message)) return [make('required')];
      if (/received NaN$/.test(issue.message) || issue.expected === 'number') return [make('not_a_number')];
      if (issue.expected === 'int') return [make('not_an_integer')];
      if (issue.expected === 'array') return [make('not_a_list')];
      return [make('invalid')];
    case 'invalid_value':
      return [make('invalid_choice', { options: issue.values.map(String).join('、') })];
    case 'invalid_format':
      return [make(FORMAT[issue.format] ?? 'invalid_format')];
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return [min <= 1 ? make('required') : make('too_short', { minimum: min })];
      if (issue.origin === 'array' || issue.origin === 'set') return [make('too_few', { minimum: min })];
      return [make(issue.inclusive === false ? 'not_above' : 'too_small', { minimum: min })];
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return [make('too_long', { maximum: max })];
      if (issue.origin === 'array' || issue.origin === 'set') return [make('too_many', { maximum: max })];
      if (issue.origin === 'file') return [make('file_too_big', { maximum: max })];
      return [make(issue.inclusive === false ? 'not_below' : 'too_big', { maximum: max })];
    }
    case 'not_multiple_of':
      return [make('not_multiple_of', { divisor: Number(issue.divisor) })];
    default:
      return [make('invalid')];
  }
}

const FORMAT: Record<string, string> = {
  uuid: 'invalid_id',
  guid: 'invalid_id',
  email: 'invalid_email',
  url: 'invalid_url',
  date: 'invalid_date',
  datetime: 'invalid_datetime',
  time: 'invalid_time',
  regex: 'invalid_format',
};

/** Every issue of a zod error, mapped (see issueFromZod), under an optional path prefix. */
export function issuesFromZod(error: z.ZodError, prefix: (string | number)[] = []): Issue[] {
  return error.issues.flatMap((i) => issueFromZod(i)).map((i) => ({ ...i, path: [...prefix, ...i.path] }));
}
