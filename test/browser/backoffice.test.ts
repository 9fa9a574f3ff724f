import { randomUUID } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ar } from '../../web/src/i18n/ar.ts';
import { fr } from '../../web/src/i18n/fr.ts';
import { api, clientConfig, idTokenFor, testCloud } from '../support/cloud.ts';
import { holdForThisFile } from '../support/exclusive.ts';
import { buildingPermit } from '../support/fixtures.ts';
import {
  firstSignIn,
  givenPaidApplication,
  inbox,
  submitNewFile,
  temporaryPasswordIn,
  uploadDocument,
  waitFor,
} from '../support/journeys.ts';
import { pdfTextItems } from '../support/pdf.ts';
import {
  chooseWithKeyboard,
  confirmWithKeyboard,
  errorsOf,
  expectAccessible,
  LANGS,
  type Lang,
  openPage,
  screenshot,
  tabTo,
  testWeb,
  typeInto,
} from './support/browser.ts';

/**
 * The back office's first journey, in Chromium, in French and in Arabic: the desk returns a file
 * with two coded reasons; after the professional resubmits (API) it declares it admissible; three
 * commission members give their opinions (one with the keyboard only); the desk approves with a
 * condition; after payment (API) a new signatory changes the PIN received by e-mail, a wrong PIN
 * shows the attempts left, the permit is signed and its verification page says valid; on another
 * paid file five wrong PINs lock the key and the page says who can unlock it. A desk agent of
 * another commune sees none of it (UI and API agree). axe on every back-office page.
 */
const dict = { fr, ar };
const cloud = () => testCloud();
const cognito = () => new CognitoIdentityProviderClient(clientConfig(cloud()));
const PASSWORD = 'Rk-Backoffice-2026!';

/** A civil servant created like an administrator would (Cognito), with a permanent password. */
async function staffAccount(
  username: string,
  group: 'commission_member' | 'desk_agent',
  attributes: Record<string, string>,
) {
  const UserPoolId = cloud().outputs.userPoolId;
  await cognito().send(
    new AdminCreateUserCommand({
      UserPoolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: `${username}@services.ma` },
        ...Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      ],
    }),
  );
  await cognito().send(
    new AdminSetUserPasswordCommand({ UserPoolId, Username: username, Password: PASSWORD, Permanent: true }),
  );
  await cognito().send(new AdminAddUserToGroupCommand({ UserPoolId, Username: username, GroupName: group }));
  return { username, password: PASSWORD };
}

const demo = (role: 'desk_agent' | 'commission_member') => {
  const user = cloud().users.find((u) => u.role === role);
  if (!user) throw new Error(`no demo ${role}`);
  return user;
};

async function signIn(lang: Lang, username: string, password: string): Promise<Page> {
  const page = await openPage(lang, '/connexion');
  await page.locator('#f-username').waitFor();
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await page.getByRole('button', { name: dict[lang]['auth.signIn'], exact: true }).click();
  await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(/\/espace$/);
  return page;
}

/** From the workspace, the role's screen, then the file's row. */
async function openFromWorklist(page: Page, screen: string, id: string) {
  await page.locator(`a[data-screen="${screen}"]`).click();
  const row = page.locator(`tr[data-file="${id}"]`);
  await row.waitFor({ timeout: 20_000 });
  await expectAccessible(page);
  await row.locator('a').click();
  await page.locator('[data-testid="file-facts"]').waitFor({ timeout: 20_000 });
}

async function confirm(page: Page, button: string) {
  await page.click(`#${button}`);
  await page.locator('dialog[open] [data-testid="confirm"]').click();
}

const recorded = (page: Page, status: string, t: Record<string, string>) =>
  expect
    .poll(() => page.locator('[data-testid="recorded"]').textContent(), { timeout: 20_000 })
    .toContain(t[`status.${status}`] as string);

