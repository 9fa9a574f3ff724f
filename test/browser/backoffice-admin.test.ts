import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CASABLANCA_TARIFF_2026 } from '../../shared/domain/payments/tariffs.ts';
import { ar } from '../../web/src/i18n/ar.ts';
import { fr } from '../../web/src/i18n/fr.ts';
import { api, idTokenFor, testCloud } from '../support/cloud.ts';
import {
  signIn as apiSignIn,
  findProfessional,
  inbox,
  signInFirstTime,
  temporaryPasswordIn,
  waitFor,
} from '../support/journeys.ts';
import { wrongTotpCode } from '../support/totp.ts';
import {
  answerTotpStep,
  chooseWithKeyboard,
  confirmWithKeyboard,
  enrolTotpInBrowser,
  expectAccessible,
  LANGS,
  type Lang,
  openPage,
  screenshot,
  testWeb,
  typeInto,
} from './support/browser.ts';

/**
 * The second journey, in Chromium, in French and in Arabic: the ministry designates a
 * province's contact in the browser (the account is created); the contact signs in for the first
 * time, starts a commune's onboarding, creates its desk agent, confirms the delivery of the
 * signatory's key; once the rest of the checklist is done (commission members, the signatory's PIN
 * change: API), the commune goes LIVE from the rollout board. axe on each page.
 */
const dict = { fr, ar };
const PASSWORD = 'Rk-Province-2026!';
const mailsTo = async (to: string) => (await inbox()).filter((m) => m.To?.[0] === to);
const welcome = (to: string) =>
  waitFor(`the account e-mail to ${to}`, async () => {
    const mail = (await mailsTo(to)).find((m) => temporaryPasswordIn(m));
    if (!mail) return undefined;
    const username = /(?:Identifiant|اسم المستخدم)\s*:\s*(\S+)/.exec(mail.BodyText)?.[1];
    return username ? { username, temporary: temporaryPasswordIn(mail) as string } : undefined;
  });

async function confirm(page: Page, button: string) {
  await page.click(`#${button}`);
  await page.locator('dialog[open] [data-testid="confirm"]').click();
}

async function signInPage(page: Page, lang: Lang, username: string, password: string, totpSecret?: string) {
  await page.locator('#f-username').waitFor();
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await page.getByRole('button', { name: dict[lang]['auth.signIn'], exact: true }).click();
  // Ministry administrators and province contacts are asked their authenticator's code.
  if (totpSecret) await answerTotpStep(page, totpSecret);
}

