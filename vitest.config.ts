import { defineConfig } from 'vitest/config';

/**
 * Integration tests that run cameras in real time and judge what the analyzer or the platform
 * made of them within the stream's own timeline (a camera turned at second 24, a flag ending when
 * the stream stops, a database killed mid-recording). They run one at a time, after the others,
 * so that two of them never share the 2 cores: their figures depend on frames arriving in time.
 */
const LIVE = ['analyzer-footage', 'analyzer-takeover', 'tamper-footage', 'db-outage'].map((n) => `tests/integration/${n}.test.ts`);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{core,api,streams,analyzer,web}/**/*.test.{ts,tsx}'],
          exclude: ['node_modules/**', 'web/dist/**'],
          environment: 'node',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: LIVE,
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: true,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'integration-live',
          include: LIVE,
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
