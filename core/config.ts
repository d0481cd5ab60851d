import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * The only module that reads the environment. Every process calls loadConfig() once in its
 * composition root; a bad value stops start-up with one message naming every problem.
 */
const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** Whose X-Forwarded-For is believed: nobody's, the N proxies nearest the server, or these addresses/CIDRs. */
export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'list'; cidrs: string[] };

const cidrOk = (entry: string) => {
  const [addr, bits, extra] = entry.split('/');
  const v = net.isIP(addr);
  if (!v || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n >= 0 && n <= (v === 4 ? 32 : 128);
};

const trustProxySchema = z.string().transform((v, ctx): TrustProxy => {
  const s = v.trim().toLowerCase();
  if (s === '' || s === 'none' || s === 'false' || s === '0') return { kind: 'none' };
  if (/^\d+$/.test(s)) {
    const hops = Number(s);
    if (hops > 10) ctx.addIssue({ code: 'custom', message: 'a hop count from 0 to 10' });
    return { kind: 'hops', hops };
  }
  const cidrs = s.split(',').map((x) => x.trim()).filter(Boolean).flatMap((x) => (x === 'loopback' ? ['127.0.0.0/8', '::1'] : [x]));
  for (const c of cidrs) if (!cidrOk(c)) ctx.addIssue({ code: 'custom', message: `${c}: not an IP address or CIDR (e.g. 10.0.0.0/8, ::1)` });
  return { kind: 'list', cidrs };
});

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./var'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** Owner connection used for migrations when DATABASE_URL is a restricted role. */
  DATABASE_ADMIN_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  COOKIE_SECURE: boolish.default(false),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86400).default(300),
  /** Failed logins from one address (any accounts) per window before it waits: a back-stop only. */
  LOGIN_ADDRESS_MAX_FAILURES: z.coerce.number().int().min(1).max(100000).default(100),
  /** Reverse proxies whose X-Forwarded-For is believed: unset/none, a hop count, or IPs/CIDRs ("loopback" = 127.0.0.0/8,::1). */
  TRUST_PROXY: trustProxySchema.optional(),
  /** Public document verification (GET and POST /api/verify/:ref) per client address per minute. */
  VERIFY_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(10),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(256 * 1024),
  LEDGER_SEAL_INTERVAL_MS: z.coerce.number().int().min(10).max(60000).default(100),
  LEDGER_CHECKPOINT_INTERVAL_S: z.coerce.number().int().min(1).max(86400).default(60),
  LEDGER_CHECKPOINT_EVERY_ENTRIES: z.coerce.number().int().min(1).default(10000),
  /** Outgoing mail server; unset → mail is captured on this machine (demo mailbox). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Vigil 非现场监管 <no-reply@vigil.local>'),
  SMS_PROVIDER: z.enum(['outbox']).default('outbox'),
  /** Base URL printed on documents and in links (QR codes); default http://HOST:PORT. */
  PUBLIC_BASE_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http(s):// URL')
    .optional(),
  /** RTMP ingest (streams process). */
  RTMP_PORT: z.coerce.number().int().min(1).max(65535).default(1935),
  RTMP_HOST: z.string().min(1).default('127.0.0.1'),
  FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
  /** A consented device offline this long raises an alert. */
  DEVICE_OFFLINE_ALERT_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  /** With --demo: sign demo consents and run simulated cameras (needs ffmpeg). */
  DEMO_CAMERAS: boolish.default(true),
  /** Ordinary recordings (not evidence, not held) are kept this many days (R11: at least 6 months). */
  RETENTION_ORDINARY_DAYS: z.coerce.number().int().min(183, 'at least 183 days (6 months, R11)').max(36500).default(183),
  /** Per business category, e.g. {"medical":365}; each at least 183. */
  RETENTION_DAYS_BY_CATEGORY: z
    .string()
    .transform((v, ctx) => {
      try {
        const o = JSON.parse(v) as Record<string, unknown>;
        for (const [k, d] of Object.entries(o)) if (typeof d !== 'number' || d < 183 || !Number.isInteger(d)) ctx.addIssue({ code: 'custom', message: `${k}: a whole number of days ≥ 183` });
        return o as Record<string, number>;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON like {"medical":365}' });
        return {};
      }
    })
    .optional(),
  /** Free disk below this share raises an alert; held and evidence material is never deleted for space. */
  DISK_LOW_PERCENT: z.coerce.number().min(1).max(50).default(10),
  /** The streams process's internal HTTP (live FLV to the API); never exposed to browsers. */
  STREAMS_INTERNAL_PORT: z.coerce.number().int().min(1).max(65535).default(1936),
  STREAMS_INTERNAL_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s):// URL')
    .optional(),
  /** Shared secret between the API and streams processes; default: a file under DATA_DIR/keys. */
  INTERNAL_TOKEN: z.string().min(24).optional(),
  /** Passphrase of authority-issued agency seal certificates (DATA_DIR/keys/<agencyId>.p12), when there are any. */
  SEAL_P12_PASSPHRASE: z.string().optional(),
  /** Length of recorded segments, cut at the first key frame after it. */
  SEGMENT_SECONDS: z.coerce.number().int().min(2).max(300).default(10),
  /** Run the analyzer in `npm start` (it runs alone with `npm run analyzer` too). */
  ANALYZER_ENABLED: boolish.default(true),
  /** Detector plug-in (a CenterNet-format ONNX model; others register in analyzer/detectors). */
  ANALYZER_DETECTOR: z.enum(['centernet']).default('centernet'),
  /** Frames analysed per second per camera. */
  ANALYZER_FPS: z.coerce.number().min(0.2).max(10).default(2),
  /** auto: key frames only while they come at least ~0.6× ANALYZER_FPS, else every frame. */
  ANALYZER_DECODE: z.enum(['auto', 'all', 'keyframes']).default('auto'),
  ANALYZER_FRAME_WIDTH: z.coerce.number().int().min(160).max(1920).default(640),
  /** The model's square input in pixels (multiple of 32): 512 native; 384 costs under half, sees small objects less well. */
  ANALYZER_INPUT_SIZE: z.coerce.number().int().min(256).max(1024).refine((v) => v % 32 === 0, 'a multiple of 32').default(512),
  /** onnxruntime threads per model session. */
  ANALYZER_THREADS: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * Model sessions, each in a worker thread (frames of different cameras run side by side);
   * default: one per CPU core, at most 4 (2 on 2 cores doubled the busy cameras one machine
   * sustains — bench/analyzer.bench.ts); 0: in the main thread.
   */
  ANALYZER_WORKERS: z.coerce.number().int().min(0).max(32).optional(),
  /** The model runs on motion, and at least this often on a still picture. */
  ANALYZER_IDLE_DETECT_S: z.coerce.number().min(1).max(600).default(10),
  /** A watched camera silent this long raises a stream_lost flag. */
  ANALYZER_STREAM_LOST_S: z.coerce.number().int().min(5).max(3600).default(60),
  /** A camera lease not renewed for this long passes to another analyzer (renewed every third of it). */
  ANALYZER_LEASE_TTL_S: z.coerce.number().int().min(3).max(300).default(15),
  /** Most cameras one analyzer process takes (0: its fair share of all). */
  ANALYZER_MAX_CAMERAS: z.coerce.number().int().min(0).max(10000).default(0),
  /** Evidence clips: seconds of recording kept before and after each flag. */
  EVIDENCE_PRE_ROLL_S: z.coerce.number().int().min(0).max(600).default(10),
  EVIDENCE_POST_ROLL_S: z.coerce.number().int().min(0).max(600).default(10),
  /** An event still going on gets its first clip at once: the pre-roll and this many seconds after its start. */
  EVIDENCE_FIRST_CLIP_S: z.coerce.number().int().min(1).max(600).default(20),
  /** While it goes on, a longer version of the clip every this many seconds. */
  EVIDENCE_EXTEND_EVERY_S: z.coerce.number().int().min(5).max(3600).default(60),
  /** No clip is longer (pre-roll included): at this length it is closed even if the event goes on. */
  EVIDENCE_MAX_CLIP_S: z.coerce.number().int().min(10).max(7200).default(600),
  /**
   * Off-site backups (R10 异地备份): a folder on another disk or mount. Unset: no scheduled backups
   * (the admin's backup page says so); `npm run backup` refuses.
   */
  BACKUP_DIR: z.string().min(1).optional(),
  /** Hours between scheduled backups (a divisor of 24; the recovery point is at most this old). */
  BACKUP_INTERVAL_HOURS: z.coerce
    .number()
    .int()
    .refine((h) => [1, 2, 3, 4, 6, 8, 12, 24].includes(h), 'one of 1, 2, 3, 4, 6, 8, 12, 24')
    .default(24),
  /** Base of device publish URLs; default rtmp://<host of PUBLIC_BASE_URL>:RTMP_PORT. */
  RTMP_PUBLIC_URL: z
    .string()
    .regex(/^rtmps?:\/\/[^\s/]+$/, 'must be an rtmp:// URL without a path')
    .optional(),
});

