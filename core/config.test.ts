import os from 'node:os';
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
  it('reads TRUST_PROXY as nobody (default), a hop count, or addresses and CIDRs; refuses anything else', () => {
    expect(loadConfig({}, []).trustProxy).toEqual({ kind: 'none' });
    expect(loadConfig({ TRUST_PROXY: '1' }, []).trustProxy).toEqual({ kind: 'hops', hops: 1 });
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback' }, []).trustProxy).toEqual({ kind: 'list', cidrs: ['10.0.0.0/8', '127.0.0.0/8', '::1'] });
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33,proxy.local' }, [])).toThrow(/TRUST_PROXY.*10\.0\.0\.0\/33[\s\S]*proxy\.local/);
  });
  it('backups: off without BACKUP_DIR, an interval that divides the day, and never inside DATA_DIR', () => {
    expect(loadConfig({}, []).backup).toMatchObject({ dir: null, intervalHours: 24, cron: '41 18 * * *' });
    expect(loadConfig({ BACKUP_DIR: '/mnt/offsite', BACKUP_INTERVAL_HOURS: '6' }, []).backup).toEqual({ dir: '/mnt/offsite', intervalHours: 6, cron: '41 */6 * * *' });
    expect(() => loadConfig({ BACKUP_INTERVAL_HOURS: '5' }, [])).toThrow(/BACKUP_INTERVAL_HOURS: one of 1, 2, 3, 4, 6, 8, 12, 24/);
    expect(() => loadConfig({ DATA_DIR: '/srv/vigil', BACKUP_DIR: '/srv/vigil/backup' }, [])).toThrow(/BACKUP_DIR: must be outside DATA_DIR/);
    expect(() => loadConfig({ DATA_DIR: '/srv/vigil', BACKUP_DIR: '/srv' }, [])).toThrow(/BACKUP_DIR: must be outside DATA_DIR/);
  });
  it('reads --demo and DATABASE_URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/vigil', PORT: '8080' }, ['--demo']);
    expect(c.demo).toBe(true);
    expect(c.databaseUrl).toBe('postgres://u:p@db:5432/vigil');
    expect(c.port).toBe(8080);
  });
  it('evidence clips: first seconds, extension period and maximum length, with a maximum that holds the first clip', () => {
    expect(loadConfig({}, []).analyzer).toMatchObject({ preRollS: 10, postRollS: 10, firstClipS: 20, extendEveryS: 60, maxClipS: 600 });
    expect(loadConfig({ EVIDENCE_FIRST_CLIP_S: '5', EVIDENCE_EXTEND_EVERY_S: '30', EVIDENCE_MAX_CLIP_S: '120' }, []).analyzer).toMatchObject({ firstClipS: 5, extendEveryS: 30, maxClipS: 120 });
    expect(() => loadConfig({ EVIDENCE_PRE_ROLL_S: '30', EVIDENCE_FIRST_CLIP_S: '30', EVIDENCE_MAX_CLIP_S: '50' }, [])).toThrow(/EVIDENCE_MAX_CLIP_S: must be at least .*\(60\)/);
    expect(() => loadConfig({ EVIDENCE_EXTEND_EVERY_S: '0' }, [])).toThrow(/EVIDENCE_EXTEND_EVERY_S/);
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
  it('derives public URLs from HOST and PORT unless given, and refuses bad mail and URL settings', () => {
    const c = loadConfig({ PORT: '8080' }, []);
    expect(c.publicBaseUrl).toBe('http://127.0.0.1:8080');
    expect(c.rtmpPublicUrl).toBe('rtmp://127.0.0.1:1935');
    expect(c.mail.smtpUrl).toBeUndefined();
    const d = loadConfig({ PUBLIC_BASE_URL: 'https://vigil.example.gov.cn/', SMTP_URL: 'smtps://u:p@mail.example.gov.cn:465' }, []);
    expect(d.publicBaseUrl).toBe('https://vigil.example.gov.cn');
    expect(d.rtmpPublicUrl).toBe('rtmp://vigil.example.gov.cn:1935');
    expect(d.mail.smtpUrl).toBe('smtps://u:p@mail.example.gov.cn:465');
    expect(() => loadConfig({ SMTP_URL: 'http://mail', PUBLIC_BASE_URL: 'vigil.example' }, [])).toThrow(/SMTP_URL[\s\S]*PUBLIC_BASE_URL|PUBLIC_BASE_URL[\s\S]*SMTP_URL/);
  });
  it('runs one model session per core (at most 4) unless told; 0 keeps the model in the main thread; nonsense is refused', () => {
    expect(loadConfig({}, []).analyzer.workers).toBe(Math.min(4, os.availableParallelism()));
    expect(loadConfig({ ANALYZER_WORKERS: '0' }, []).analyzer.workers).toBe(0);
    expect(loadConfig({ ANALYZER_WORKERS: '3' }, []).analyzer.workers).toBe(3);
    expect(() => loadConfig({ ANALYZER_WORKERS: 'many' }, [])).toThrow(/ANALYZER_WORKERS/);
    expect(loadConfig({}, []).analyzer.inputSize).toBe(512);
    expect(loadConfig({ ANALYZER_INPUT_SIZE: '384' }, []).analyzer.inputSize).toBe(384);
    expect(() => loadConfig({ ANALYZER_INPUT_SIZE: '500' }, [])).toThrow(/ANALYZER_INPUT_SIZE/);
  });
});
