import { randomInt, randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRACKING_ATTEMPTS_PER_HOUR } from '../../shared/domain/search/use-cases.ts';
import { ar } from '../../web/src/i18n/ar.ts';
import { fr } from '../../web/src/i18n/fr.ts';
import { api, idTokenFor } from '../support/cloud.ts';
import { givenPaidApplication, waitFor } from '../support/journeys.ts';
import {
  errorsOf,
  expectAccessible,
  LANGS,
  type Lang,
  openPage,
  screenshot,
  typeInto,
} from './support/browser.ts';

/**
 * Public file tracking (`/suivi`): a citizen without an account follows a file paid in this test
 * with its receipt number and the applicant's CIN, keyboard only, in French and Arabic; a wrong CIN
 * gets the API's own words in the page's language; a receipt number tried too often is refused.
 */
const dict = { fr, ar };
const KEYS = Object.keys(fr);
const cin = `TK${randomInt(100_000, 999_999)}`;
let receiptNumber: string;

beforeAll(async () => {
  const id = await givenPaidApplication(`browser-tracking-${randomUUID().slice(0, 8)}`, {
    kind: 'person',
    firstName: 'Youssef',
    lastName: 'Alami',
    cin,
    preferredLanguage: 'fr',
  });
  const pro = await idTokenFor('professional');
  receiptNumber = (await api(`/applications/${id}`, { token: pro })).json.receiptNumber;
  // The search index is fed by the table's stream: wait until it knows the receipt (a search does
  // not count as a tracking attempt).
  await waitFor('the receipt number in the search index', async () => {
    const found = await api(`/search?q=${encodeURIComponent(receiptNumber)}`, { token: pro });
    return found.json?.results?.some((r: { id: string }) => r.id === id) ? true : undefined;
  });
}, 240_000);

async function expectWellFormed(page: Page, lang: Lang) {
  expect(await page.getAttribute('html', 'lang')).toBe(lang);
  expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
  const text = (await page.locator('body').textContent()) ?? '';
  expect(KEYS.filter((k) => text.includes(k))).toEqual([]);
  // The refusals the test asks for are logged by the browser as failed loads; nothing else may be.
  expect(errorsOf(page).filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
}

/** Keyboard only: both fields typed, the form sent with Enter. */
async function track(page: Page, receipt: string, given: string) {
  await typeInto(page, '#f-receiptNumber', receipt);
  await typeInto(page, '#f-cin', given);
  await page.keyboard.press('Enter');
}

describe.each(LANGS)('public file tracking (%s)', (lang: Lang) => {
  const t = dict[lang];

  it('the home page and the header link to it; empty fields are caught before sending', async () => {
    const page = await openPage(lang, '/');
    await page.locator(`main a:has-text("${t['home.trackingLink']}")`).click();
    await page.locator('#f-receiptNumber').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/${lang}/suivi`);
    expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe(t['nav.tracking']);
    await page.getByRole('button', { name: t['tracking.submit'] }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain(t['tracking.receiptRequired']);
    expect(await summary.textContent()).toContain(t['tracking.cinRequired']);
    expect(await page.getAttribute('#f-cin', 'aria-invalid')).toBe('true');
    await expectWellFormed(page, lang);
    await expectAccessible(page);
  });

  it('a wrong CIN gets the API’s answer in the page’s language; the right pair shows status and steps, the CIN never in a URL', async () => {
    const page = await openPage(lang, '/suivi');
    const requests: { url: string; method: string; body: string | null }[] = [];
    page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() }));
    await page.locator('#f-receiptNumber').waitFor();

    await track(page, receiptNumber, 'ZZ999999');
    const refused = page.locator('[data-outcome="not-found"]');
    await refused.waitFor();
    const expected = (
      await api('/tracking', { method: 'POST', language: lang, body: { receiptNumber, cin: 'X1' } })
    ).json;
    expect(await refused.locator('h2').textContent()).toBe(t['tracking.notFoundTitle']);
    expect(await page.getByTestId('tracking-detail').textContent()).toBe(expected.detail);
    await expectAccessible(page);
    await screenshot(page, 'tracking-not-found', lang);

    // The CIN as printed on the card, lower case with spaces: the API normalises it.
    await track(page, receiptNumber, ` ${cin.toLowerCase()} `);
    const found = page.locator('[data-outcome="found"]');
    await found.waitFor();
    expect(await refused.count()).toBe(0);
    expect(await found.locator('[data-status]').getAttribute('data-status')).toBe('PAID');
    const text = (await found.textContent()) ?? '';
    expect(text).toContain(receiptNumber);
    expect(text).toContain(t['status.PAID']);
    expect(text).toContain(t['tracking.next.PAID']);
    expect(text).toContain(lang === 'ar' ? 'الدار البيضاء' : 'Casablanca');
    const steps = await found
      .locator('[data-event]')
      .evaluateAll((li) => li.map((l) => l.getAttribute('data-event')));
    expect(steps).toEqual([
      'PAYMENT_RECEIVED',
      'APPLICATION_APPROVED',
      'APPLICATION_ADMISSIBLE',
      'APPLICATION_SUBMITTED',
    ]);
    expect(text).toContain(t['event.APPLICATION_SUBMITTED']);
    // Nothing personal comes back: no name, no CIN.
    expect(text).not.toContain('Alami');
    expect(text.toUpperCase()).not.toContain(cin);

    const calls = requests.filter((r) => r.url.includes('/tracking'));
    expect(calls.map((c) => c.method)).toEqual(['POST', 'POST']);
    expect(calls[1]?.body).toContain(cin.toLowerCase());
    for (const r of requests) expect(decodeURIComponent(r.url).toUpperCase()).not.toContain(cin);
    expect(page.url().toUpperCase()).not.toContain(cin);
    await expectWellFormed(page, lang);
    await expectAccessible(page);
    await screenshot(page, 'tracking-found', lang);
  });

  it('a receipt number tried too often is refused for an hour, in the page’s language', async () => {
    // A receipt number of this test only: the tries are counted per receipt, known or not.
    const receipt = `CAS-TEST/${lang}/${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < TRACKING_ATTEMPTS_PER_HOUR; i++)
      expect(
        (await api('/tracking', { method: 'POST', body: { receiptNumber: receipt, cin: 'A1' } })).status,
      ).toBe(404);
    const page = await openPage(lang, '/suivi');
    await page.locator('#f-receiptNumber').waitFor();
    await track(page, receipt, 'A1');
    const blocked = page.locator('[data-outcome="too-many"]');
    await blocked.waitFor();
    expect(await blocked.locator('h2').textContent()).toBe(t['tracking.tooManyTitle']);
    const detail = (await page.getByTestId('tracking-detail').textContent()) ?? '';
    expect(detail).toContain(String(TRACKING_ATTEMPTS_PER_HOUR));
    expect(detail).toMatch(lang === 'ar' ? /[\u0600-\u06FF]/ : /tentatives/);
    await expectWellFormed(page, lang);
    await expectAccessible(page);
    await screenshot(page, 'tracking-too-many', lang);
  });
});
