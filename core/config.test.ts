import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults: port 3000, ./var, embedded database', () => {
    const c = loadConfig({}, []);
    expect(c.port).toBe(3000);
    expect(c.dataDir.endsWith('/var')).toBe(true);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.demo).toBe(false);
  });
  it('reads --demo and DATABASE_URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/vigil', PORT: '8080' }, ['--demo']);
    expect(c.demo).toBe(true);
    expect(c.databaseUrl).toBe('postgres://u:p@db:5432/vigil');
    expect(c.port).toBe(8080);
  });
  it('names every bad value in one error', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }, ['--bogus']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/LOG_LEVEL/);
    expect(problems).toMatch(/--bogus/);
  });
});
