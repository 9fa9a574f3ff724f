import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vitest/config';
import { LOCAL_SCRYPT_N } from './shared/domain/signing/pin.ts';

/**
 * Font files imported as bytes, as the functions' bundler does (esbuild's `binary` loader, see
 * PlatformFunction): the `?binary` id makes vitest transform it instead of handing the file to Node.
 */
const binaryFiles: Plugin = {
  name: 'binary-files',
  enforce: 'pre',
  resolveId(source, importer) {
    if (!source.endsWith('.woff')) return null;
    return `${createRequire(importer ?? import.meta.url).resolve(source)}?binary`;
  },
  load(id) {
    if (!id.endsWith('.woff?binary')) return null;
    const base64 = readFileSync(id.slice(0, -'?binary'.length)).toString('base64');
    return `export default new Uint8Array(Buffer.from(${JSON.stringify(base64)}, 'base64'));`;
  },
};

const cloudSetup = ['test/support/local-cloud.setup.ts'];
/**
 * The cloud projects wait on the emulator, which npm test shares between two vitest runs side by
 * side (scripts/test.ts): `expect.poll` gets the same 60 s as the journeys' `waitFor` (see there why:
 * the emulator's one stream poller can fall a minute behind), not vitest's 1 s.
 */
const cloudExpect = { poll: { timeout: 60_000 } };
/*
 * The unit and infra files share one module graph per worker (`isolate: false`): importing the SDK,
 * CDK and the domain once per worker, not once per file, halves these projects' time (113 → 67 s on
 * these machines). A file that changes process-wide state gives it back (fetch, STAGE: see
 * permit-token.test.ts and metrics.test.ts); a module that reads the environment when it loads is
 * loaded afresh by its test (vi.resetModules).
 */
/** A scratch TMPDIR for the run, removed at its end (test/support/scratch.setup.ts). */
const scratchSetup = ['test/support/scratch.setup.ts'];

/**
 * Five projects: unit (pure code), infra (synthesized templates + cdk-nag), integration (handlers
 * called in-process with real SDK clients against the local cloud), e2e (the deployed stack
 * through the HTTP API with real Cognito tokens) and browser (the web portal in headless Chromium).
 * The last three share one emulator that the global setup starts on a free port with throwaway state.
 */
export default defineConfig({
  plugins: [binaryFiles],
  test: {
    reporters: ['default'],
    // PINs hashed in the tests' own processes (unit tests, signing-key fixtures) at the local stage's
    // cost, as the local stage's functions do (shared/domain/signing/pin.ts, LOCAL_SCRYPT_N), unless
    // the caller sets it (the cost bench prices AWS's 2^17).
    env: { PIN_SCRYPT_N: process.env.PIN_SCRYPT_N ?? String(LOCAL_SCRYPT_N) },
    projects: [
      {
        extends: true,
        // npm test runs this project while the emulator boots beside it: room for a busy CPU.
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          globalSetup: scratchSetup,
          testTimeout: 20_000,
          isolate: false, // one module graph per worker: see the note above `scratchSetup`
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          globalSetup: scratchSetup,
          isolate: false, // one module graph per worker: see the note above `scratchSetup`
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          expect: cloudExpect,
          include: ['test/integration/**/*.test.ts'],
          globalSetup: cloudSetup,
          setupFiles: ['test/support/integration-env.ts'],
          testTimeout: 30_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          expect: cloudExpect,
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: cloudSetup,
          testTimeout: 30_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          expect: cloudExpect,
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
