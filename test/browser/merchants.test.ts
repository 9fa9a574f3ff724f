import { randomInt, randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_SIGNING_PIN } from '../../scripts/local-cloud/seed.ts';
import { ar } from '../../web/src/i18n/ar.ts';
import { fr } from '../../web/src/i18n/fr.ts';
import { api, idTokenFor, testCloud } from '../support/cloud.ts';
import { inbox, signIn, uploadRequiredDocuments, waitFor } from '../support/journeys.ts';
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
 * Merchants in the web, in French (a company with its ICE and RC numbers) and Arabic (a trader in
 * their own name): the registration choice, the form, the e-mailed code, sign-in; the wizard offers
 * only what a business may file and creates a public-domain occupation draft; once that authorisation
 * is issued (review, payment and signature through the API), "renew" on its page opens the wizard on
 * the renewal with the authorisation's number, and the renewal draft follows it.
 */
const dict = { fr, ar };
const KEYS = Object.keys(fr);
const PASSWORD = 'Rk-Commerce-2026!x';
const BUSINESS_PROCEDURES = [
  'ACTIVITY_LICENCE',
  'ACTIVITY_LICENCE_RENEWAL',
  'PUBLIC_DOMAIN_OCCUPATION',
  'PUBLIC_DOMAIN_OCCUPATION_RENEWAL',
];

