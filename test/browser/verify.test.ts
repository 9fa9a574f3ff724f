import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SIGNING_PIN } from '../../scripts/local-cloud/seed.ts';
import { ar } from '../../web/src/i18n/ar.ts';
import { fr } from '../../web/src/i18n/fr.ts';
import { api, idTokenFor, testCloud } from '../support/cloud.ts';
import { givenPaidApplication } from '../support/journeys.ts';
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
 * Permit verification, the page the printed QR code opens: a permit really issued in this test
 * (valid), the same PDF with one byte flipped uploaded in the form (invalid), an unknown number.
 */
const dict = { fr, ar };
let permitNumber: string;
let pdf: Buffer;
/** What the permit's QR code encodes: the verification URL, `#`, the signed token. */
let qr: string;

beforeAll(async () => {
  const id = await givenPaidApplication(`browser-verify-${randomUUID().slice(0, 8)}`);
  const signed = await api(`/applications/${id}/permit`, {
    method: 'POST',
    token: await idTokenFor('signatory'),
    body: { pin: DEMO_SIGNING_PIN },
  });
  expect(signed.status, signed.text).toBe(201);
  permitNumber = signed.json.permit.permitNumber;
  qr = signed.json.permit.qr;
  const download = await fetch(`${testCloud().outputs.apiUrl}/applications/${id}/permit`, {
    headers: { authorization: `Bearer ${await idTokenFor('professional')}` },
  });
  pdf = Buffer.from(await download.arrayBuffer());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
}, 240_000);

