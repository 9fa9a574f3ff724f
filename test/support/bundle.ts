import type { BuildOptions } from 'esbuild';
import { BUNDLING } from '../../infra/constructs/platform-function.ts';

/**
 * esbuild's options as the function construct bundles a handler (infra/constructs/platform-function.ts),
 * for tests that check what a bundle carries: in memory, no source map.
 */
export const constructBuildOptions = {
  bundle: true,
  write: false,
  platform: 'node',
  format: 'esm',
  target: BUNDLING.target,
  minify: BUNDLING.minify,
  mainFields: BUNDLING.mainFields,
  banner: { js: BUNDLING.banner },
  loader: { '.woff': 'binary' },
  logLevel: 'error',
} satisfies BuildOptions;