async function expectWellFormed(page: Page, lang: Lang) {
  expect(await page.getAttribute('html', 'lang')).toBe(lang);
  expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
  const text = (await page.locator('body').textContent()) ?? '';
  expect(KEYS.filter((k) => text.includes(k))).toEqual([]);
  expect(errorsOf(page).filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
}

/** The authorisation reviewed by the desk, paid if a royalty is due and signed, through the API. */
async function issue(id: string, token: string) {
  const desk = await idTokenFor('desk_agent');
  const admissible = await api(`/applications/${id}/admissibility`, {
    method: 'POST',
    token: desk,
    body: {},
  });
  expect(admissible.json?.status, admissible.text).toBe('READY_FOR_DECISION');
  const approved = await api(`/applications/${id}/decision`, {
    method: 'POST',
    token: desk,
    body: { decision: 'APPROVED', conditions: [] },
  });
  expect(approved.status, approved.text).toBe(200);
  if (approved.json.status === 'AWAITING_PAYMENT') {
    const payment = await api('/payments', {
      method: 'POST',
      token,
      body: { applicationId: id, language: 'fr' },
    });
    expect(payment.status, payment.text).toBe(201);
    const decision = await fetch(`${testCloud().outputs.apiUrl}/simulator/cmi/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...payment.json.fields, decision: 'approve' }).toString(),
      redirect: 'manual',
    });
    expect(decision.status).toBe(303);
  }
  const signed = await api(`/applications/${id}/permit`, {
    method: 'POST',
    token: await idTokenFor('signatory'),
    body: { pin: DEMO_SIGNING_PIN },
  });
  expect(signed.status, signed.text).toBe(201);
  return signed.json.permit.permitNumber as string;
}

describe.each(LANGS)('a merchant in the web (%s)', (lang: Lang) => {
  const t = dict[lang];
  const company = lang === 'fr';
  const email = `merchant-${lang}-${randomUUID().slice(0, 8)}@commerce.ma`;

  it('registers, proves the e-mail, files a public-domain occupation and renews it once issued', async () => {
    // The choice on the registration page.
    const page = await openPage(lang, '/inscription');
    await page.locator('a[data-choice="registerBusiness"]').click();
    await page.locator('#f-kind').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/${lang}/inscription/entreprise`);
    expect(await page.locator('a[data-choice="registerBusiness"]').getAttribute('aria-current')).toBe('page');

    if (company) {
      await page.selectOption('#f-kind', 'company');
      await typeInto(page, '#f-companyName', 'Café Atlas SARL');
      // A 14-digit ICE is refused by the API, next to its field, in the page's language.
      await typeInto(page, '#f-ice', '12345678901234');
      await typeInto(page, '#f-rcNumber', 'rc-casa-445566');
    }
    await typeInto(page, '#f-firstName', company ? 'Salma' : 'سلمى');
    await typeInto(page, '#f-lastName', company ? 'Bennani' : 'بناني');
    await typeInto(page, '#f-cin', `BK${randomInt(100_000, 999_999)}`);
    await typeInto(page, '#f-phone', '0661234567');
    await typeInto(page, '#f-email', email);
    await typeInto(page, '#f-password', PASSWORD);
    await page.keyboard.press('Enter');
    if (company) {
      const iceError = page.locator('#f-ice-error');
      await iceError.waitFor({ timeout: 20_000 });
      expect(await page.locator('.error-summary').textContent()).toContain(t['business.ice']);
      await typeInto(page, '#f-ice', String(Date.now()).padStart(15, '0').slice(-15));
      await page.keyboard.press('Enter');
    }
    await page.locator('#f-code').waitFor({ timeout: 20_000 });
    await expectWellFormed(page, lang);
    const mail = await waitFor('the e-mail code', async () =>
      (await inbox()).find((m) => m.To.includes(email) && /\b\d{6}\b/.test(m.BodyText)),
    );
    await typeInto(page, '#f-code', mail.BodyText.match(/\b(\d{6})\b/)?.[1] ?? '');
    await page.keyboard.press('Enter');
    await page.getByText(t['business.next']).waitFor({ timeout: 20_000 });
    await expectAccessible(page);
    await screenshot(page, 'merchant-registered', lang);

    // Sign-in with the e-mail and the password chosen.
    await page.getByRole('link', { name: t['nav.signIn'] }).first().click();
    await page.locator('#f-username').waitFor();
    await page.fill('#f-username', email);
    await page.fill('#f-password', PASSWORD);
    await page.getByRole('button', { name: t['auth.signIn'], exact: true }).click();
    await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(/\/espace$/);
    await page.locator('[data-testid="me"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="me"]').textContent()).toContain(t['role.business']);

    // The wizard offers what a business may file, nothing else.
    await page.getByRole('link', { name: t['files.new'] }).click();
    await page.locator('#f-procedureCode').waitFor({ timeout: 20_000 });
    const offered = await page
      .locator('#f-procedureCode option')
      .evaluateAll((os) => os.map((o) => (o as any).value).filter(Boolean));
    expect(offered.sort()).toEqual(BUSINESS_PROCEDURES);
    await page.selectOption('#f-procedureCode', 'PUBLIC_DOMAIN_OCCUPATION');
    await page.selectOption('#f-regionId', 'MA-06');
    await page.locator('#f-provinceId option[value="MA-CAS"]').waitFor({ state: 'attached' });
    await page.selectOption('#f-provinceId', 'MA-CAS');
    await page.locator('#f-communeId option[value="cas-casablanca"]').waitFor({ state: 'attached' });
    await page.selectOption('#f-communeId', 'cas-casablanca');
    if (company) {
      await page.selectOption('#f-kind', 'company');
      await page.fill('#f-companyName', 'Café Atlas SARL');
      await page.fill('#f-registrationNumber', 'RC-CASA-445566');
      await page.fill('#f-repFirstName', 'Salma');
      await page.fill('#f-repLastName', 'Bennani');
    } else {
      await page.fill('#f-firstName', 'سلمى');
      await page.fill('#f-lastName', 'بناني');
      await page.fill('#f-cin', 'BK123456');
    }
    await page.fill('#f-landTitle', '45678/C');
    await page.fill('#f-address', '12 boulevard Zerktouni, Casablanca');
    await page.fill('#f-description', 'Terrasse de café sur le trottoir');
    await page.fill('#f-occupiedAreaM2', '12');
    await page.fill('#f-occupationMonths', '6');
    await page.fill('#f-activity', 'Terrasse de café');
    await expectAccessible(page);
    await page.getByRole('button', { name: t['wizard.create'] }).click();
    await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(/\/espace\/dossiers\/app-[^/]+$/);
    const id = new URL(page.url()).pathname.split('/').pop() as string;
    await page.locator('[data-testid="file-facts"]').waitFor({ timeout: 20_000 });

    // Documents, submission and the commune's side through the API, with the merchant's own token.
    const token = (await signIn(email, PASSWORD)).AuthenticationResult?.IdToken as string;
    await uploadRequiredDocuments(id, token, 'PUBLIC_DOMAIN_OCCUPATION');
    const submitted = await api(`/applications/${id}/submission`, {
      method: 'POST',
      token,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(submitted.json?.status, submitted.text).toBe('SUBMITTED');
    const permitNumber = await issue(id, token);

    // The issued authorisation's page offers its renewal; the wizard starts from it.
    await page.reload();
    const renew = page.locator('[data-testid="renew"]');
    await renew.waitFor({ timeout: 20_000 });
    await expectWellFormed(page, lang);
    await screenshot(page, 'merchant-issued', lang);
    await renew.click();
    await page.locator('#f-permitNumber').waitFor({ timeout: 20_000 });
    expect(await page.inputValue('#f-procedureCode')).toBe('PUBLIC_DOMAIN_OCCUPATION_RENEWAL');
    expect(await page.inputValue('#f-permitNumber')).toBe(permitNumber);
    await expect.poll(() => page.inputValue('#f-communeId'), { timeout: 20_000 }).toBe('cas-casablanca');
    expect(await page.inputValue('#f-activity')).toBe('Terrasse de café');
    await expectWellFormed(page, lang);
    await expectAccessible(page);
    await screenshot(page, 'merchant-renewal', lang);
    await page.getByRole('button', { name: t['wizard.create'] }).click();
    await expect.poll(() => page.url(), { timeout: 20_000 }).not.toContain(id);
    await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(/\/espace\/dossiers\/app-[^/]+$/);
    const renewalId = new URL(page.url()).pathname.split('/').pop() as string;
    const renewal = (await api(`/applications/${renewalId}`, { token })).json;
    expect(renewal.procedureCode).toBe('PUBLIC_DOMAIN_OCCUPATION_RENEWAL');
    expect(renewal.followsPermit.number).toBe(permitNumber);
    expect(renewal.status).toBe('DRAFT');
  });
});
