import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ar } from '../../web/src/i18n/ar.ts';
import { fr } from '../../web/src/i18n/fr.ts';
import { api } from '../support/cloud.ts';
import { errorsOf, expectAccessible, LANGS, type Lang, openPage, screenshot } from './support/browser.ts';

/**
 * The fee simulator in both languages: the catalogue example of docs/payment.md (120.4 m² of
 * individual housing in Casablanca at 25 MAD/m² → 121 m² → 3,025.00 MAD) and a commune that has no
 * tariff yet (a clear message, not an error page).
 */
const dict = { fr, ar };
const digits = (s: string) => s.replace(/[^\d]/g, '');

async function chooseCommune(page: Page, communeId: string) {
  await page.selectOption('#f-regionId', 'MA-06');
  await expect
    .poll(() => page.locator('#f-provinceId option[value="MA-CAS"]').count(), { timeout: 15_000 })
    .toBe(1);
  await page.selectOption('#f-provinceId', 'MA-CAS');
  await expect
    .poll(() => page.locator(`#f-communeId option[value="${communeId}"]`).count(), { timeout: 15_000 })
    .toBe(1);
  await page.selectOption('#f-communeId', communeId);
}

async function describeVilla(page: Page) {
  await expect
    .poll(() => page.locator('#f-procedureCode option[value="BUILDING_PERMIT"]').count(), { timeout: 15_000 })
    .toBe(1);
  await page.selectOption('#f-procedureCode', 'BUILDING_PERMIT');
  await page.fill('#f-description', 'Villa R+1');
  await page.fill('#f-floorAreaM2', '120.4');
  await page.selectOption('#f-buildingCategory', 'individual_housing');
}

describe.each(LANGS)('fee simulator (%s)', (lang: Lang) => {
  const t = dict[lang];

  it('estimates the catalogue example: 121 m² × 25 MAD = 3,025.00 MAD, with its legal basis', async () => {
    const page = await openPage(lang, '/simulateur');
    await page.locator('#f-regionId').waitFor();
    // The places come from the API in the page's language.
    const regions = (await api('/geo/regions')).json.regions;
    const casablancaSettat = regions.find((r: { id: string }) => r.id === 'MA-06');
    expect(await page.locator('#f-regionId option[value="MA-06"]').textContent()).toBe(
      lang === 'ar' ? casablancaSettat.nameAr : casablancaSettat.nameFr,
    );
    await chooseCommune(page, 'cas-casablanca');
    await describeVilla(page);
    await page.getByRole('button', { name: t['simulator.submit'] }).click();
    const line = page.locator('[data-line="CONSTRUCTION_TAX"]');
    await line.waitFor();
    const amount = (await line.locator('[data-amount]').textContent()) ?? '';
    expect(await line.locator('[data-amount]').getAttribute('data-amount')).toBe('302500');
    // 3 025,00 MAD in French; 3.025,00 د.م. in Arabic: the same digits, each language's presentation.
    expect(digits(amount)).toBe('302500');
    expect(amount).toMatch(lang === 'fr' ? /^3\s025,00\sMAD$/u : /3\.025,00\s?د\.م\./u);
    expect(await line.textContent()).toContain('121');
    expect(await line.textContent()).toContain('47-06');
    expect(await page.locator('#estimate h2').textContent()).toBe(t['simulator.result']);
    expect(errorsOf(page)).toEqual([]);
    await expectAccessible(page);
    await screenshot(page, 'simulator', lang);
  });

  it('a commune without a tariff gets a clear message, not an error page', async () => {
    const communes = (await api('/geo/provinces/MA-CAS/communes')).json.communes as { id: string }[];
    let without: string | undefined;
    for (const c of communes.filter((c) => c.id !== 'cas-casablanca')) {
      const answer = await api('/fees/estimate', {
        method: 'POST',
        body: {
          communeId: c.id,
          procedureCode: 'BUILDING_PERMIT',
          project: { description: 'Villa', floorAreaM2: 100, buildingCategory: 'individual_housing' },
        },
      });
      if (answer.status === 422 && answer.json.type.endsWith('/no-tariff')) {
        without = c.id;
        break;
      }
    }
    expect(without, 'a Casablanca commune without a tariff').toBeDefined();
    const page = await openPage(lang, '/simulateur');
    await page.locator('#f-regionId').waitFor();
    await chooseCommune(page, without as string);
    await describeVilla(page);
    await page.getByRole('button', { name: t['simulator.submit'] }).click();
    await page.locator('#estimate').waitFor();
    expect(await page.locator('#estimate h2').textContent()).toBe(t['simulator.noTariffTitle']);
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'simulator-no-tariff', lang);
  });

  it('a missing field is named in the error summary, linked to the field', async () => {
    const page = await openPage(lang, '/simulateur');
    await page.locator('#f-regionId').waitFor();
    await page.getByRole('button', { name: t['simulator.submit'] }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.locator('a[href="#f-regionId"]').textContent()).toContain(
      t['simulator.chooseCommune'],
    );
    await summary.locator('a[href="#f-regionId"]').click();
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('f-regionId');
    expect(await page.locator('#f-regionId').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
  });
});
