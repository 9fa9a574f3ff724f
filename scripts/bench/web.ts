/**
 * The web portal's first load, measured in headless Chromium against the local site:
 * - the gzipped JavaScript each public page loads on a cold cache (budget: ≤ 120 KB per page);
 * - its Largest Contentful Paint, against a bare static page served by the same server in the same
 *   run (the floor: the server, the browser and the machine, none of our code).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import type { WebRuntimeConfig } from '../../infra/web-headers.ts';
import { launchChromium } from '../local-cloud/chromium.ts';
import { startWebServer } from '../local-cloud/web-server.ts';

export const JS_BUDGET_KB = 120;

/** The pages a visitor reaches without an account, in both languages. */
export const PUBLIC_PAGES = [
  '/',
  '/procedures',
  '/simulateur',
  '/verifier',
  '/suivi',
  '/verifier/RK-UNKNOWN-2026-00001',
  '/classement',
  '/inscription',
  '/connexion',
];

export interface PageLoad {
  page: string;
  scripts: number;
  jsGzipKB: number;
  lcpMs: number;
}

/** What the init script keeps on the page's global object (this is Node code: no DOM types here). */
interface LcpGlobal {
  __lcp: number;
  PerformanceObserver: new (
    callback: (list: { getEntries(): { startTime: number }[] }) => void,
  ) => { observe(options: { type: string; buffered: boolean }): void };
}

async function loadOnce(browser: Browser, url: string): Promise<Omit<PageLoad, 'page'>> {
  // A fresh context per load: nothing cached, as a first visit.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = globalThis as unknown as LcpGlobal;
    w.__lcp = 0;
    new w.PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__lcp = entry.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  const bodies: Promise<Buffer>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') bodies.push(response.body());
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  // LCP is reported after the frame that painted it.
  await page.waitForFunction(() => (globalThis as unknown as LcpGlobal).__lcp > 0, undefined, {
    timeout: 10_000,
  });
  const lcpMs = await page.evaluate(() => (globalThis as unknown as LcpGlobal).__lcp);
  const scripts = await Promise.all(bodies);
  await context.close();
  return {
    scripts: scripts.length,
    jsGzipKB: scripts.reduce((sum, body) => sum + gzipSync(body).length, 0) / 1024,
    lcpMs,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Each page three times (median LCP); the bare page the same way on a server of its own. */
export async function benchWeb(siteUrl: string, config: WebRuntimeConfig, runs = 3) {
  const browser = await launchChromium();
  const bareDir = mkdtempSync(path.join(tmpdir(), 'rukhsa-bare-site-'));
  writeFileSync(
    path.join(bareDir, 'index.html'),
    '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Rukhsa</title><h1>Rukhsa — رخصة</h1><p>Autorisations d’urbanisme sans papier.</p></html>',
  );
  const bare = await startWebServer({ port: 0, config, distDir: bareDir });
  try {
    const bareLcp: number[] = [];
    for (let i = 0; i < runs; i++) bareLcp.push((await loadOnce(browser, `${bare.url}/`)).lcpMs);
    const pages: PageLoad[] = [];
    for (const lang of ['fr', 'ar']) {
      for (const route of PUBLIC_PAGES) {
        const loads = [];
        for (let i = 0; i < runs; i++) loads.push(await loadOnce(browser, `${siteUrl}/${lang}${route}`));
        const first = loads[0] as Omit<PageLoad, 'page'>;
        pages.push({
          page: `/${lang}${route}`,
          scripts: first.scripts,
          jsGzipKB: Math.max(...loads.map((l) => l.jsGzipKB)),
          lcpMs: median(loads.map((l) => l.lcpMs)),
        });
      }
    }
    return { budgetKB: JS_BUDGET_KB, bareLcpMs: median(bareLcp), pages };
  } finally {
    await bare.close();
    await browser.close();
    rmSync(bareDir, { recursive: true, force: true });
  }
}

export function printWeb(result: Awaited<ReturnType<typeof benchWeb>>) {
  console.log(
    `\nWeb portal, first load in headless Chromium (cold cache); LCP median of 3, bare static page ${result.bareLcpMs.toFixed(0)} ms`,
  );
  for (const p of result.pages) {
    const over = p.jsGzipKB > result.budgetKB ? '  OVER BUDGET' : '';
    console.log(
      `  ${p.page.padEnd(40)} JS ${`${p.jsGzipKB.toFixed(1)} KB gz`.padStart(11)} in ${String(p.scripts).padStart(2)} files (budget ${result.budgetKB} KB)${over}   LCP ${`${p.lcpMs.toFixed(0)} ms`.padStart(7)} (×${(p.lcpMs / result.bareLcpMs).toFixed(1)} bare)`,
    );
  }
}
