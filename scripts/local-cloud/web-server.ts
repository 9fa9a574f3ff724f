/**
 * The web portal on the local cloud: a small static server on 127.0.0.1 that serves exactly the
 * built files of `web/dist`, as CloudFront does on AWS — same security headers (infra/web-headers.ts),
 * hashed assets cached immutably, the entry page revalidated, every extension-less path answered
 * with the entry page (the app routes it and shows its own 404), gzip for text. `/config.json` is
 * written from the deployed stack's outputs, as the Web stack writes it on AWS.
 *
 * Chosen over the emulator's S3 + CloudFront: the emulator has no CloudFront functions or response
 * headers policies in the services we start, and the site must carry its real CSP in tests.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CACHE_IMMUTABLE,
  CACHE_REVALIDATE,
  isAppRoute,
  isHashedAsset,
  securityHeaders,
  type WebRuntimeConfig,
} from '../../infra/web-headers.ts';
import { type LoopbackServer, listenOnLoopback } from './loopback-server.ts';
import { REPO_ROOT } from './paths.ts';

export const WEB_DIST = path.join(REPO_ROOT, 'web', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt', '.webmanifest']);

export type WebServer = LoopbackServer;

export interface WebServerOptions {
  port: number;
  config: WebRuntimeConfig;
  distDir?: string;
}

export function webConfig(
  outputs: { apiUrl: string; region: string; userPoolId: string; userPoolClientId: string },
  endpoint: string,
  stage = 'local',
): WebRuntimeConfig {
  return {
    stage,
    apiUrl: outputs.apiUrl,
    region: outputs.region,
    userPoolId: outputs.userPoolId,
    userPoolClientId: outputs.userPoolClientId,
    cognitoEndpoint: endpoint,
  };
}

/**
 * True when web/dist is missing or older than a source of the site (web/, the OpenAPI document it is
 * typed from, the lock file). `npm start` then rebuilds; otherwise it serves what is there, so a
 * build never empties web/dist under a running test.
 */
export function webBuildIsStale(distDir = WEB_DIST): boolean {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) return true;
  const builtAt = statSync(index).mtimeMs;
  const newer = (file: string): boolean => {
    if (path.resolve(file) === path.resolve(distDir)) return false;
    const stat = statSync(file);
    if (!stat.isDirectory()) return stat.mtimeMs > builtAt;
    return readdirSync(file).some((name) => newer(path.join(file, name)));
  };
  return [
    path.join(REPO_ROOT, 'web'),
    path.join(REPO_ROOT, 'docs', 'openapi.json'),
    path.join(REPO_ROOT, 'package-lock.json'),
  ].some(newer);
}

export function assertBuilt(distDir = WEB_DIST) {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(
      `The web portal is not built (${distDir}/index.html is missing): run \`npm run web:build\`.`,
    );
  }
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const distDir = options.distDir ?? WEB_DIST;
  assertBuilt(distDir);
  const headers = securityHeaders({
    apiUrl: options.config.apiUrl,
    cognitoEndpoint: options.config.cognitoEndpoint ?? '',
    // Locally the gateway is the simulator under the API, and S3 shares the emulator's origin.
    paymentGatewayUrl: `${options.config.apiUrl}/simulator/cmi`,
  });
  const configBody = Buffer.from(JSON.stringify(options.config));
  const root = path.resolve(distDir);

  const server: Server = createServer((request, response) => {
    const send = (status: number, body: Buffer, ext: string, cache: string) => {
      const gzip = COMPRESSIBLE.has(ext) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
      const payload = gzip ? gzipSync(body) : body;
      response.writeHead(status, {
        ...headers,
        'Content-Type': TYPES[ext] ?? 'application/octet-stream',
        'Cache-Control': cache,
        'Content-Length': payload.length,
        Vary: 'Accept-Encoding',
        ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
      });
      response.end(request.method === 'HEAD' ? undefined : payload);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      send(400, Buffer.from('Bad request'), '.txt', CACHE_REVALIDATE);
      return;
    }
    if (pathname === '/config.json') {
      send(200, configBody, '.json', 'no-store');
      return;
    }
    const file = path.resolve(root, `.${pathname}`);
    const inside = file === root || file.startsWith(`${root}${path.sep}`);
    if (inside && existsSync(file) && statSync(file).isFile()) {
      const cache = isHashedAsset(pathname) ? CACHE_IMMUTABLE : CACHE_REVALIDATE;
      send(200, readFileSync(file), path.extname(file), cache);
      return;
    }
    if (isAppRoute(pathname)) {
      send(200, readFileSync(path.join(root, 'index.html')), '.html', CACHE_REVALIDATE);
      return;
    }
    send(404, Buffer.from('Not found'), '.txt', CACHE_REVALIDATE);
  });
  // Loopback only, like the emulator.
  return listenOnLoopback(server, options.port);
}