describe.each(LANGS)('permit verification (%s)', (lang: Lang) => {
  const t = dict[lang];

  it('the QR code’s link shows a permit issued in this test as valid, with its key facts and signatory', async () => {
    const record = (await api(`/verify/${permitNumber}`)).json;
    const page = await openPage(lang, `/verify/${permitNumber}`, { raw: true });
    await expect
      .poll(() => page.url(), { timeout: 15_000 })
      .toBe(`${testWeb().url}/${lang}/verifier/${permitNumber}`);
    const outcome = page.locator('[data-outcome]').first();
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-outcome')).toBe('valid');
    const text = await outcome.textContent();
    expect(text).toContain(t['verify.validTitle']);
    expect(text).toContain(permitNumber);
    expect(text).toContain(record.permit.signatory.name);
    // The API names the procedure and the commune in both languages; the page shows its own.
    expect(text).toContain(lang === 'ar' ? record.permit.procedureAr : record.permit.procedure);
    expect(text).toContain(lang === 'ar' ? record.permit.communeAr : record.permit.commune);
    expect(text).toContain(record.permit.keyFingerprint);
    expect(text).toContain(t['check.pdf-hash']);
    expect(await page.locator('h1').textContent()).toContain(permitNumber);
    expect(errorsOf(page)).toEqual([]);
    await expectAccessible(page);
    await screenshot(page, 'verify-valid', lang);
  });

  it('a PDF with one flipped byte, checked in the form, is not the signed permit', async () => {
    const tampered = Buffer.from(pdf);
    const middle = Math.floor(tampered.length / 2);
    tampered[middle] = (tampered[middle] as number) ^ 0x01;
    const page = await openPage(lang, `/verifier/${permitNumber}`);
    await page.locator('[data-outcome]').first().waitFor();
    expect(await page.inputValue('#f-permitNumber')).toBe(permitNumber);
    await page.setInputFiles('#f-pdf', { name: 'permis.pdf', mimeType: 'application/pdf', buffer: tampered });
    await page.getByRole('button', { name: t['verify.checkPdf'] }).click();
    const uploaded = page.locator('section[data-outcome] h2#outcome-upload');
    await uploaded.waitFor();
    const section = page.locator('section[data-outcome]:has(#outcome-upload)');
    expect(await section.getAttribute('data-outcome')).toBe('invalid');
    expect(await section.textContent()).toContain(t['verify.invalidUpload']);
    expect(await section.textContent()).toContain(t['verify.checkFailed']);
    await expectAccessible(page);
    await screenshot(page, 'verify-tampered', lang);

    // The untouched file passes the same form.
    await page.setInputFiles('#f-pdf', { name: 'permis.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: t['verify.checkPdf'] }).click();
    await expect.poll(() => section.getAttribute('data-outcome'), { timeout: 15_000 }).toBe('valid');
  });

  it('the QR’s signed token verifies in the browser, and still does offline after one online load; an altered one fails', async () => {
    const [url, token] = qr.split('#') as [string, string];
    expect(url).toMatch(new RegExp(`/verify/${permitNumber}$`));
    // The QR's link, opened on this site (the token stays in the fragment across the redirect).
    const page = await openPage(lang, `${new URL(url).pathname}#${token}`, { raw: true });
    const outcome = page.locator('[data-qr-outcome]');
    await outcome.waitFor({ timeout: 20_000 });
    expect(await outcome.getAttribute('data-qr-outcome')).toBe('valid');
    expect(await outcome.getAttribute('data-qr-online')).toBe('online');
    const claims = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());
    expect(await outcome.textContent()).toContain(t['qr.outcome.valid']);
    expect(await outcome.textContent()).toContain(claims.h);
    expect(await outcome.textContent()).toContain(permitNumber);
    await screenshot(page, 'verify-qr-online', lang);

    // No network from here: the key set kept on the device verifies a scanned (pasted) QR content.
    await page.context().setOffline(true);
    await page.fill('#f-qr', qr);
    await page.getByRole('button', { name: t['qr.check'] }).click();
    await expect.poll(() => outcome.getAttribute('data-qr-online'), { timeout: 15_000 }).toBe('offline');
    expect(await outcome.getAttribute('data-qr-outcome')).toBe('valid');
    expect(await page.locator('[data-qr-keys]').textContent()).toContain(
      t['qr.offline'].slice(0, t['qr.offline'].indexOf('(')).trim(),
    );
    await screenshot(page, 'verify-qr-offline', lang);

    // One character of the payload changed: not signed by any published key.
    const [h, p, s] = token.split('.') as [string, string, string];
    const altered = `${h}.${p.slice(0, 12)}${p[12] === 'A' ? 'B' : 'A'}${p.slice(13)}.${s}`;
    await page.fill('#f-qr', `${url}#${altered}`);
    await page.getByRole('button', { name: t['qr.check'] }).click();
    await expect.poll(() => outcome.getAttribute('data-qr-outcome'), { timeout: 15_000 }).toBe('invalid');
    expect(await outcome.textContent()).toContain(t['qr.outcome.invalid']);
    await expectAccessible(page);
    await screenshot(page, 'verify-qr-altered', lang);
    await page.context().setOffline(false);
  });

  it('an unknown number says that no permit carries it', async () => {
    const unknown = 'RK-CAS-CASABLANCA-2099-99999';
    const page = await openPage(lang, `/verifier/${unknown}`);
    const outcome = page.locator('[data-outcome]').first();
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-outcome')).toBe('unknown');
    expect(await outcome.textContent()).toContain(t['verify.unknownTitle']);
    expect(await outcome.textContent()).toContain(unknown);
    await expectAccessible(page);
    await screenshot(page, 'verify-unknown', lang);
  });

  it('the form without a number looks the permit up', async () => {
    const page = await openPage(lang, '/verifier');
    await page.locator('#f-lookup').waitFor();
    await page.fill('#f-lookup', permitNumber.toLowerCase());
    await page.getByRole('button', { name: t['verify.lookUp'], exact: true }).click();
    await expect
      .poll(() => page.url(), { timeout: 15_000 })
      .toBe(`${testWeb().url}/${lang}/verifier/${permitNumber}`);
    await page.locator('[data-outcome="valid"]').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'verify-form', lang);
  });
});
