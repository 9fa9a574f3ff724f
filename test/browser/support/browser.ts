/**
 * Headless Chromium for the browser journeys (scripts/local-cloud/chromium.ts), with CORS and the
 * CSP enforced as in a citizen's browser. One browser per test file, one fresh context (cookies,
 * storage) per page opened.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, inject } from 'vitest';
import { launchChromium } from '../../../scripts/local-cloud/chromium.ts';
import { LOCAL_DIR } from '../../../scripts/local-cloud/paths.ts';

export type Lang = 'fr' | 'ar';
export const LANGS: Lang[] = ['fr', 'ar'];

export interface TestWeb {
  /** The site's origin, e.g. http://127.0.0.1:41234 */
  url: string;
  apiUrl: string;
  /** The emulator (SES inbox, Cognito). */
  endpoint: string;
  userPoolId: string;
  userPoolClientId: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    web: TestWeb;
  }
}

export const testWeb = (): TestWeb => inject('web');

export const SCREENSHOTS_DIR = path.join(LOCAL_DIR, 'screenshots');

let browser: Promise<Browser> | undefined;
const contexts = new Set<BrowserContext>();

export function launchBrowser(): Promise<Browser> {
  browser ??= launchChromium();
  return browser;
}

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  contexts.clear();
  if (browser) await (await browser).close();
  browser = undefined;
});

/** Errors the page threw or logged; a journey asserts there are none it did not expect. */
const pageErrors = new WeakMap<Page, string[]>();
export const errorsOf = (page: Page) => pageErrors.get(page) ?? [];

/**
 * A new page in a fresh context with the language's locale and Morocco's time zone, opened at
 * `/{lang}{route}` (route starts with `/`; pass `{ raw: true }` to open `route` as is).
 */
export async function openPage(
  lang: Lang,
  route: string,
  options: { raw?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await (await launchBrowser()).newContext({
    locale: lang === 'ar' ? 'ar-MA' : 'fr-MA',
    timezoneId: 'Africa/Casablanca',
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  contexts.add(context);
  const page = await context.newPage();
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const target = options.raw ? route : `/${lang}${route}`;
  await page.goto(new URL(target, testWeb().url).toString(), { waitUntil: 'load' });
  return page;
}

/** axe-core in the page: no serious or critical violation (WCAG 2.1 A/AA rules and best practices). */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(blocking, `axe on ${page.url()}`).toEqual([]);
}

/** Writes `.local/screenshots/<name>-<lang>.png` (the whole page) so a person can look. */
export async function screenshot(page: Page, name: string, lang: Lang) {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}-${lang}.png`), fullPage: true });
}

/**
 * Tabs through the page and returns every element that received focus, in order; a journey
 * checks that each interactive control it expects is among them.
 */
export async function tabThrough(page: Page, maxSteps = 120): Promise<string[]> {
  const reached: string[] = [];
  // The root tsconfig has no DOM types (it is Node code); these callbacks run in the page.
  await page.evaluate(() => (globalThis as any).document.activeElement?.blur());
  for (let i = 0; i < maxSteps; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const el = doc.activeElement;
      if (!el || el === doc.body) return null;
      const label: string | null =
        el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent;
      return `${el.tagName.toLowerCase()}:${(el.getAttribute('id') ?? label ?? '').trim().slice(0, 60)}`;
    });
    if (id === null) continue;
    if (reached.includes(id)) break;
    reached.push(id);
  }
  return reached;
}
