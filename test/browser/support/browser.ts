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
import { totpCode } from '../../support/totp.ts';

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

/**
 * axe-core in the page: no serious or critical violation (WCAG 2.1 A/AA rules and best practices).
 * Legacy mode runs axe in the page itself; the default opens a blank page and injects axe-core there
 * too for every check, ~0.3 s more each here (63 checks). What it gives up, cross-origin frames, holds
 * none of the portal's own markup (the one iframe previews an uploaded file from the bucket).
 * `resultTypes: ['violations']`: axe builds a CSS selector for every node of every result, passes
 * included; only the violations are read here, so the others keep one node each.
 */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .setLegacyMode()
    .options({ resultTypes: ['violations'] })
    .analyze();
  const blocking = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(blocking, `axe on ${page.url()}`).toEqual([]);
}

/**
 * Writes `.local/screenshots/<name>-<lang>.jpg` (the whole page) so a person can look. JPEG rather
 * than PNG: Chromium encodes a long page in about half the time, and the browser files take ~130.
 */
export async function screenshot(page: Page, name: string, lang: Lang) {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({
    path: path.join(SCREENSHOTS_DIR, `${name}-${lang}.jpg`),
    type: 'jpeg',
    quality: 85,
    fullPage: true,
  });
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

/**
 * Keyboard only: moves the focus with Tab (or Shift+Tab when the target comes earlier in the
 * document) until `selector` has it; fails if it is never reached, i.e. not in the tab order.
 */
export async function tabTo(page: Page, selector: string, maxSteps = 80): Promise<void> {
  const target = page.locator(selector).first();
  await target.waitFor({ state: 'attached' });
  const where = await target.evaluate((el: any) => {
    const doc = el.ownerDocument;
    const active = doc.activeElement;
    if (active === el) return 'here';
    if (!active || active === doc.body) return 'after';
    // DOCUMENT_POSITION_FOLLOWING (4): the target comes after the focused element.
    return active.compareDocumentPosition(el) & 4 ? 'after' : 'before';
  });
  if (where === 'here') return;
  const key = where === 'after' ? 'Tab' : 'Shift+Tab';
  for (let i = 0; i < maxSteps; i++) {
    await page.keyboard.press(key);
    if (await target.evaluate((el: any) => el.ownerDocument.activeElement === el)) return;
  }
  throw new Error(`${selector} was not reached with ${key} in ${maxSteps} steps`);
}

/** Keyboard only: tabs to a field and types into it (a text field is emptied first, with the keyboard). */
export async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await tabTo(page, selector);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

/**
 * Keyboard only: tabs to a closed `<select>` and moves to the option with the arrow keys, as a
 * keyboard user does (type-ahead would not do for Arabic labels, which the browser receives as
 * text input rather than key presses), then checks the value the page now holds.
 */
export async function chooseWithKeyboard(page: Page, selector: string, value: string): Promise<void> {
  await tabTo(page, selector);
  const [from, to] = await page
    .locator(selector)
    .evaluate(
      (el: any, v: string) => [el.selectedIndex, [...el.options].findIndex((o: any) => o.value === v)],
      value,
    );
  if (to < 0) throw new Error(`${selector} has no option ${value}`);
  for (let i = 0; i < Math.abs(to - from); i++)
    await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
  expect(await page.locator(selector).inputValue()).toBe(value);
}

/**
 * Keyboard only: tabs to a confirmation button, opens its `<dialog>` with Enter and confirms with
 * Enter (the dialog's first button, "Confirm", has the focus when it opens).
 */
export async function confirmWithKeyboard(page: Page, button: string): Promise<void> {
  await tabTo(page, `#${button}`);
  await page.keyboard.press('Enter');
  await page.locator('dialog[open]').waitFor();
  expect(await page.evaluate(() => (globalThis as any).document.activeElement?.dataset?.testid)).toBe(
    'confirm',
  );
  await page.keyboard.press('Space');
}

/**
 * Keyboard only: the sign-in's TOTP step (an enrolled ministry administrator or province contact):
 * types the authenticator's current code and presses Enter.
 */
export async function answerTotpStep(page: Page, secret: string): Promise<void> {
  await page.locator('#f-totpCode').waitFor({ timeout: 20_000 });
  await typeInto(page, '#f-totpCode', totpCode(secret));
  await page.keyboard.press('Enter');
}

/**
 * Keyboard only: the two-step verification page the site opens for an account the API refuses
 * with `mfa-required`: reads the secret the page shows (as a person types it into an app), types
 * the code, turns it on. The page ends every session and goes back to the sign-in. Returns the secret.
 */
export async function enrolTotpInBrowser(page: Page): Promise<string> {
  const shown = page.locator('[data-testid="totp-secret-text"]');
  await shown.waitFor({ timeout: 20_000 });
  await page.locator('[data-testid="totp-qr"]').waitFor();
  const secret = ((await shown.textContent()) ?? '').replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await typeInto(page, '#f-totpCode', totpCode(secret));
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="totp-enrolled"]').waitFor({ timeout: 20_000 });
  return secret;
}
