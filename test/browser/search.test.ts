import { randomInt, randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ar } from '../../web/src/i18n/ar.ts';
import { fr } from '../../web/src/i18n/fr.ts';
import { api, idTokenFor, testCloud } from '../support/cloud.ts';
import { buildingPermit } from '../support/fixtures.ts';
import { submitNewFile, waitFor } from '../support/journeys.ts';
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
 * The staff's search (`/espace/recherche`, `GET /search`): Casablanca's desk agent finds a file submitted
 * in this test by the applicant's CIN and by its receipt number, keyboard only, and opens it; a term
 * too short gets the API's words next to the field, in French and Arabic.
 */
const dict = { fr, ar };
const KEYS = Object.keys(fr);
const cin = `SR${randomInt(100_000, 999_999)}`;
const lastName = `Bennani${randomUUID().slice(0, 6)}`;
let id: string;
let receiptNumber: string;

beforeAll(async () => {
  const run = randomUUID().slice(0, 8);
  const pro = await idTokenFor('professional');
  const file = await submitNewFile(
    pro,
    {
      ...buildingPermit(),
      applicant: { kind: 'person', firstName: 'Salma', lastName, cin, preferredLanguage: 'ar' },
    },
    { tag: `search-${run}` },
  );
  id = file.id;
  receiptNumber = file.submitted.receiptNumber;
  // The index is fed by the table's stream.
  const desk = await idTokenFor('desk_agent');
  await waitFor('the file in the search index', async () => {
    const found = await api(`/search?q=${encodeURIComponent(receiptNumber)}`, { token: desk });
    return found.json?.results?.some((r: { id: string }) => r.id === id) ? true : undefined;
  });
}, 240_000);

async function signInAsDesk(lang: Lang): Promise<Page> {
  const user = testCloud().users.find((u) => u.role === 'desk_agent');
  if (!user) throw new Error('no demo desk agent');
  const page = await openPage(lang, '/connexion');
  await page.locator('#f-username').waitFor();
  await page.fill('#f-username', user.username);
  await page.fill('#f-password', user.password);
  await page.getByRole('button', { name: dict[lang]['auth.signIn'], exact: true }).click();
  await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(/\/espace$/);
  return page;
}

async function expectWellFormed(page: Page, lang: Lang) {
  expect(await page.getAttribute('html', 'lang')).toBe(lang);
  expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
  const text = (await page.locator('body').textContent()) ?? '';
  expect(KEYS.filter((k) => text.includes(k))).toEqual([]);
  expect(errorsOf(page).filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
}

describe.each(LANGS)('the staff’s search (%s)', (lang: Lang) => {
  const t = dict[lang];

  it('the desk agent finds the file by CIN and by receipt number, keyboard only, and opens it', async () => {
    const page = await signInAsDesk(lang);
    await page.locator('a[data-screen="search"]').click();
    await page.locator('#f-q').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/${lang}/espace/recherche`);

    // Too short: the API's rule, in the page's language, next to the field and in the summary.
    await typeInto(page, '#f-q', 'ab');
    await page.keyboard.press('Enter');
    const fieldError = page.locator('#f-q-error');
    await fieldError.waitFor();
    const tooShort = (await api('/search?q=ab', { token: await idTokenFor('desk_agent'), language: lang }))
      .json;
    expect(await fieldError.textContent()).toContain(tooShort.detail);
    expect(await page.locator('.error-summary').textContent()).toContain(tooShort.detail);
    expect(await page.getAttribute('#f-q', 'aria-invalid')).toBe('true');

    // The CIN in lower case, as typed at a counter.
    await typeInto(page, '#f-q', cin.toLowerCase());
    await page.keyboard.press('Enter');
    const row = page.locator(`tr[data-found="${id}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await page.locator('#f-q-error').count()).toBe(0);
    expect(await page.locator('tr[data-found]').count()).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(receiptNumber);
    expect(text).toContain(lastName);
    expect(text).toContain(t['status.SUBMITTED']);
    expect(text).toContain(lang === 'ar' ? 'الدار البيضاء' : 'Casablanca');
    // The term stays out of the URL (a CIN would stay in the browser's history).
    expect(page.url().toUpperCase()).not.toContain(cin);
    await expectWellFormed(page, lang);
    await expectAccessible(page);
    await screenshot(page, 'search-cin', lang);

    await typeInto(page, '#f-q', receiptNumber);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid="search-count"]').textContent()).toContain('1');
    await page.locator(`tr[data-found="${id}"]`).waitFor();
    await page.locator(`tr[data-found="${id}"] a`).focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="file-facts"]').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe(`/${lang}/espace/dossiers/${id}`);
  });

  it('a term that matches nothing in the commune says so', async () => {
    const page = await signInAsDesk(lang);
    await page.goto(new URL(`/${lang}/espace/recherche`, page.url()).toString());
    await typeInto(page, '#f-q', `ZZ${randomInt(100_000, 999_999)}`);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="search-count"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('tr[data-found]').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain(t['bo.search.none']);
    await expectWellFormed(page, lang);
    await expectAccessible(page);
    await screenshot(page, 'search-none', lang);
  });
});