const argsSchema = z.object({ demo: z.boolean() });

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** DATA_DIR/keys (mode 0700): ledger checkpoint key, internal token, the agencies' seal keys. */
  keysDir: string;
  /** The agencies' electronic seals (core/seal): passphrase of their .p12 files, if any. */
  seal: { p12Passphrase: string | undefined };
  databaseUrl: string | undefined;
  databaseAdminUrl: string | undefined;
  embeddedPgPort: number;
  logLevel: string;
  sessionTtlMs: number;
  cookieSecure: boolean;
  loginMaxAttempts: number;
  loginWindowMs: number;
  loginAddressMaxFailures: number;
  trustProxy: TrustProxy;
  verifyPerMinute: number;
  bodyLimitBytes: number;
  ledger: { sealIntervalMs: number; checkpointIntervalMs: number; checkpointEveryEntries: number };
  demo: boolean;
  webDistDir: string;
  mail: { smtpUrl: string | undefined; from: string };
  sms: { provider: 'outbox' };
  publicBaseUrl: string;
  rtmpPublicUrl: string;
  rtmp: { port: number; host: string };
  recording: { segmentMs: number; dir: string };
  ffmpegPath: string;
  demoCameras: boolean;
  offlineAlertMinutes: number;
  retention: { ordinaryDays: number; byCategory: Record<string, number>; diskLowPercent: number };
  /** Off-site backups: the store's folder (null: off) and the schedule (pg-boss cron, UTC). */
  backup: { dir: string | null; intervalHours: number; cron: string };
  streamsInternal: { port: number; url: string; token: string | undefined };
  analyzer: {
    enabled: boolean;
    detector: 'centernet';
    fps: number;
    decode: 'auto' | 'all' | 'keyframes';
    frameWidth: number;
    threads: number;
    workers: number;
    inputSize: number;
    idleDetectMs: number;
    streamLostMs: number;
    leaseTtlMs: number;
    maxCameras: number;
    preRollS: number;
    postRollS: number;
    firstClipS: number;
    extendEveryS: number;
    maxClipS: number;
  };
};

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  argv: string[] = process.argv.slice(2),
): Config {
  const problems: string[] = [];
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(cleaned[String(issue.path[0])])})`);
    }
  }
  const known = new Set(['--demo']);
  for (const a of argv) if (!known.has(a)) problems.push(`unknown argument ${a}`);
  const args = argsSchema.parse({ demo: argv.includes('--demo') });
  if (parsed.success && parsed.data.EVIDENCE_MAX_CLIP_S < parsed.data.EVIDENCE_PRE_ROLL_S + parsed.data.EVIDENCE_FIRST_CLIP_S) {
    problems.push(`EVIDENCE_MAX_CLIP_S: must be at least EVIDENCE_PRE_ROLL_S + EVIDENCE_FIRST_CLIP_S (${parsed.data.EVIDENCE_PRE_ROLL_S + parsed.data.EVIDENCE_FIRST_CLIP_S}) (got ${parsed.data.EVIDENCE_MAX_CLIP_S})`);
  }
  if (parsed.success && parsed.data.BACKUP_DIR) {
    // A backup beside the data dies with it (R10 asks for another place).
    const data = path.resolve(process.cwd(), parsed.data.DATA_DIR);
    const backup = path.resolve(process.cwd(), parsed.data.BACKUP_DIR);
    const inside = (a: string, b: string) => a === b || a.startsWith(b + path.sep);
    if (inside(backup, data) || inside(data, backup)) problems.push(`BACKUP_DIR: must be outside DATA_DIR (${data}), on another disk or mount (got ${JSON.stringify(parsed.data.BACKUP_DIR)})`);
  }
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;
  const root = process.cwd();
  const shownHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? '127.0.0.1' : e.HOST;
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://${shownHost}:${e.PORT}`).replace(/\/+$/, '');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(root, e.DATA_DIR),
    keysDir: path.resolve(root, e.DATA_DIR, 'keys'),
    seal: { p12Passphrase: e.SEAL_P12_PASSPHRASE },
    databaseUrl: e.DATABASE_URL,
    databaseAdminUrl: e.DATABASE_ADMIN_URL,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    cookieSecure: e.COOKIE_SECURE,
    loginMaxAttempts: e.LOGIN_MAX_ATTEMPTS,
    loginWindowMs: e.LOGIN_WINDOW_SECONDS * 1000,
    loginAddressMaxFailures: e.LOGIN_ADDRESS_MAX_FAILURES,
    trustProxy: e.TRUST_PROXY ?? { kind: 'none' },
    verifyPerMinute: e.VERIFY_PER_MINUTE,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    ledger: {
      sealIntervalMs: e.LEDGER_SEAL_INTERVAL_MS,
      checkpointIntervalMs: e.LEDGER_CHECKPOINT_INTERVAL_S * 1000,
      checkpointEveryEntries: e.LEDGER_CHECKPOINT_EVERY_ENTRIES,
    },
    demo: args.demo,
    webDistDir: path.resolve(root, 'web/dist'),
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    sms: { provider: e.SMS_PROVIDER },
    publicBaseUrl,
    rtmpPublicUrl: e.RTMP_PUBLIC_URL ?? `rtmp://${new URL(publicBaseUrl).hostname}:${e.RTMP_PORT}`,
    rtmp: { port: e.RTMP_PORT, host: e.RTMP_HOST },
    ffmpegPath: e.FFMPEG_PATH,
    demoCameras: e.DEMO_CAMERAS,
    offlineAlertMinutes: e.DEVICE_OFFLINE_ALERT_MINUTES,
    retention: { ordinaryDays: e.RETENTION_ORDINARY_DAYS, byCategory: e.RETENTION_DAYS_BY_CATEGORY ?? {}, diskLowPercent: e.DISK_LOW_PERCENT },
    backup: {
      dir: e.BACKUP_DIR ? path.resolve(root, e.BACKUP_DIR) : null,
      intervalHours: e.BACKUP_INTERVAL_HOURS,
      // At minute 41 (clear of the hourly retention and purge jobs at :17 and :23); every 24 h: 18:41 UTC = 02:41 Asia/Shanghai.
      cron: e.BACKUP_INTERVAL_HOURS === 24 ? '41 18 * * *' : `41 */${e.BACKUP_INTERVAL_HOURS} * * *`,
    },
    streamsInternal: { port: e.STREAMS_INTERNAL_PORT, url: (e.STREAMS_INTERNAL_URL ?? `http://127.0.0.1:${e.STREAMS_INTERNAL_PORT}`).replace(/\/+$/, ''), token: e.INTERNAL_TOKEN },
    recording: { segmentMs: e.SEGMENT_SECONDS * 1000, dir: path.resolve(root, e.DATA_DIR, 'recording') },
    analyzer: {
      enabled: e.ANALYZER_ENABLED,
      detector: e.ANALYZER_DETECTOR,
      fps: e.ANALYZER_FPS,
      decode: e.ANALYZER_DECODE,
      frameWidth: e.ANALYZER_FRAME_WIDTH,
      threads: e.ANALYZER_THREADS,
      workers: e.ANALYZER_WORKERS ?? Math.min(4, os.availableParallelism()),
      inputSize: e.ANALYZER_INPUT_SIZE,
      idleDetectMs: e.ANALYZER_IDLE_DETECT_S * 1000,
      streamLostMs: e.ANALYZER_STREAM_LOST_S * 1000,
      leaseTtlMs: e.ANALYZER_LEASE_TTL_S * 1000,
      maxCameras: e.ANALYZER_MAX_CAMERAS,
      preRollS: e.EVIDENCE_PRE_ROLL_S,
      postRollS: e.EVIDENCE_POST_ROLL_S,
      firstClipS: e.EVIDENCE_FIRST_CLIP_S,
      extendEveryS: e.EVIDENCE_EXTEND_EVERY_S,
      maxClipS: e.EVIDENCE_MAX_CLIP_S,
    },
  };
}
