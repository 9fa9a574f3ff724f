import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../shared/domain/ranking/publish.ts';
import { ar } from '../../web/src/i18n/ar.ts';
import { fr } from '../../web/src/i18n/fr.ts';
import { api, idTokenFor } from '../support/cloud.ts';
import { RANKING_RUN_WAIT_MS, waitFor } from '../support/journeys.ts';
import {
  errorsOf,
  expectAccessible,
  LANGS,
  type Lang,
  openPage,
  screenshot,
  testWeb,
} from './support/browser.ts';

/**
 * The public pages in French and Arabic against the local cloud: real data on screen, `lang`/`dir`,
 * no raw dictionary key, axe, every control reachable by keyboard, a screenshot of each.
 */
const dict = { fr, ar };
const KEYS = Object.keys(fr);
const RANKED_PERIOD = '2025-06';

/** The page is in its language, shows no raw key and threw nothing (404 answers the page expects aside). */
async function expectWellFormed(page: Page, lang: Lang) {
  expect(await page.getAttribute('html', 'lang')).toBe(lang);
  expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
  const text = (await page.locator('body').textContent()) ?? '';
  expect(KEYS.filter((k) => text.includes(k))).toEqual([]);
  expect(errorsOf(page).filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
}

/** Tabs from the first control to the last: every visible link, button and field gets the focus. */
async function expectKeyboardReachesEveryControl(page: Page) {
  const total = await page.evaluate(() => {
    const doc = (globalThis as any).document;
    const controls = [
      ...doc.querySelectorAll(
        'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])',
      ),
    ].filter((el: any) => !el.disabled && el.getClientRects().length > 0);
    controls.forEach((el: any, i: number) => {
      el.setAttribute('data-kb', String(i));
    });
    return controls.length;
  });
  expect(total).toBeGreaterThan(3);
  await page.focus('[data-kb="0"]');
  // The page notes each control that receives the focus, read after a run of Tab presses (one
  // round trip per key instead of two: long tables have hundreds of controls).
  await page.evaluate(() => {
    const w = globalThis as any;
    w.__focused = [] as (string | null)[];
    w.document.addEventListener('focusin', (e: any) => w.__focused.push(e.target?.getAttribute?.('data-kb')));
  });
  const seen = new Set(['0']);
  // A control may take several Tab stops (a month field's month and year): go on until every control
  // was reached, or the focus came back to the first one.
  const limit = total * 3 + 10;
  let pressed = 0;
  let back = false;
  while (pressed < limit && seen.size < total && !back) {
    const run = Math.min(limit - pressed, total - seen.size);
    for (let i = 0; i < run; i++) await page.keyboard.press('Tab');
    pressed += run;
    const focused: (string | null)[] = await page.evaluate(() => (globalThis as any).__focused.splice(0));
    for (const at of focused) {
      if (at === '0') {
        back = true;
        break;
      }
      if (at !== null && at !== undefined) seen.add(at);
    }
  }
  expect(seen.size).toBe(total);
}

/** The month's ranking, queued once for the file and awaited by the tests that show it. */
let ranked: Promise<unknown> | undefined;
const rankingPublished = () => {
  ranked ??= (async () => {
    const queued = await api('/rankings/runs', {
      method: 'POST',
      token: await idTokenFor('ministry_admin'),
      body: { period: RANKED_PERIOD },
    });
    expect(queued.status, queued.text).toBe(202);
    return waitFor(
      `the ranking of ${RANKED_PERIOD}`,
      async () => ((await api(`/rankings?period=${RANKED_PERIOD}`)).status === 200 ? true : undefined),
      RANKING_RUN_WAIT_MS,
    );
  })();
  return ranked;
};

// The job runs while the other pages are checked.
beforeAll(() => {
  rankingPublished().catch(() => undefined);
});

describe.each(LANGS)('public pages (%s)', (lang) => {
  const t = dict[lang];
  const name = (o: { nameFr: string; nameAr: string }) => (lang === 'ar' ? o.nameAr : o.nameFr);

  it('home: the live national figures from /stats, the chart with its table, the rollout by region', async () => {
    const stats = (await api('/stats')).json;
    const page = await openPage(lang, '/');
    await page.locator('[data-figure="communes-live"]').waitFor();
    expect(await page.locator('h1').textContent()).toBe(t['home.title']);
    const regions = await page.locator('[data-testid="rollout"] tbody th[scope="row"]').allInnerTexts();
    expect(regions).toEqual(stats.communesLive.byRegion.map(name));
    // Other suites add staff meanwhile: the figure is a live count, at least one (the seeded demo staff).
    const staff = (await page.locator('[data-figure="civil-servants"]').textContent()) ?? '';
    expect(Number(staff.replace(/\D/g, ''))).toBeGreaterThan(0);
    expect(await page.locator('figure.chart svg rect').count()).toBe(stats.applications.days.length * 2);
    await page.locator('figure.chart summary').click();
    expect(await page.locator('figure.chart tbody tr').count()).toBe(stats.applications.days.length);
    await expectWellFormed(page, lang);
    await expectAccessible(page);
    await expectKeyboardReachesEveryControl(page);
    await screenshot(page, 'home', lang);
  });

  it('procedures: the catalogue from /procedures with documents, formats, deadlines and commission', async () => {
    const catalogue = (await api('/procedures')).json;
    const page = await openPage(lang, '/procedures');
    await page.locator('details.procedure').first().waitFor();
    const summaries = await page.locator('details.procedure > summary').allInnerTexts();
    expect(summaries).toHaveLength(catalogue.procedures.length);
    for (const [i, p] of catalogue.procedures.entries())
      expect(summaries[i]).toContain(lang === 'ar' ? p.labelAr : p.labelFr);
    const building = page.locator('details#BUILDING_PERMIT');
    await building.locator('summary').click();
    const permit = catalogue.procedures.find((p: { code: string }) => p.code === 'BUILDING_PERMIT');
    const rows = building.locator('tbody tr');
    expect(await rows.count()).toBe(permit.documents.length);
    expect(await rows.first().textContent()).toContain(
      lang === 'ar' ? permit.documents[0].labelAr : permit.documents[0].labelFr,
    );
    expect(await building.textContent()).toContain(t['agency.urban-agency']);
    await expectWellFormed(page, lang);
    await expectAccessible(page);
    await expectKeyboardReachesEveryControl(page);
    await screenshot(page, 'procedures', lang);
  });

  it('rankings: a published month, sortable, by region, a commune’s history, the methodology and the CSV', async () => {
    await rankingPublished();
    const published = (await api(`/rankings?period=${RANKED_PERIOD}`)).json;
    const page = await openPage(lang, '/classement');
    await page.fill('#f-period', RANKED_PERIOD);
    const table = page.locator('[data-testid="ranking-table"]');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('tbody tr').count()).toBe(published.items.length);
    const casablanca = published.items.find(
      (r: { Jurisdiction: string }) => r.Jurisdiction === 'cas-casablanca',
    );
    expect(await table.textContent()).toContain(
      lang === 'ar' ? casablanca.communeNameAr : casablanca.communeNameFr,
    );

    // Sorting by name puts the rows in the language's alphabetical order.
    await table.locator('thead button', { hasText: t['common.commune'] }).click();
    expect(await table.locator('thead th[aria-sort="ascending"]').textContent()).toContain(
      t['common.commune'],
    );
    const names = await table.locator('tbody th').allInnerTexts();
    expect(names.slice(0, 5)).toEqual([...names].sort((a, b) => a.localeCompare(b, lang)).slice(0, 5));

    // By region: only the region's communes.
    await page.selectOption('#f-scope', 'region');
    await page.selectOption('#f-region', 'MA-06');
    const inRegion = (await api(`/rankings?period=${RANKED_PERIOD}&region=MA-06`)).json.items.length;
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 15_000 }).toBe(inRegion);

    // By peer group: only the group's communes; then back to the region for the history below.
    await page.selectOption('#f-scope', 'group');
    await page.selectOption('#f-group', 'rural');
    const rural = (await api(`/rankings?period=${RANKED_PERIOD}&group=rural`)).json.items.length;
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 15_000 }).toBe(rural);
    await page.selectOption('#f-scope', 'region');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 15_000 }).toBe(inRegion);

    // A commune's history as a chart. The files beside this one may publish other months meanwhile:
    // the page shows the history as it was between the two reads.
    const historyLength = async () => (await api('/rankings/communes/cas-casablanca')).json.items.length;
    const before = await historyLength();
    await table
      .locator('tbody th button', {
        hasText: lang === 'ar' ? casablanca.communeNameAr : casablanca.communeNameFr,
      })
      .first()
      .click();
    await page.locator('#history figure.chart').waitFor();
    const shown = await page.locator('[data-testid="history"] tbody tr').count();
    expect(shown).toBeGreaterThanOrEqual(before);
    expect(shown).toBeLessThanOrEqual(await historyLength());

    // The methodology in force, indicator by indicator.
    expect(await page.locator('#methodology-title').textContent()).toBe(t['rankings.methodology']);
    expect(await page.locator('section[aria-labelledby="methodology-title"] tbody').textContent()).toContain(
      t['indicator.shareDecidedInTime'],
    );

    // The CSV download has the published columns.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: t['rankings.downloadCsv'] }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`ranking-${RANKED_PERIOD}.csv`);
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync((await download.path()) as string, 'utf8');
    // The published file's header and cells, written by the same code as the ranking job's.
    expect(csv.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    expect(csv.split('\r\n')[1]).toMatch(new RegExp(`^${RANKED_PERIOD},`));
    expect(await page.getByRole('link', { name: t['rankings.downloadJson'] }).getAttribute('href')).toContain(
      `/rankings?period=${RANKED_PERIOD}`,
    );

    await expectWellFormed(page, lang);
    await expectAccessible(page);
    await expectKeyboardReachesEveryControl(page);
    await screenshot(page, 'rankings', lang);
  }, 330_000); // RANKING_RUN_WAIT_MS and the page's own checks

  it.each([
    ['simulator-form', '/simulateur', '#f-regionId'],
    ['verify-lookup', '/verifier', '#f-lookup'],
    ['register', '/inscription', '#f-profession'],
    ['sign-in-form', '/connexion', '#f-username'],
    ['forgot-password-form', '/mot-de-passe-oublie', '#f-username'],
  ])('%s (%s): well formed, accessible, every control reachable by keyboard', async (shot, route, ready) => {
    const page = await openPage(lang, route);
    await page.locator(ready).waitFor();
    await expectWellFormed(page, lang);
    await expectAccessible(page);
    await expectKeyboardReachesEveryControl(page);
    await screenshot(page, shot, lang);
  });

  it('an unreachable API, then a 5xx, show a bilingual message with the detail and a retry that works', async () => {
    const other: Lang = lang === 'fr' ? 'ar' : 'fr';
    const page = await openPage(lang, '/');
    await page.locator('[data-figure="communes-live"]').waitFor();
    await page.route('**/stats', (route) => route.abort('connectionrefused'));
    await page.reload();
    const panel = page.locator('.panel-error');
    await panel.waitFor();
    expect(await panel.locator('h2').textContent()).toBe(t['error.unreachable']);
    expect(await panel.textContent()).toContain(dict[other]['error.unreachable']);
    await expectAccessible(page);
    await screenshot(page, 'error-unreachable', lang);

    await page.unroute('**/stats');
    await page.route('**/stats', (route) =>
      route.fulfill({
        status: 500,
        headers: { 'access-control-allow-origin': '*', 'content-type': 'application/problem+json' },
        body: JSON.stringify({
          type: 'https://rukhsa.ma/problems/internal',
          title: 'Internal error',
          status: 500,
          detail: 'Something went wrong on our side.',
          correlationId: 'req-browser-1',
        }),
      }),
    );
    await page.getByRole('button', { name: t['common.retry'] }).click();
    await expect.poll(() => panel.locator('h2').textContent(), { timeout: 15_000 }).toBe(t['error.server']);
    expect(await panel.textContent()).toContain('Something went wrong on our side.');
    expect(await panel.textContent()).toContain('req-browser-1');
    await screenshot(page, 'error-server', lang);

    await page.unroute('**/stats');
    await page.getByRole('button', { name: t['common.retry'] }).click();
    await page.locator('[data-figure="communes-live"]').waitFor();
  });

  it('an unknown route shows the 404 page, in the language of its URL', async () => {
    const page = await openPage(lang, '/nulle-part/ici');
    await page.locator('h1').waitFor();
    expect(await page.locator('h1').textContent()).toBe(t['notFound.title']);
    expect(await page.getByRole('link', { name: t['notFound.home'] }).getAttribute('href')).toBe(`/${lang}/`);
    await expectWellFormed(page, lang);
    await expectAccessible(page);
    await screenshot(page, 'not-found', lang);
  });

  it('language-less links (the site root, the QR code’s /verify/…, e-mails’ /connexion) open in the reader’s language', async () => {
    for (const [from, to] of [
      ['/', `/${lang}/`],
      ['/verify/RK-CAS-CASABLANCA-2026-00042', `/${lang}/verifier/RK-CAS-CASABLANCA-2026-00042`],
      ['/connexion', `/${lang}/connexion`],
    ] as const) {
      const page = await openPage(lang, from, { raw: true });
      await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(`${testWeb().url}${to}`);
      await page.locator('h1').waitFor();
    }
  });

  it('the language switch is on every page, keeps the page, and is remembered', async () => {
    const other: Lang = lang === 'fr' ? 'ar' : 'fr';
    const page = await openPage(lang, '/procedures');
    await page.locator('h1').waitFor();
    await page.locator('.lang-switch').click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(`${testWeb().url}/${other}/procedures`);
    await expect.poll(() => page.getAttribute('html', 'lang'), { timeout: 15_000 }).toBe(other);
    expect(await page.locator('h1').textContent()).toBe(dict[other]['procedures.title']);
    await page.goto(`${testWeb().url}/`);
    await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(`${testWeb().url}/${other}/`);
  });
});
