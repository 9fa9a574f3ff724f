/**
 * Font files imported as bytes in plain Node, as the functions' bundler (esbuild's `binary` loader,
 * infra/constructs/platform-function.ts) and vitest (vitest.config.ts) import them: Node has no
 * loader for `.woff`. Imported first by the benches that draw a PDF in-process (sign-and-issue).
 */
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

registerHooks({
  load(url, context, nextLoad) {
    if (!url.endsWith('.woff')) return nextLoad(url, context);
    const base64 = readFileSync(fileURLToPath(url)).toString('base64');
    return {
      format: 'module',
      shortCircuit: true,
      source: `export default new Uint8Array(Buffer.from(${JSON.stringify(base64)}, 'base64'));`,
    };
  },
});