async function largeSubmittedFile(run: string) {
  const pro = await idTokenFor('professional');
  const base = buildingPermit();
  const { id, submitted } = await submitNewFile(
    pro,
    {
      ...base,
      project: {
        ...base.project,
        floorAreaM2: 900,
        floors: 5,
        units: 12,
        buildingCategory: 'collective_housing',
      },
    },
    { tag: `bo-${run}`, size: 'large' },
  );
  return { id, receiptNumber: submitted.receiptNumber as string, pro };
}

/** Today in Casablanca (the day the treasury's page opens on). */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca' }).format(new Date());

const mailsTo = async (email: string) => (await inbox()).filter((m) => m.To[0] === email);

/** A new signatory of Casablanca with a key handed over through the province's contact (API), as the ministry does it. */
/** The province's contact, designated once for this file (both languages' keys go through them). */
let contact: Promise<string> | undefined;
function provinceContact(): Promise<string> {
  contact ??= (async () => {
    const run = randomUUID().slice(0, 8);
    const contactEmail = `contact-bo-${run}@interieur.gov.ma`;
    const designated = await api('/provinces/MA-CAS/contact', {
      method: 'PUT',
      token: await idTokenFor('ministry_admin'),
      headers: { 'idempotency-key': `bo-contact-${run}` },
      body: {
        firstName: 'Salma',
        lastName: 'Idrissi',
        title: 'Cheffe de la division des collectivités territoriales',
        phone: `+21265${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
        address: 'Préfecture de Casablanca-Anfa, boulevard Hassan II',
        email: contactEmail,
      },
    });
    expect(designated.status, designated.text).toBe(200);
    const mail = await waitFor('the contact account e-mail', async () => (await mailsTo(contactEmail))[0]);
    return firstSignIn(
      designated.json.contact.username,
      temporaryPasswordIn(mail) as string,
      'Contact#2026-Rukhsa',
      { totp: true },
    );
  })();
  return contact;
}

async function newSignatory(run: string, lang: Lang) {
  const admin = await idTokenFor('ministry_admin');
  const contactToken = await provinceContact();
  const digits = String(Math.floor(Math.random() * 1e7)).padStart(7, '0');
  const email = `signataire-${run}@casablanca.ma`;
  const issued = await api('/signing-keys', {
    method: 'POST',
    token: admin,
    headers: { 'idempotency-key': `bo-key-${run}` },
    body: {
      signatories: [
        {
          firstName: 'Hamza',
          lastName: 'Bennis',
          cin: `HB${digits.slice(-6)}`,
          phone: `+21267${digits}`,
          email,
          communeId: 'cas-casablanca',
          mandate: 'delegate',
          title: 'Vice-président délégué',
          preferredLanguage: lang,
        },
      ],
    },
  });
  expect(issued.status, issued.text).toBe(201);
  const key = issued.json.keys[0] as { keyId: string; signatoryUsername: string };
  const sent = await api(`/signing-keys/${key.keyId}/handover`, {
    method: 'POST',
    token: admin,
    body: { trackingNumber: `EE${digits}MA` },
  });
  expect(sent.status, sent.text).toBe(200);
  const delivered = await api(`/signing-keys/${key.keyId}/delivery`, {
    method: 'POST',
    token: contactToken,
    body: {},
  });
  expect(delivered.json?.status, delivered.text).toBe('DELIVERED_TO_COMMUNE');
  const pin = await waitFor('the PIN e-mail', async () =>
    (await mailsTo(email))
      .map((m) => String(m.BodyText).match(/(?:Code PIN|الرمز السري)\s*:\s*(\d{6,8})/)?.[1])
      .find(Boolean),
  );
  const temporary = await waitFor('the signatory account e-mail', async () =>
    (await mailsTo(email)).map(temporaryPasswordIn).find(Boolean),
  );
  return { username: key.signatoryUsername, temporary: temporary as string, pin: pin as string };
}

// Both languages at once: each journey mostly waits on the emulator.
// This file designates Casablanca-Anfa's province contact: no other file may replace it meanwhile.
holdForThisFile('province-contact-MA-CAS');

describe.concurrent('the back office', () => {
  it.each(LANGS)(
    '(%s) desk returns with two reasons, admits; three opinions; desk approves; the signatory changes the PIN and signs; five wrong PINs lock',
    async (lang: Lang) => {
      const t = dict[lang] as Record<string, string>;
      const run = `${lang}-${randomUUID().slice(0, 8)}`;
      const web = testWeb().url;
      const { id, receiptNumber, pro } = await largeSubmittedFile(run);

      // 1. The desk finds the file by its receipt number, previews a document, returns it with two coded reasons.
      const deskUser = demo('desk_agent');
      const desk = await signIn(lang, deskUser.username, deskUser.password);
      await desk.locator('a[data-screen="desk"]').click();
      await desk.locator('#f-desk-search').waitFor({ timeout: 20_000 });
      await desk.fill('#f-desk-search', receiptNumber);
      const row = desk.locator(`tr[data-file="${id}"]`);
      await row.waitFor({ timeout: 20_000 });
      expect(await desk.locator('[data-testid="worklist"] tbody tr').count()).toBe(1);
      await expectAccessible(desk);
      // The filters follow the heading in the tab order, one stop each.
      await desk.focus('#page-title');
      const reached: string[] = [];
      for (let i = 0; i < 5; i++) {
        await desk.keyboard.press('Tab');
        reached.push(await desk.evaluate(() => (globalThis as any).document.activeElement?.id ?? ''));
      }
      expect(reached).toEqual([
        'f-desk-status',
        'f-desk-procedure',
        'f-desk-closed',
        'f-desk-overdue',
        'f-desk-search',
      ]);
      await screenshot(desk, 'bo-desk-worklist', lang);
      await row.locator('a').click();
      await desk.locator('[data-testid="return-form"]').waitFor({ timeout: 20_000 });
      await desk.locator('[data-doc="SITE_PLAN"] .versions button').click();
      await desk.locator('[data-doc="SITE_PLAN"] iframe.pdf-frame').waitFor({ timeout: 20_000 });
      await expectAccessible(desk);
      // A remark without its reason is refused before sending, in the summary.
      await confirm(desk, 'return-send');
      await desk.locator('.error-summary a[href="#f-remark-0-reason"]').waitFor();
      // The return form, with the keyboard only.
      await chooseWithKeyboard(desk, '#f-remark-0-reason', 'ILLEGIBLE_DOCUMENT');
      await chooseWithKeyboard(desk, '#f-remark-0-document', 'SITE_PLAN');
      await typeInto(desk, '#f-remark-0-text', 'Le plan est flou');
      await tabTo(desk, '#return-add');
      await desk.keyboard.press('Enter');
      await chooseWithKeyboard(desk, '#f-remark-1-reason', 'UNSIGNED_DOCUMENT');
      await chooseWithKeyboard(desk, '#f-remark-1-document', 'STRUCTURAL_STUDY');
      await tabTo(desk, '#return-send');
      await desk.keyboard.press('Enter');
      await desk.locator('dialog[open]').waitFor();
      await expectAccessible(desk);
      await screenshot(desk, 'bo-desk-confirm', lang);
      await tabTo(desk, 'dialog[open] [data-testid="confirm"]');
      await desk.keyboard.press('Space');
      await recorded(desk, 'RETURNED_FOR_COMPLETION', t);
      const returned = (await api(`/applications/${id}`, { token: pro })).json;
      expect(returned.lastReturn.remarks.map((r: { reasonCode: string }) => r.reasonCode)).toEqual([
        'ILLEGIBLE_DOCUMENT',
        'UNSIGNED_DOCUMENT',
      ]);

      // 2. The professional replaces both documents and resubmits (API); the desk declares it admissible.
      await uploadDocument(id, pro, 'SITE_PLAN', 400);
      await uploadDocument(id, pro, 'STRUCTURAL_STUDY', 500);
      const resubmitted = await api(`/applications/${id}/resubmission`, {
        method: 'POST',
        token: pro,
        headers: { 'idempotency-key': `bo-r-${run}` },
      });
      expect(resubmitted.json?.status, resubmitted.text).toBe('SUBMITTED');
      await desk.reload();
      await desk.locator('[data-testid="admissible-form"]').waitFor({ timeout: 20_000 });
      // Every version of a replaced document can be previewed.
      await desk.locator('[data-doc="SITE_PLAN"] .versions button').click();
      await desk.locator('[data-doc="SITE_PLAN"] .preview li button').first().click();
      await desk
        .locator('[data-doc="SITE_PLAN"] .preview [aria-pressed="true"]')
        .waitFor({ timeout: 20_000 });
      await confirm(desk, 'admissible-send');
      await recorded(desk, 'IN_COMMISSION', t);
      await screenshot(desk, 'bo-desk-admissible', lang);

      // 3. Three commission members; the first fills the opinion form with the keyboard only.
      const members = [
        { username: demo('commission_member').username, password: demo('commission_member').password },
        await staffAccount(`bo-civil-${run}`, 'commission_member', {
          'custom:agency': 'civil-protection',
          'custom:province': 'MA-CAS',
        }),
        await staffAccount(`bo-utilities-${run}`, 'commission_member', {
          'custom:agency': 'utilities',
          'custom:province': 'MA-CAS',
        }),
      ];
      for (const [i, member] of members.entries()) {
        const page = await signIn(lang, member.username, member.password);
        await openFromWorklist(page, 'commission', id);
        await page.locator('[data-testid="opinion-form"]').waitFor({ timeout: 20_000 });
        if (i === 0) {
          await page.focus('#f-opinion-FAVOURABLE');
          await page.keyboard.press('ArrowDown');
          await page.locator('#f-opinion-conditions').waitFor();
          await page.keyboard.press('Tab');
          await page.keyboard.type('Recul de 5 m sur rue');
          await page.keyboard.press('Tab');
          await page.keyboard.press('Enter');
          await page.locator('dialog[open]').waitFor();
          await page.keyboard.press('Enter');
        } else {
          await page.check(i === 1 ? '#f-opinion-FAVOURABLE_WITH_CONDITIONS' : '#f-opinion-FAVOURABLE');
          if (i === 1) await page.fill('#f-opinion-conditions', 'Deux issues de secours');
          await expectAccessible(page);
          await confirm(page, 'opinion-send');
        }
        await recorded(page, i === 2 ? 'READY_FOR_DECISION' : 'IN_COMMISSION', t);
        // The other agencies' opinions, once given.
        await page
          .locator('[data-agency="urban-agency"][data-opinion="FAVOURABLE_WITH_CONDITIONS"]')
          .waitFor();
        if (i === 2) {
          await expectAccessible(page);
          await screenshot(page, 'bo-commission-file', lang);
        }
        await page.context().close();
      }

      // 4. The desk approves with one more condition.
      await desk.reload();
      await desk.locator('[data-testid="decision-form"]').waitFor({ timeout: 20_000 });
      expect(await desk.textContent('[data-testid="decision-form"]')).toContain('Deux issues de secours');
      // The decision form, with the keyboard only.
      await typeInto(desk, '#f-decision-conditions', 'Respecter l’alignement de la voie publique.');
      await expectAccessible(desk);
      await confirmWithKeyboard(desk, 'decision-send');
      await recorded(desk, 'AWAITING_PAYMENT', t);
      expect((await api(`/applications/${id}`, { token: pro })).json.decision.conditions).toEqual([
        'Recul de 5 m sur rue',
        'Deux issues de secours',
        'Respecter l’alignement de la voie publique.',
      ]);

      // 5. Paid through the gateway simulator (API).
      const payment = await api('/payments', {
        method: 'POST',
        token: pro,
        body: { applicationId: id, language: lang },
      });
      expect(payment.status, payment.text).toBe(201);
      const paid = await fetch(`${cloud().outputs.apiUrl}/simulator/cmi/decision`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...payment.json.fields, decision: 'approve' }).toString(),
        redirect: 'manual',
      });
      expect(paid.status).toBe(303);
      await expect
        .poll(async () => (await api(`/applications/${id}`, { token: pro })).json.status, { timeout: 20_000 })
        .toBe('PAID');

      // 6. A new signatory: first sign-in, the PIN received by e-mail changed with the keyboard only.
      const signatory = await newSignatory(run, lang);
      const sig = await openPage(lang, '/connexion');
      await sig.locator('#f-username').waitFor();
      await sig.fill('#f-username', signatory.username);
      await sig.fill('#f-password', signatory.temporary);
      await sig.getByRole('button', { name: t['auth.signIn'], exact: true }).click();
      await sig.locator('#f-newPassword').waitFor({ timeout: 20_000 });
      await sig.fill('#f-newPassword', 'Signataire#2026-Rukhsa');
      await sig.fill('#f-confirmPassword', 'Signataire#2026-Rukhsa');
      await sig.getByRole('button', { name: t['auth.setPassword'] }).click();
      await sig.locator('a[data-screen="signature"]').click({ timeout: 20_000 });
      await sig.locator('[data-testid="pin-change"]').waitFor({ timeout: 20_000 });
      await expectAccessible(sig);
      await screenshot(sig, 'bo-signature-first-use', lang);
      await sig.focus('#f-pin-current');
      await sig.keyboard.type(signatory.pin);
      await sig.keyboard.press('Tab');
      await sig.keyboard.type('48213795');
      await sig.keyboard.press('Tab');
      await sig.keyboard.type('48213795');
      await sig.keyboard.press('Enter');
      await sig.locator('[data-testid="key-state"][data-status="ACTIVE"]').waitFor({ timeout: 20_000 });
      await sig.locator(`tr[data-file="${id}"] a`).click();
      await sig.locator('[data-testid="permit-preview"]').waitFor({ timeout: 20_000 });
      expect(await sig.textContent('[data-testid="permit-preview"]')).toContain('Deux issues de secours');
      await expectAccessible(sig);
      await screenshot(sig, 'bo-sign', lang);
      // The permit as it will be signed, as a PDF marked unsigned, read before the PIN is given.
      const [previewed] = await Promise.all([
        sig.waitForEvent('download'),
        sig.locator('[data-testid="permit-preview-pdf"]').click(),
      ]);
      const previewChunks: Buffer[] = [];
      for await (const c of await previewed.createReadStream()) previewChunks.push(c as Buffer);
      const previewText = (await pdfTextItems(new Uint8Array(Buffer.concat(previewChunks)))).join(' ');
      expect(previewText).toContain('APERÇU NON SIGNÉ');
      expect(previewText).toContain('Deux issues de secours');

      // A wrong PIN says how many attempts are left; the right one signs.
      await sig.fill('#f-sign-pin', '11223344');
      await confirm(sig, 'sign-send');
      await expect
        .poll(() => sig.locator('[data-testid="attempts-left"]').textContent(), { timeout: 20_000 })
        .toBe(` ${t['bo.key.attemptsLeft']?.replace('{n}', '4')}`);
      await sig.fill('#f-sign-pin', '48213795');
      await confirm(sig, 'sign-send');
      await recorded(sig, 'ISSUED', t);
      await sig.locator('[data-testid="verify-link"]').click();
      await sig.locator('[data-outcome="valid"]').waitFor({ timeout: 20_000 });

      // 7. Five wrong PINs on another paid file lock the key; the page says who can unlock it.
      const other = await givenPaidApplication(`bo-lock-${run}`);
      await sig.goto(`${web}/${lang}/espace/dossiers/${other}`);
      await sig.locator('#f-sign-pin').waitFor({ timeout: 20_000 });
      for (let i = 0; i < 5; i++) {
        await sig.fill('#f-sign-pin', '11223344');
        await confirm(sig, 'sign-send');
        if (i < 4)
          await expect
            .poll(() => sig.locator('[data-testid="attempts-left"]').textContent(), { timeout: 20_000 })
            .toBe(` ${t['bo.key.attemptsLeft']?.replace('{n}', String(4 - i))}`);
      }
      const locked = sig.locator('[data-testid="key-locked"]');
      await locked.waitFor({ timeout: 20_000 });
      expect(await locked.textContent()).toContain(t['bo.key.lockedWho']);
      expect(await sig.locator('#f-sign-pin').count()).toBe(0);
      await expectAccessible(sig);
      await screenshot(sig, 'bo-key-locked', lang);

      // Expected refusals (wrong PINs, the summary's local check) are logged by Chromium as failed loads; nothing else.
      const unexpected = (p: Page) =>
        errorsOf(p).filter((e) => !/Failed to load resource.*\b(403|409)\b/.test(e));
      expect(unexpected(desk)).toEqual([]);
      expect(unexpected(sig)).toEqual([]);
    },
    600_000,
  );
});

describe('the back office across communes', () => {
  it('a desk agent of another commune sees none of Casablanca’s files, in the page and through the API', async () => {
    const run = randomUUID().slice(0, 8);
    const { id, receiptNumber } = await largeSubmittedFile(`other-${run}`);
    const communes = (await api('/geo/provinces/MA-CAS/communes')).json.communes as { id: string }[];
    const elsewhere = communes.find((c) => c.id !== 'cas-casablanca')?.id as string;
    const agent = await staffAccount(`bo-desk-${run}`, 'desk_agent', {
      'custom:commune': elsewhere,
      'custom:province': 'MA-CAS',
    });
    const page = await signIn('fr', agent.username, agent.password);
    await page.locator('a[data-screen="desk"]').click();
    await page.locator('#f-desk-closed').check();
    await page.locator('[data-testid="worklist"], .pager').first().waitFor({ timeout: 20_000 });
    // Other test files may close files of that commune meanwhile: the rows are checked against the
    // agent's own API list below, not counted.
    const shown = await page
      .locator('tr[data-file]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-file')));
    await page.fill('#f-desk-search', receiptNumber);
    expect(await page.locator(`tr[data-file="${id}"]`).count()).toBe(0);
    // The commune-wide search (GET /search) answers too, and finds nothing of another commune's.
    await page.locator('#desk-search-title').waitFor({ timeout: 20_000 });
    await page.locator('#desk-search-title ~ p.muted, [data-testid="search-results"]').first().waitFor();
    expect(await page.locator(`tr[data-found="${id}"]`).count()).toBe(0);
    await page.goto(`${testWeb().url}/fr/espace/dossiers/${id}`);
    await page.locator('.panel-error').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="desk-actions"]').count()).toBe(0);
    // The API agrees: not in its worklist, and the file itself is refused.
    const { signIn: apiSignIn } = await import('../support/journeys.ts');
    const token = (await apiSignIn(agent.username, agent.password)).AuthenticationResult?.IdToken as string;
    const list = await api('/worklists/desk?closed=true&limit=100', { token });
    expect(list.status, list.text).toBe(200);
    expect(list.json.items.map((a: { communeId: string }) => a.communeId)).not.toContain('cas-casablanca');
    const listed = list.json.items.map((a: { id: string }) => a.id);
    expect(shown.filter((file) => !listed.includes(file))).toEqual([]);
    expect([403, 404]).toContain((await api(`/applications/${id}`, { token })).status);
  }, 240_000);
});

describe.each(LANGS)('the commune treasurer (%s)', (lang: Lang) => {
  const t = dict[lang] as Record<string, string>;

  it('sets a tariff within the legal ranges from a date, and reconciles the day’s payments with the CSV', async () => {
    const run = randomUUID().slice(0, 8);
    const paidId = await givenPaidApplication(`bo-treasury-${lang}-${run}`);
    const treasurer = cloud().users.find((u) => u.role === 'commune_treasurer');
    if (!treasurer) throw new Error('no demo treasurer');
    const page = await signIn(lang, treasurer.username, treasurer.password);
    await page.locator('a[data-screen="treasury"]').click();
    await page.locator('[data-testid="tariff-editor"] #f-rate-fileFee').waitFor({ timeout: 20_000 });

    // A rate outside its legal range is refused before sending, with the range.
    const ranges = (await api('/tariffs/legal-ranges')).json;
    const tooHigh = ((ranges.fileFee.max as number) + 100) / 100;
    // The tariff form, with the keyboard only.
    await typeInto(page, '#f-rate-fileFee', String(tooHigh));
    await confirmWithKeyboard(page, 'tariff-send');
    await page.locator('#f-rate-fileFee-error').waitFor();
    expect(await page.textContent('.error-summary')).toContain(t['bo.tariff.fileFee']);
    await expectAccessible(page);
    await screenshot(page, 'bo-tariff-refused', lang);

    // A valid schedule from a date to come (unique per run): saved, and listed in the history.
    const from = `2031-${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')}`;
    // Headless Chromium's date field takes month, day, year (its own order, in both locales, as seen).
    await tabTo(page, '#f-tariff-from');
    const [y, m, d] = from.split('-') as [string, string, string];
    await page.keyboard.type(`${m}${d}${y}`);
    expect(await page.locator('#f-tariff-from').inputValue()).toBe(from);
    await typeInto(page, '#f-rate-fileFee', String((ranges.fileFee.min as number) / 100));
    await confirmWithKeyboard(page, 'tariff-send');
    await page.locator('[data-testid="tariff-saved"]').waitFor({ timeout: 20_000 });
    const communeId = treasurer.scope.communeId as string;
    const stored = (
      await api(`/communes/${communeId}/tariffs`, { token: await idTokenFor('commune_treasurer') })
    ).json.tariffs as { effectiveFrom: string; fileFee: number }[];
    expect(stored.find((x) => x.effectiveFrom === from)?.fileFee).toBe(ranges.fileFee.min);

    // The day's payments: the file paid a moment ago, its totals, and the CSV.
    // Listed by its quittance number (the payment's receipt), as the API's reconciliation has it.
    // Asked without a date, as the page asks: the server's day in Morocco, by its tz data (this
    // Chromium's is older and puts Casablanca an hour ahead since 2026-09-20).
    const report = await api(`/communes/${communeId}/payments`, {
      token: await idTokenFor('commune_treasurer'),
    });
    expect(report.json.date).toBe(today());
    const quittance = report.json.rows.find((r: { applicationId: string }) => r.applicationId === paidId)
      ?.receiptNumber as string;
    expect(quittance, report.text).toMatch(/\/Q\d{5}$/);
    // The page asked when it opened; the day of the demo commune holds every payment the suite made.
    const table = page.locator('[data-testid="payments-table"]');
    await table.waitFor({ timeout: 45_000 });
    expect(await table.textContent()).toContain(quittance);
    // The day field shows the day the server answered for, not the browser's own idea of today.
    expect(await page.locator('#f-payments-day').inputValue()).toBe(report.json.date);
    await expectAccessible(page);
    await screenshot(page, 'bo-treasury', lang);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: t['bo.payments.csv'] }).click(),
    ]);
    const chunks: Buffer[] = [];
    for await (const c of await download.createReadStream()) chunks.push(c as Buffer);
    const csv = Buffer.concat(chunks).toString('utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'receiptNumber,paidAt,applicationId,orderId,transactionId,authCode,lineCode,beneficiary,amountMad',
    );
    expect(csv).toContain(paidId);
  }, 180_000);
});
