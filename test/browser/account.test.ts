import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIELD_MESSAGES } from '#shared/http/i18n/fields.ts';
import { ar } from '../../web/src/i18n/ar.ts';
import { fr } from '../../web/src/i18n/fr.ts';
import { api, idTokenFor } from '../support/cloud.ts';
import { inbox, temporaryPasswordIn, waitFor } from '../support/journeys.ts';
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
 * Accounts in the browser, in both languages: a new civil servant's first sign-in (SRP, then the
 * forced new password), the forgotten password with the code read from the emulator's SES inbox,
 * sign-out, and a professional's registration whose bad phone number is shown next to its field.
 */
const dict = { fr, ar };

async function newStaffAccount(lang: Lang) {
  const email = `web-${lang}-${randomUUID().slice(0, 8)}@casablanca.ma`;
  const created = await api('/staff', {
    method: 'POST',
    token: await idTokenFor('ministry_admin'),
    headers: { 'idempotency-key': `browser-${randomUUID()}` },
    body: {
      firstName: 'Salma',
      lastName: 'Bennani',
      title: 'Agent, guichet unique',
      phone: '0522000000',
      email,
      preferredLanguage: 'fr',
      roles: ['desk_agent'],
      communeId: 'cas-casablanca',
    },
  });
  expect(created.status, created.text).toBe(201);
  const mail = await waitFor(`the welcome e-mail to ${email}`, async () =>
    (await inbox()).find((m) => m.To?.[0] === email),
  );
  const username = /Identifiant : (\S+)/.exec(mail.BodyText)?.[1];
  const temporary = temporaryPasswordIn(mail);
  if (!username || !temporary) throw new Error(`no username or temporary password in the mail to ${email}`);
  return { email, username, temporary };
}

async function signIn(page: Page, lang: Lang, username: string, password: string) {
  const t = dict[lang];
  await page.locator('#f-username').waitFor();
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await page.getByRole('button', { name: t['auth.signIn'], exact: true }).click();
}

async function choosePassword(page: Page, password: string) {
  await page.fill('#f-newPassword', password);
  await page.fill('#f-confirmPassword', password);
}

