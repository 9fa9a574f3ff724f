import { defineConfig } from 'vitest/config';

const cloudSetup = ['test/support/local-cloud.setup.ts'];

/**
 * Five projects: unit (pure code), infra (synthesized templates + cdk-nag), integration (handlers
 * called in-process with real SDK clients against the local cloud), e2e (the deployed stack
 * through the HTTP API with real Cognito tokens) and browser (the web portal in headless Chromium).
 * The last three share one emulator that the global setup starts on a free port with throwaway state.
 */
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: cloudSetup,
          setupFiles: ['test/support/integration-env.ts'],
          testTimeout: 30_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: cloudSetup,
          testTimeout: 30_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          // The same emulator as integration and e2e, plus the built site on its own loopback port.
          globalSetup: ['test/support/web.setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
