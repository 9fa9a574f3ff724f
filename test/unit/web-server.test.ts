/**
 * The local web server serves exactly the built files, as CloudFront does: security headers on every
 * answer, immutable hashed assets, a revalidated entry page for every app route, the runtime config,
 * no way out of the build folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_IMMUTABLE, contentSecurityPolicy } from '../../infra/web-headers.ts';
import { startWebServer, type WebServer } from '../../scripts/local-cloud/web-server.ts';

const dist = mkdtempSync(path.join(tmpdir(), 'rukhsa-dist-'));
const config = {
  stage: 'local',
  apiUrl: 'http://127.0.0.1:4566/_aws/execute-api/abc/$default',
  region: 'us-east-1',
  userPoolId: 'us-east-1_x',
  userPoolClientId: 'client',
  cognitoEndpoint: 'http://127.0.0.1:4566',
};
let site: WebServer;

beforeAll(async () => {
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
  writeFileSync(path.join(dist, 'assets', 'index-1a2b.js'), `console.log(${'"x",'.repeat(200)});`);
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(path.dirname(dist), 'secret.txt'), 'outside');
  site = await startWebServer({ port: 0, config, distDir: dist });
});

afterAll(async () => {
  await site.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (route: string, headers: Record<string, string> = {}) =>
  fetch(`${site.url}${route}`, { headers });

describe('local web server', () => {
  it('listens on loopback only', () => {
    expect(site.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers app routes with the entry page, revalidated, with the CSP and no framing', async () => {
    for (const route of [
      '/',
      '/fr/',
      '/ar/verifier/RK-CAS-2026-1',
      '/verify/RK-1',
      '/connexion',
      '/nope/x',
    ]) {
      const response = await get(route);
      expect(response.status, route).toBe(200);
      expect(await response.text()).toContain('<div id="app">');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toBe(
        contentSecurityPolicy({
          apiUrl: config.apiUrl,
          cognitoEndpoint: config.cognitoEndpoint,
          paymentGatewayUrl: `${config.apiUrl}/simulator/cmi`,
        }),
      );
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('lets the page reach only itself, the API and Cognito', () => {
    const csp = contentSecurityPolicy({ apiUrl: config.apiUrl, cognitoEndpoint: config.cognitoEndpoint });
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:4566;");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(csp).toContain("form-action 'self';");
  });

  it('lets forms post to the card gateway only, and uploads reach the documents endpoint', () => {
    const csp = contentSecurityPolicy({
      apiUrl: config.apiUrl,
      cognitoEndpoint: config.cognitoEndpoint,
      paymentGatewayUrl: 'https://payment.cmi.co.ma/fim/est3Dgate',
      uploadOrigins: ['https://*.s3.eu-west-3.amazonaws.com'],
    });
    expect(csp).toContain("form-action 'self' https://payment.cmi.co.ma;");
    expect(csp).toContain('https://*.s3.eu-west-3.amazonaws.com;');
  });

  it('caches hashed assets for a year and gzips text when asked', async () => {
    const response = await get('/assets/index-1a2b.js', { 'accept-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe(CACHE_IMMUTABLE);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // fetch decodes gzip itself; the header says it was compressed.
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toContain('console.log');
    const svg = await get('/favicon.svg');
    expect(svg.headers.get('cache-control')).toBe('no-cache');
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('serves the runtime config, never cached', async () => {
    const response = await get('/config.json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual(config);
  });

  it('answers 404 for a missing file, and never serves a file outside the build', async () => {
    expect((await get('/assets/missing-9z.js')).status).toBe(404);
    expect((await get('/../secret.txt')).status).not.toBe(200);
    expect((await get('/%2e%2e/secret.txt')).status).toBe(404);
    expect(await (await get('/%2e%2e%2fsecret.txt')).text()).not.toContain('outside');
  });

  it('refuses writes', async () => {
    const response = await fetch(`${site.url}/config.json`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(405);
  });
});