describe.each(LANGS)('accounts (%s)', (lang: Lang) => {
  const t = dict[lang];

  it('a new staff account signs in with SRP, must choose a new password, lands on its home, refreshes its tokens, signs out', async () => {
    const account = await newStaffAccount(lang);
    const page = await openPage(lang, '/connexion');
    await page.locator('#f-username').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'sign-in', lang);
    await signIn(page, lang, account.username, account.temporary);

    await expect
      .poll(() => page.locator('h1').textContent(), { timeout: 15_000 })
      .toBe(t['auth.newPasswordTitle']);
    // The confirmation must match: the error summary links to the field.
    await page.fill('#f-newPassword', 'Rk-Nouveau-mot-2026');
    await page.fill('#f-confirmPassword', 'Rk-Autre-mot-2026');
    await page.getByRole('button', { name: t['auth.setPassword'] }).click();
    await page.locator('.error-summary a[href="#f-confirmPassword"]').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'new-password', lang);
    await choosePassword(page, 'Rk-Nouveau-mot-2026');
    await page.getByRole('button', { name: t['auth.setPassword'] }).click();

    await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(`${testWeb().url}/${lang}/espace`);
    const me = page.locator('[data-testid="me"]');
    await me.waitFor();
    expect(await me.textContent()).toContain(t['role.desk_agent']);
    expect(await me.textContent()).toContain(lang === 'ar' ? 'الدار البيضاء' : 'Casablanca');
    // The ID token is kept for this tab only.
    const stored = await page.evaluate(() => (globalThis as any).sessionStorage.getItem('rukhsa.session'));
    expect(JSON.parse(stored).username).toBe(account.username);
    expect(await page.evaluate(() => (globalThis as any).localStorage.getItem('rukhsa.session'))).toBeNull();
    expect(errorsOf(page)).toEqual([]);
    await expectAccessible(page);
    await screenshot(page, 'workspace', lang);

    // A reload keeps the session, and tokens about to expire are refreshed before the API call.
    await page.evaluate(() => {
      const storage = (globalThis as any).sessionStorage;
      const s = JSON.parse(storage.getItem('rukhsa.session'));
      storage.setItem('rukhsa.session', JSON.stringify({ ...s, expiresAt: Date.now() + 60_000 }));
    });
    await page.reload();
    await page.locator('[data-testid="me"]').waitFor();
    const refreshed = JSON.parse(
      await page.evaluate(() => (globalThis as any).sessionStorage.getItem('rukhsa.session')),
    );
    expect(refreshed.expiresAt).toBeGreaterThan(Date.now() + 30 * 60_000);
    // Sign-out ends the session here and revokes it at Cognito.
    const refreshToken = JSON.parse(
      await page.evaluate(() => (globalThis as any).sessionStorage.getItem('rukhsa.session')),
    ).refreshToken as string;
    // The emulator checks revocation to the second (a token issued before the sign-out's second):
    // sign out in a later second than the refresh token was issued in.
    const issuedAt = JSON.parse(
      Buffer.from(refreshToken.split('.')[1] as string, 'base64url').toString(),
    ).iat;
    await expect.poll(() => Math.floor(Date.now() / 1000), { interval: 50 }).toBeGreaterThan(issuedAt);
    await page.getByRole('button', { name: t['auth.signOut'] }).click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(`${testWeb().url}/${lang}/connexion`);
    expect(
      await page.evaluate(() => (globalThis as any).sessionStorage.getItem('rukhsa.session')),
    ).toBeNull();
    const afterSignOut = await fetch(testWeb().endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: testWeb().userPoolClientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    });
    expect(afterSignOut.status).toBe(400);
  });

  it('a forgotten password is reset with the code e-mailed (read from the SES inbox), then signs in', async () => {
    const account = await newStaffAccount(lang);
    const page = await openPage(lang, '/connexion');
    await signIn(page, lang, account.username, account.temporary);
    await expect
      .poll(() => page.locator('h1').textContent(), { timeout: 15_000 })
      .toBe(t['auth.newPasswordTitle']);
    await choosePassword(page, 'Rk-Premier-mot-2026');
    await page.getByRole('button', { name: t['auth.setPassword'] }).click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(`${testWeb().url}/${lang}/espace`);
    await page.getByRole('button', { name: t['auth.signOut'] }).click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(`${testWeb().url}/${lang}/connexion`);

    await page.getByRole('link', { name: t['auth.forgot'] }).click();
    await expect
      .poll(() => page.url(), { timeout: 15_000 })
      .toBe(`${testWeb().url}/${lang}/mot-de-passe-oublie`);
    await expectAccessible(page);
    await screenshot(page, 'forgot-password', lang);
    const before = (await inbox()).filter((m) => m.To?.[0] === account.email).length;
    await page.fill('#f-username', account.username);
    await page.getByRole('button', { name: t['auth.sendCode'] }).click();
    await page.locator('#f-code').waitFor();
    const code = await waitFor('the reset code e-mail', async () => {
      const mails = (await inbox()).filter((m) => m.To?.[0] === account.email);
      const mail = mails.length > before ? mails[mails.length - 1] : undefined;
      return mail ? /\b(\d{6})\b/.exec(`${mail.BodyText ?? ''} ${mail.BodyHtml ?? ''}`)?.[1] : undefined;
    });
    await page.fill('#f-code', code);
    await choosePassword(page, 'Rk-Second-mot-2026');
    await expectAccessible(page);
    await screenshot(page, 'reset-code', lang);
    await page.getByRole('button', { name: t['auth.setPassword'] }).click();
    await expect
      .poll(() => page.locator('h1').textContent(), { timeout: 15_000 })
      .toBe(t['auth.resetDoneTitle']);

    await page.getByRole('link', { name: t['auth.signIn'], exact: true }).last().click();
    await signIn(page, lang, account.username, 'Rk-Second-mot-2026');
    await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(`${testWeb().url}/${lang}/espace`);
    await page.locator('[data-testid="me"]').waitFor();
  });

  it('a wrong password is refused next to the field, without saying whether the account exists', async () => {
    const page = await openPage(lang, '/connexion');
    await signIn(page, lang, 'nobody-here', 'Rk-wrong-password-9a');
    await page.locator('#f-password-error').waitFor();
    expect(await page.locator('#f-password-error').textContent()).toContain(t['auth.error.credentials']);
    await expectAccessible(page);
  });

  it('registration: a bad phone number is shown next to its field and in the error summary', async () => {
    const page = await openPage(lang, '/inscription');
    await page.locator('#f-profession').waitFor();
    const run = randomUUID().replace(/-/g, '').slice(0, 6).toUpperCase();
    await page.selectOption('#f-profession', 'architect');
    await page.fill('#f-registrationNumber', `CNOA-${run}`);
    await page.fill('#f-firstName', 'Youssef');
    await page.fill('#f-lastName', 'Alaoui');
    await page.fill('#f-cin', `BE${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`);
    await page.fill('#f-phone', '12-34');
    await page.fill('#f-email', `y.alaoui.${run.toLowerCase()}@cabinet.ma`);
    await page.fill('#f-password', 'Rk-tres-long-mot-2026');
    await page.getByRole('button', { name: t['register.submit'] }).click();

    const error = page.locator('#f-phone-error');
    await error.waitFor();
    expect(await page.locator('#f-phone').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-phone').getAttribute('aria-describedby')).toContain('f-phone-error');
    const summary = page.locator('.error-summary');
    expect(await summary.locator('a[href="#f-phone"]').textContent()).toContain(t['register.phone']);
    // The API's message, in the page's language (the portal sends it as Accept-Language).
    const message = await error.textContent();
    expect(message).toContain(FIELD_MESSAGES.invalid_phone[lang]({}));
    if (lang === 'ar') expect(message).toMatch(/رقم هاتف مغربي/);
    else expect(message).not.toMatch(/[\u0600-\u06FF]/);
    expect(await page.locator('.field-error').count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'register-error', lang);

    // Corrected, the registration goes through and says what happens next.
    await page.fill('#f-phone', '0612345678');
    await page.getByRole('button', { name: t['register.submit'] }).click();
    await expect
      .poll(() => page.locator('h1').textContent(), { timeout: 15_000 })
      .toBe(t['register.doneTitle']);
    await screenshot(page, 'register-done', lang);
  });
});
