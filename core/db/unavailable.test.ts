import { describe, expect, it } from 'vitest';
import { isDbUnavailable } from './unavailable.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDbUnavailable', () => {
  it('is true for a database that cannot be reached, is restarting or was killed', () => {
    expect(isDbUnavailable(withCode('ECONNREFUSED'))).toBe(true);
    expect(isDbUnavailable(withCode('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isDbUnavailable(withCode('57P03', 'the database system is starting up'))).toBe(true);
    expect(isDbUnavailable(withCode('08006'))).toBe(true);
    expect(isDbUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDbUnavailable(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
    expect(isDbUnavailable(new AggregateError([withCode('ECONNREFUSED')], 'all failed'))).toBe(true);
  });

  it('is false for a query that failed on its own merits', () => {
    expect(isDbUnavailable(withCode('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isDbUnavailable(withCode('42P01', 'relation does not exist'))).toBe(false);
    expect(isDbUnavailable(new Error('boom'))).toBe(false);
    expect(isDbUnavailable(null)).toBe(false);
  });
});
