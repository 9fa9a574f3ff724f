import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const local = resolve(here, '..', '.local');

/**
 * Dev only: answers `/config.json` from the running local cloud (`.local/outputs.json`, `.local/port`),
 * as the deployed site's config.json is written at deploy. The API is reached through the dev
 * server's `/_api` proxy (same origin), see docs/web.md.
 */
function localConfig(): Plugin {
  const outputs = () => JSON.parse(readFileSync(resolve(local, 'outputs.json'), 'utf8'));
  return {
    name: 'rukhsa-local-config',
    apply: 'serve',
    config() {
      if (!existsSync(resolve(local, 'outputs.json'))) return {};
      const target = new URL(outputs().apiUrl);
      return {
        server: {
          proxy: {
            '/_api': {
              target: target.origin,
              changeOrigin: true,
              rewrite: (path) => `${decodeURI(target.pathname)}${path.slice('/_api'.length)}`,
            },
          },
        },
      };
    },
    configureServer(server) {
      server.middlewares.use('/config.json', (_req, res) => {
        const o = outputs();
        const port = readFileSync(resolve(local, 'port'), 'utf8').trim();
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            stage: 'local',
            apiUrl: '/_api',
            region: o.region,
            userPoolId: o.userPoolId,
            userPoolClientId: o.userPoolClientId,
            cognitoEndpoint: `http://127.0.0.1:${port}`,
          }),
        );
      });
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  publicDir: resolve(here, 'public'),
  plugins: [localConfig()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: true,
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
});