describe.concurrent('the province contact and the ministry', () => {
  it.each(LANGS)(
    '(%s) the ministry designates a contact, who creates a desk agent, hands over a key, and puts the commune LIVE',
    async (lang: Lang) => {
      const t = dict[lang] as Record<string, string>;
      const run = randomUUID().slice(0, 8);
      const email = (name: string) => `${name}-${lang}-${run}@province.gov.ma`;
      // A region no other journey uses, one province per language, its first commune.
      const regionId = 'MA-09';
      const provinces = (await api(`/geo/regions/${regionId}/provinces`)).json.provinces as { id: string }[];
      const provinceId = (provinces[lang === 'fr' ? 0 : 1] as { id: string }).id;
      const communeId = (
        (await api(`/geo/provinces/${provinceId}/communes`)).json.communes as { id: string }[]
      )[0]?.id as string;

      // 1. The ministry designates the contact in the browser.
      const admin = testCloud().users.find((u) => u.role === 'ministry_admin');
      if (!admin) throw new Error('no demo ministry admin');
      const ministry = await openPage(lang, '/connexion');
      await signInPage(ministry, lang, admin.username, admin.password, admin.totpSecret);
      await ministry.locator('a[data-screen="ministry"]').click({ timeout: 20_000 });
      await ministry.locator(`#f-ministry-region option[value="${regionId}"]`).waitFor({ state: 'attached' });
      await ministry.selectOption('#f-ministry-region', regionId);
      await ministry
        .locator(`#f-ministry-province option[value="${provinceId}"]`)
        .waitFor({ state: 'attached' });
      await ministry.selectOption('#f-ministry-province', provinceId);
      await ministry.locator('[data-testid="current-contact"]').waitFor({ timeout: 20_000 });
      await ministry.fill('#f-contact-firstName', 'Karima');
      await ministry.fill('#f-contact-lastName', 'Alaoui');
      await ministry.fill('#f-contact-title', 'Cheffe de la division des collectivités territoriales');
      await ministry.fill('#f-contact-phone', '0523000001');
      await ministry.fill('#f-contact-email', email('contact'));
      await ministry.fill('#f-contact-address', 'Siège de la province, avenue Mohammed V');
      await confirm(ministry, 'contact-send');
      await ministry.locator('[data-testid="contact-designated"]').waitFor({ timeout: 20_000 });
      await ministry.locator(`[data-testid="rollout-board"] tr[data-commune="${communeId}"]`).waitFor({
        timeout: 20_000,
      });
      await expectAccessible(ministry);
      await screenshot(ministry, 'bo-ministry', lang);

      // 2. The contact's first sign-in, then onboarding and the desk agent, in the browser.
      const contact = await welcome(email('contact'));
      const page = await openPage(lang, '/connexion');
      await signInPage(page, lang, contact.username, contact.temporary);
      await page.locator('#f-newPassword').waitFor({ timeout: 20_000 });
      await page.fill('#f-newPassword', PASSWORD);
      await page.fill('#f-confirmPassword', PASSWORD);
      await page.getByRole('button', { name: t['auth.setPassword'] }).click();
      // The API refuses a province contact without two-step verification: the site opens its page;
      // once on, every session ends and the contact signs in again, now with the app's code.
      await page.locator('[data-testid="totp-secret"]').waitFor({ timeout: 20_000 });
      expect(await page.locator('h1').textContent()).toBe(t['totp.setupTitle']);
      expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      // The secret stays left to right inside the Arabic page (it is typed into an app as is).
      expect(await page.locator('[data-testid="totp-secret-text"]').getAttribute('dir')).toBe('ltr');
      await expectAccessible(page);
      await screenshot(page, 'totp-enrolment', lang);
      // The session signed in with the password alone: once TOTP is on, the page ends it at the API
      // too (DELETE /me/sessions), which then refuses its ID token. Token times are whole seconds:
      // the code is typed in a later second than the token's, as a person reading the QR code does.
      const before = await page.evaluate(
        () => JSON.parse(sessionStorage.getItem('rukhsa.session') ?? 'null')?.idToken as string | undefined,
      );
      expect(before).toMatch(/^ey/);
      const iat = JSON.parse(Buffer.from(String(before).split('.')[1] ?? '', 'base64url').toString())
        .iat as number;
      await waitFor('a second later than the token', () =>
        Date.now() >= (iat + 1) * 1000 ? true : undefined,
      );
      const ended = page.waitForResponse(
        (r) => r.url().endsWith('/me/sessions') && r.request().method() === 'DELETE',
      );
      const secret = await enrolTotpInBrowser(page);
      expect(await page.locator('[data-testid="totp-enrolled"]').textContent()).toBe(
        t['totp.enrolledSignInAgain'],
      );
      expect((await ended).status()).toBe(200);
      const old = await api('/me', { token: before, language: lang });
      expect([old.status, old.json?.type, old.json?.title]).toEqual([
        401,
        'https://rukhsa.ma/problems/session-revoked',
        lang === 'fr' ? 'Session révoquée' : 'جلسة ملغاة',
      ]);
      await signInPage(page, lang, contact.username, PASSWORD);
      await page.locator('#f-totpCode').waitFor({ timeout: 20_000 });
      expect(await page.locator('h1').textContent()).toBe(t['totp.signInTitle']);
      await expectAccessible(page);
      await screenshot(page, 'totp-sign-in', lang);
      // A wrong code is refused on the page, in the page's language; the right one signs in.
      await typeInto(page, '#f-totpCode', wrongTotpCode(secret));
      await page.keyboard.press('Enter');
      await page.locator('#f-totpCode-error').waitFor({ timeout: 20_000 });
      expect(await page.locator('#f-totpCode-error').textContent()).toContain(t['auth.error.code']);
      await answerTotpStep(page, secret);
      await page.locator('a[data-screen="province"]').click({ timeout: 20_000 });
      await page.locator(`tr[data-commune="${communeId}"]`).waitFor({ timeout: 20_000 });
      await confirm(page, `onboard-${communeId}`);
      await page
        .locator(`tr[data-commune="${communeId}"][data-status="ONBOARDING"]`)
        .waitFor({ timeout: 20_000 });
      // The staff form, with the keyboard only.
      await chooseWithKeyboard(page, '#f-staff-role', 'desk_agent');
      await chooseWithKeyboard(page, '#f-staff-commune', communeId);
      await typeInto(page, '#f-staff-firstName', 'Samir');
      await typeInto(page, '#f-staff-lastName', 'Bennani');
      await typeInto(page, '#f-staff-title', 'Agent du guichet unique');
      await typeInto(page, '#f-staff-phone', '0523000002');
      await typeInto(page, '#f-staff-email', email('desk'));
      await confirmWithKeyboard(page, 'staff-send');
      await page.locator('[data-testid="staff-created"]').waitFor({ timeout: 20_000 });
      await expect
        .poll(() => page.locator('[data-testid="staff-list"] tr[data-username]').count())
        .toBeGreaterThan(0);
      await expectAccessible(page);
      await screenshot(page, 'bo-province', lang);

      // 3. The rest of the checklist through the API: commission members, the signatory and the key.
      const token = (await apiSignIn(contact.username, PASSWORD, secret)).AuthenticationResult
        ?.IdToken as string;
      const person = (name: string, extra: Record<string, unknown>) => ({
        firstName: name,
        lastName: 'Tazi',
        title: 'Fonctionnaire',
        phone: '0523000000',
        email: email(name.toLowerCase()),
        ...extra,
      });
      const readiness = await api(`/communes/${communeId}/readiness`, { token });
      for (const code of (readiness.json.readiness.missing as string[]).filter((m) =>
        m.startsWith('COMMISSION_MEMBER:'),
      )) {
        const agencyId = code.split(':')[1] as string;
        const member = await api('/staff', {
          method: 'POST',
          token,
          headers: { 'idempotency-key': `m-${run}-${agencyId}` },
          body: person(`M${agencyId.replace(/-/g, '')}`, {
            roles: ['commission_member'],
            agencyId,
            provinceId,
          }),
        });
        expect(member.status, member.text).toBe(201);
      }
      const signatory = await api('/staff', {
        method: 'POST',
        token,
        headers: { 'idempotency-key': `s-${run}` },
        body: person('Hafid', { roles: ['signatory'], communeId, title: 'Président' }),
      });
      expect(signatory.status, signatory.text).toBe(201);
      const adminToken = await idTokenFor('ministry_admin');
      // Nothing left uncollected (issue 16): a treasurer account and a tariff in force before LIVE.
      const treasurer = await api('/staff', {
        method: 'POST',
        token,
        headers: { 'idempotency-key': `t-${run}` },
        body: person('Latifa', { roles: ['commune_treasurer'], communeId }),
      });
      expect(treasurer.status, treasurer.text).toBe(201);
      const { communeId: _c, effectiveFrom: _e, ...rates } = CASABLANCA_TARIFF_2026;
      const tariff = await api(`/communes/${communeId}/tariffs/2020-01-01`, {
        method: 'PUT',
        token: adminToken,
        headers: { 'idempotency-key': `tariff-${run}` },
        body: rates,
      });
      expect(tariff.status, tariff.text).toBe(200);
      const issued = await api('/signing-keys', {
        method: 'POST',
        token: adminToken,
        headers: { 'idempotency-key': `k-${run}` },
        body: {
          signatories: [
            {
              firstName: 'Hafid',
              lastName: 'Tazi',
              cin: `HT${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
              phone: '0523000000',
              email: email('hafid'),
              communeId,
              mandate: 'president',
              title: 'Président du conseil communal',
            },
          ],
        },
      });
      expect(issued.status, issued.text).toBe(201);
      const keyId = issued.json.keys[0].keyId as string;
      const sent = await api(`/signing-keys/${keyId}/handover`, {
        method: 'POST',
        token: adminToken,
        body: { trackingNumber: `EE${run.slice(0, 6).toUpperCase()}MA` },
      });
      expect(sent.status, sent.text).toBe(200);

      // 4. The contact confirms the key's delivery in the browser.
      await page.selectOption('#f-keys-commune', communeId);
      await page
        .locator(`[data-key="${keyId}"][data-status="HANDED_TO_CONTACT"]`)
        .waitFor({ timeout: 20_000 });
      await confirm(page, `deliver-${keyId}`);
      await page.locator('[data-testid="key-delivered"]').waitFor({ timeout: 20_000 });
      await page
        .locator(`[data-key="${keyId}"][data-status="DELIVERED_TO_COMMUNE"]`)
        .waitFor({ timeout: 20_000 });

      // 5. The signatory activates the key (API); the commune goes LIVE from the board.
      const hafid = await welcome(email('hafid'));
      const session = await signInFirstTime(hafid.username, hafid.temporary, 'Signataire#2026-Rukhsa');
      const pin = await waitFor('the PIN e-mail', async () =>
        (await mailsTo(email('hafid')))
          .map((m) => String(m.BodyText).match(/(?:Code PIN|الرمز السري)\s*:\s*(\d{6,8})/)?.[1])
          .find(Boolean),
      );
      const activated = await api(`/signing-keys/${keyId}/pin`, {
        method: 'POST',
        token: session.IdToken as string,
        body: { currentPin: pin, newPin: '48213795' },
      });
      expect(activated.json?.status, activated.text).toBe('ACTIVE');
      await page.reload();
      const row = page.locator(`tr[data-commune="${communeId}"][data-status="ONBOARDING"]`);
      await row.waitFor({ timeout: 20_000 });
      expect(await row.textContent()).toContain(t['bo.rollout.ready']);
      await confirm(page, `live-${communeId}`);
      await page.locator(`tr[data-commune="${communeId}"][data-status="LIVE"]`).waitFor({ timeout: 20_000 });
      expect(await page.textContent('[data-testid="rollout-moved"]')).toContain(
        t['bo.rollout.wentLive']?.split('{commune}')[1]?.trim().slice(0, 8) ?? '',
      );
      await expectAccessible(page);
      await screenshot(page, 'bo-province-live', lang);
      expect((await api(`/communes/${communeId}/readiness`, { token })).json.rollout.status).toBe('LIVE');

      // 6. Back in the ministry's session: the professionals waiting for verification, one decided.
      const proEmail = email('architecte');
      const registered = await api('/professionals', {
        method: 'POST',
        headers: { 'idempotency-key': `pro-${run}` },
        body: {
          profession: 'architect',
          registrationNumber: `CNOA-${run.toUpperCase()}`,
          firstName: 'Nadia',
          lastName: 'Berrada',
          cin: `NB${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
          phone: '0661000000',
          email: proEmail,
          preferredLanguage: lang,
          password: 'Rk-Architecte-2026!',
        },
      });
      expect(registered.status, registered.text).toBe(201);
      const proId = registered.json.id as string;
      await ministry.goto(new URL(`/${lang}/espace/ministere`, testWeb().url).toString());
      await ministry.locator('a[data-screen="ministryProfessionals"]').click({ timeout: 20_000 });
      const pro = ministry.locator(`[data-professional="${proId}"]`);
      // Oldest first: other journeys' registrations may come before it; page on until it shows.
      await waitFor('the registration in the list', async () => {
        await ministry.locator('[data-testid="pros-list"]').waitFor({ timeout: 20_000 });
        if (await pro.count()) return true;
        const next = ministry.locator('.pager button').last();
        if (await next.isEnabled()) await next.click();
        return undefined;
      });
      await expectAccessible(ministry);
      if (lang === 'fr') {
        await confirm(ministry, `verify-${proId}`);
      } else {
        await ministry.fill(`#f-reason-${proId}`, 'Numéro d’inscription inconnu du conseil de l’ordre');
        await confirm(ministry, `refuse-${proId}`);
      }
      await ministry.locator('[data-testid="pro-decided"]').waitFor({ timeout: 20_000 });
      const decided = await findProfessional(
        lang === 'fr' ? 'VERIFIED' : 'REJECTED',
        (p) => p.id === proId,
        adminToken,
      );
      expect(decided?.id).toBe(proId);

      // 7. The staff list, filtered by province and role: the desk agent the contact created;
      // suspended by the ministry, its history says who created and who suspended it, and when.
      await ministry.goto(new URL(`/${lang}/espace/ministere/personnel`, testWeb().url).toString());
      await ministry
        .locator(`#f-staff-filter-region option[value="${regionId}"]`)
        .waitFor({ state: 'attached' });
      await ministry.selectOption('#f-staff-filter-region', regionId);
      await ministry
        .locator(`#f-staff-filter-province option[value="${provinceId}"]`)
        .waitFor({ state: 'attached' });
      await ministry.selectOption('#f-staff-filter-province', provinceId);
      await ministry.selectOption('#f-staff-filter-role', 'desk_agent');
      const rows = ministry.locator('[data-testid="staff-list"] tbody tr');
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(1);
      expect(await rows.textContent()).toContain('Samir Bennani');
      const desk = (await rows.getAttribute('data-username')) as string;
      await ministry.click(`[id="suspend-${desk}"]`);
      await ministry.locator('dialog[open] [data-testid="confirm"]').click();
      await ministry.locator('[data-testid="staff-changed"]').waitFor({ timeout: 20_000 });
      await ministry.click(`[id="history-${desk}"]`);
      const created = ministry.locator('[data-testid="staff-history"] li[data-action="CREATED"]');
      await created.waitFor({ timeout: 20_000 });
      expect(await created.textContent()).toContain(contact.username);
      await ministry
        .locator('[data-testid="staff-history"] li[data-action="SUSPENDED"]')
        .waitFor({ timeout: 20_000 });
      await expectAccessible(ministry);
      await screenshot(ministry, 'bo-ministry-staff', lang);

      // 8. Signing keys: the commune's active key; a delegate's key issued, sent, then revoked.
      await ministry.goto(new URL(`/${lang}/espace/ministere/cles`, testWeb().url).toString());
      await ministry.locator(`#f-mkeys-region option[value="${regionId}"]`).waitFor({ state: 'attached' });
      await ministry.selectOption('#f-mkeys-region', regionId);
      await ministry
        .locator(`#f-mkeys-province option[value="${provinceId}"]`)
        .waitFor({ state: 'attached' });
      await ministry.selectOption('#f-mkeys-province', provinceId);
      await ministry.locator(`#f-mkeys-commune option[value="${communeId}"]`).waitFor({ state: 'attached' });
      await ministry.selectOption('#f-mkeys-commune', communeId);
      await ministry.locator(`[data-key="${keyId}"][data-status="ACTIVE"]`).waitFor({ timeout: 20_000 });
      await ministry.selectOption('#f-issue-mandate', 'delegate');
      await ministry.fill('#f-issue-firstName', 'Youssef');
      await ministry.fill('#f-issue-lastName', 'Idrissi');
      await ministry.fill('#f-issue-title', 'Vice-président délégataire');
      await ministry.fill('#f-issue-phone', '0523000003');
      await ministry.fill('#f-issue-email', email('delegue'));
      await ministry.fill('#f-issue-cin', `YI${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`);
      await confirm(ministry, 'issue-send');
      const issuedRow = ministry.locator('[data-testid="mkeys-list"] li[data-status="ISSUED"]');
      await issuedRow.waitFor({ timeout: 30_000 });
      const delegateKey = (await issuedRow.getAttribute('data-key')) as string;
      await ministry.fill(`#f-tracking-${delegateKey}`, `EE${run.slice(0, 6).toUpperCase()}2MA`);
      await confirm(ministry, `handover-${delegateKey}`);
      await ministry
        .locator(`[data-key="${delegateKey}"][data-status="HANDED_TO_CONTACT"]`)
        .waitFor({ timeout: 20_000 });
      await ministry.fill(`#f-revoke-reason-${delegateKey}`, 'Fin du mandat de délégation');
      await confirm(ministry, `revoke-${delegateKey}`);
      await ministry
        .locator(`[data-key="${delegateKey}"][data-status="REVOKED"]`)
        .waitFor({ timeout: 20_000 });
      await expectAccessible(ministry);
      await screenshot(ministry, 'bo-ministry-keys', lang);

      // 9. National settings: the region's wave, the legal ranges (saved unchanged), a ranking run.
      await ministry.goto(new URL(`/${lang}/espace/ministere/parametres`, testWeb().url).toString());
      await ministry.locator(`#f-wave-region option[value="${regionId}"]`).waitFor({ state: 'attached' });
      await ministry.selectOption('#f-wave-region', regionId);
      await ministry.fill('#f-wave-number', '3');
      await confirm(ministry, 'wave-send');
      await ministry.locator(`li[data-region="${regionId}"][data-wave="3"]`).waitFor({ timeout: 20_000 });
      await ministry.locator('#f-range-fileFee-max').waitFor();
      await confirm(ministry, 'ranges-send');
      await ministry.locator('[data-testid="ranges-saved"]').waitFor({ timeout: 20_000 });
      await confirm(ministry, 'run-send');
      await ministry.locator('[data-testid="run-queued"]').waitFor({ timeout: 20_000 });
      await ministry.locator('[data-testid="run-result"], [data-testid="run-none"]').first().waitFor();
      await expectAccessible(ministry);
      await screenshot(ministry, 'bo-ministry-settings', lang);
    },
    300_000,
  );
});
