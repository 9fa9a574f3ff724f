import type { BuildOptions } from 'esbuild';
import { ESBUILD_OPTIONS } from '../../infra/constructs/platform-function.ts';

/**
 * esbuild's options as the function construct bundles a handler (infra/constructs/platform-function.ts),
 * for tests that check what a bundle carries: in memory, no source map.
 */
export const constructBuildOptions = {
  ...ESBUILD_OPTIONS,
  write: false,
  sourcemap: false,
  logLevel: 'error',
} satisfies BuildOptions;
