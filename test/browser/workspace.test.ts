import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_SIGNING_PIN } from '../../scripts/local-cloud/seed.ts';
import { REASONS } from '../../shared/domain/review/reasons.ts';
import { ar } from '../../web/src/i18n/ar.ts';
import { fr } from '../../web/src/i18n/fr.ts';
import { api, idTokenFor } from '../support/cloud.ts';
import { pdfBytes, pngBytes } from '../support/fixtures.ts';
import { findProfessional, inbox, temporaryPasswordIn, waitFor } from '../support/journeys.ts';
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
 * The workspace journey of the issue, in Chromium, in French and in Arabic: a professional registers,
 * is verified by the ministry (API), fills the wizard (an expired session in the middle keeps what
 * was typed), sees what is missing, uploads every required document with a progress bar (a renamed
 * PNG is refused with the server's reason), submits and gets the receipt; the desk returns the file
 * (API), the professional replaces the document and resubmits; after approval (API) the applicant,
 * invited from the page, pays through the local simulator and downloads the quittance; after signing
 * (API) the permit downloads and its verification page says valid. axe on every workspace page.
 */
const dict = { fr, ar };
const PASSWORD = 'Rk-Espace-pro-2026!';

/** Records every value a `<progress>` element shows (uploads of small files are over in milliseconds). */
async function recordProgress(page: Page) {
  await page.evaluate(() => {
    const w = globalThis as any;
    w.__progress = [] as string[];
    new w.MutationObserver(() => {
      for (const p of w.document.querySelectorAll('progress'))
        w.__progress.push(`${p.id}:${p.getAttribute('value')}`);
    }).observe(w.document.body, { subtree: true, childList: true, attributes: true });
  });
}
const progressSeen = (page: Page) => page.evaluate(() => (globalThis as any).__progress as string[]);

async function signInPage(page: Page, lang: Lang, username: string, password: string) {
  await page.locator('#f-username').waitFor();
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await page.getByRole('button', { name: dict[lang]['auth.signIn'], exact: true }).click();
}

async function upload(page: Page, code: string, name: string, buffer: Buffer, mimeType = 'application/pdf') {
  await page.setInputFiles(`#f-file-${code}`, { name, mimeType, buffer });
}

describe.each(LANGS)('the professionals’ and applicants’ workspace (%s)', (lang: Lang) => {
  const t = dict[lang];

  it('registers, files, completes after a return, is paid through the simulator and delivers a verifiable permit', async () => {
    const run = randomUUID().slice(0, 8);
    const email = `archi.${lang}.${run}@cabinet.ma`;
    const web = testWeb().url;

    // 1. Registration in the page, then sign-in: the workspace says the registration awaits verification.
    const page = await openPage(lang, '/inscription');
    await page.locator('#f-profession').waitFor();
    await page.selectOption('#f-profession', 'architect');
    await page.fill('#f-registrationNumber', `CNOA-${run.toUpperCase()}`);
    await page.fill('#f-firstName', 'Nadia');
    await page.fill('#f-lastName', 'Berrada');
    await page.fill('#f-cin', `BE${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`);
    await page.fill('#f-phone', '0612345678');
    await page.fill('#f-email', email);
    await page.fill('#f-password', PASSWORD);
    await page.getByRole('button', { name: t['register.submit'] }).click();
    await expect
      .poll(() => page.locator('h1').textContent(), { timeout: 20_000 })
      .toBe(t['register.doneTitle']);
    // The address is proved with the code the platform mailed to it, typed in the page.
    const codeMail = await waitFor('the e-mail code', async () =>
      (await inbox()).find((m) => m.To.includes(email) && /\b\d{6}\b/.test(m.BodyText)),
    );
    await page.fill('#f-code', codeMail.BodyText.match(/\b(\d{6})\b/)?.[1] ?? '');
    await page.getByRole('button', { name: t['register.codeSubmit'] }).click();
    await expect
      .poll(() => page.locator('h1').textContent(), { timeout: 20_000 })
      .toBe(t['register.confirmedTitle']);
    await page.goto(`${web}/${lang}/connexion`);
    await signInPage(page, lang, email, PASSWORD);
    const pending = page.locator('[data-registration="PENDING_VERIFICATION"]');
    await pending.waitFor({ timeout: 20_000 });
    expect(await pending.textContent()).toContain(t['registration.PENDING_VERIFICATION.next']);
    expect(await page.locator('#files-title').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'workspace-pending', lang);

    // 2. The ministry verifies (API); the workspace now offers the files and a new one.
    const admin = await idTokenFor('ministry_admin');
    const profile = await findProfessional('PENDING_VERIFICATION', (p) => p.email === email, admin);
    if (!profile) throw new Error(`no pending registration for ${email}`);
    const verified = await api(`/professionals/${profile.id}/verification`, {
      method: 'POST',
      token: admin,
      body: { decision: 'VERIFIED' },
    });
    expect(verified.status, verified.text).toBe(200);
    await page.reload();
    await page.locator('[data-registration="VERIFIED"]').waitFor({ timeout: 20_000 });
    await page.locator('#files-title').waitFor();
    await expect.poll(() => page.textContent('.files'), { timeout: 20_000 }).toContain(t['files.emptyPro']);
    await expectAccessible(page);
    await screenshot(page, 'workspace-files-empty', lang);

    // 3. The wizard: the procedure's documents and deadlines up front, fields checked as typed.
    await page.getByRole('link', { name: t['files.new'] }).click();
    await page.locator('#f-procedureCode').waitFor();
    await page.selectOption('#f-procedureCode', 'BUILDING_PERMIT');
    await page.locator('[data-testid="procedure-info"]').waitFor();
    expect(await page.textContent('[data-testid="procedure-info"]')).toContain(
      t['wizard.deadlines'].replace('{small}', '15').replace('{large}', '30'),
    );
    await page.selectOption('#f-regionId', 'MA-06');
    await page.locator('#f-provinceId option[value="MA-CAS"]').waitFor({ state: 'attached' });
    await page.selectOption('#f-provinceId', 'MA-CAS');
    await page.locator('#f-communeId option[value="cas-casablanca"]').waitFor({ state: 'attached' });
    await page.selectOption('#f-communeId', 'cas-casablanca');
    await page.fill('#f-firstName', 'Youssef');
    await page.fill('#f-lastName', 'Alami');
    await page.fill('#f-cin', '12');
    await page.locator('#f-cin-error').waitFor();
    expect(await page.textContent('#f-cin-error')).toContain(t['wizard.err.cin']);
    await page.fill('#f-cin', 'BK654321');
    await page.locator('#f-cin-error').waitFor({ state: 'detached' });
    await page.fill('#f-phone', '0661234567');
    await page.fill('#f-landTitle', '12345/C');
    await page.fill('#f-address', '12 rue des Orangers, Maarif, Casablanca');
    await page.fill('#f-description', 'Villa individuelle R+1');
    await page.fill('#f-floorAreaM2', '220');
    await page.fill('#f-floors', '2');
    await page.fill('#f-units', '1');
    await page.selectOption('#f-buildingCategory', 'individual_housing');
    await expectAccessible(page);
    await screenshot(page, 'wizard', lang);

    // The session expires mid-form: sign in again, and what was typed is still there.
    await page.evaluate(() => (globalThis as any).sessionStorage.clear());
    await page.reload();
    await page.locator(`a[href^="/${lang}/connexion?next="]`).click();
    await signInPage(page, lang, email, PASSWORD);
    await page.locator('[data-testid="restored"]').waitFor({ timeout: 20_000 });
    expect(await page.inputValue('#f-address')).toBe('12 rue des Orangers, Maarif, Casablanca');
    expect(await page.inputValue('#f-cin')).toBe('BK654321');
    await page.fill('#f-worksCostCentimes', '1500000');
    await page.getByRole('button', { name: t['wizard.create'] }).click();
    await expect
      .poll(() => page.url(), { timeout: 20_000 })
      .toMatch(/\/espace\/dossiers\/app-[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop() as string;

    // 4. Submitting too early: every missing document is marked where it is.
    await page.locator('[data-doc]').first().waitFor();
    await recordProgress(page);
    await page.getByRole('button', { name: t['submit.button'] }).click();
    await page.locator('[data-testid="submit-problems"]').waitFor();
    const required = (
      (await api('/procedures')).json.procedures.find((p: { code: string }) => p.code === 'BUILDING_PERMIT')
        .documents as { code: string; mandatory: unknown }[]
    )
      .filter((d) => d.mandatory === true)
      .map((d) => d.code);
    for (const code of required)
      expect(await page.locator(`[data-doc="${code}"] [data-testid="doc-problem"]`).textContent()).toContain(
        t['doc.missing'],
      );
    await expectAccessible(page);
    await screenshot(page, 'file-incomplete', lang);

    // 5. A PNG renamed .pdf is refused with the server's reason; real PDFs go through with a progress bar.
    const [first, ...others] = required as [string, ...string[]];
    await upload(page, first, 'plan.pdf', pngBytes());
    const refused = page.locator(`[data-doc="${first}"] [data-testid="doc-refused"]`);
    await refused.waitFor({ timeout: 20_000 });
    expect(await refused.textContent()).toContain('application/pdf');
    for (const code of [first, ...others]) {
      await upload(
        page,
        code,
        `${code.toLowerCase()}.pdf`,
        pdfBytes(code === first ? 2 * 1024 * 1024 : 4096),
      );
      await page.locator(`[data-doc="${code}"] .doc-current[data-version="1"]`).waitFor({ timeout: 30_000 });
    }
    const seen = await progressSeen(page);
    for (const code of required)
      expect(
        seen.some((s) => s.startsWith(`doc-${code}-progress:`)),
        code,
      ).toBe(true);
    // The stored SHA-256 is the one the browser computed (the server refused anything else).
    const { createHash } = await import('node:crypto');
    const app = (await api(`/applications/${id}`, { token: await proToken(email) })).json;
    expect(app.documents[others[0] as string].sha256).toBe(
      createHash('sha256').update(pdfBytes(4096)).digest('hex'),
    );
    // Preview in the page.
    await page.locator(`[data-doc="${first}"] .versions button`).click();
    await page.locator(`[data-doc="${first}"] iframe.pdf-frame`).waitFor();
    await page.getByRole('button', { name: t['submit.button'] }).click();
    const receipt = page.locator('[data-testid="receipt"]');
    await receipt.waitFor({ timeout: 20_000 });
    const receiptNumber = (await api(`/applications/${id}`, { token: await proToken(email) })).json
      .receiptNumber;
    expect(await receipt.textContent()).toContain(receiptNumber);
    // The récépissé de dépôt downloads as a PDF (fetched with the token, saved from memory).
    const [recepisse] = await Promise.all([
      page.waitForEvent('download'),
      receipt.getByTestId('recepisse-download').click(),
    ]);
    expect(recepisse.suggestedFilename()).toBe(`recepisse-${receiptNumber.replaceAll('/', '-')}.pdf`);
    const recepisseBytes = await readFile((await recepisse.path()) as string);
    expect(recepisseBytes.subarray(0, 5).toString()).toBe('%PDF-');
    await expectAccessible(page);
    await screenshot(page, 'file-submitted', lang);

    // 6. The desk returns it (API) with a coded reason on a document; the professional replaces it and resubmits.
    const desk = await idTokenFor('desk_agent');
    const returned = await api(`/applications/${id}/return`, {
      method: 'POST',
      token: desk,
      headers: { 'idempotency-key': `ret-${run}` },
      body: { remarks: [{ documentCode: first, reasonCode: 'ILLEGIBLE_DOCUMENT', text: 'Plan flou' }] },
    });
    expect(returned.json?.status, returned.text).toBe('RETURNED_FOR_COMPLETION');
    await page.reload();
    const remarks = page.locator('[data-testid="returned"]');
    await remarks.waitFor({ timeout: 20_000 });
    const reason = REASONS.returnReasons.find((r) => r.code === 'ILLEGIBLE_DOCUMENT') as {
      labelFr: string;
      labelAr: string;
    };
    expect(await remarks.textContent()).toContain(lang === 'ar' ? reason.labelAr : reason.labelFr);
    const clock = await page.textContent('[data-testid="clock"]');
    expect(clock).toContain(t['clock.paused']);
    // A building permit's delay counts working days, and the page says so.
    expect(clock).toContain(t['clock.unit.working']);
    await expectAccessible(page);
    await screenshot(page, 'file-returned', lang);
    await upload(page, first, 'plan-net.pdf', pdfBytes(8192));
    await page.locator(`[data-doc="${first}"] .doc-current[data-version="2"]`).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: t['resubmit.button'] }).click();
    await page.locator('[data-testid="resubmitted"]').waitFor({ timeout: 20_000 });

    // 7. The applicant is invited from the page (own account, temporary password by e-mail).
    const applicantEmail = `client.${lang}.${run}@example.ma`;
    await page.fill('#f-invite-email', applicantEmail);
    await page.getByRole('button', { name: t['invite.button'] }).click();
    await page.locator('[data-testid="invited"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('[data-event="APPLICATION_RESUBMITTED"]').count()).toBe(1);

    // 8. Admissible and approved (API); the applicant signs in, pays through the simulator, gets the quittance.
    const admissible = await api(`/applications/${id}/admissibility`, {
      method: 'POST',
      token: desk,
      body: {},
    });
    expect(admissible.json?.status, admissible.text).toBe('READY_FOR_DECISION');
    const approved = await api(`/applications/${id}/decision`, {
      method: 'POST',
      token: desk,
      body: { decision: 'APPROVED', conditions: ['Respecter l’alignement de la voie publique.'] },
    });
    expect(approved.json.status, approved.text).toBe('AWAITING_PAYMENT');
    const mail = await waitFor(`the invitation to ${applicantEmail}`, async () =>
      (await inbox()).find((m) => m.To?.[0] === applicantEmail),
    );
    const username = /(?:Identifiant|اسم المستخدم)\s*:\s*(\S+)/.exec(mail.BodyText)?.[1] ?? applicantEmail;
    const temporary = temporaryPasswordIn(mail) as string;
    const applicant = await openPage(lang, '/connexion');
    await signInPage(applicant, lang, username, temporary);
    await applicant.locator('#f-newPassword').waitFor({ timeout: 20_000 });
    await applicant.fill('#f-newPassword', 'Rk-Client-2026-paie!');
    await applicant.fill('#f-confirmPassword', 'Rk-Client-2026-paie!');
    await applicant.getByRole('button', { name: t['auth.setPassword'] }).click();
    const row = applicant.locator(`tr[data-file="${id}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain(t['todo.pay']);
    await expectAccessible(applicant);
    await screenshot(applicant, 'workspace-applicant', lang);
    await row.locator('a').click();
    const payment = applicant.locator('[data-testid="payment"]');
    await payment.waitFor({ timeout: 20_000 });
    await expectAccessible(applicant);
    await screenshot(applicant, 'file-payment', lang);
    // Lines by beneficiary, each with its state; one checkout per beneficiary owed by card.
    expect(await payment.locator('[data-line-state="due"]').count()).toBeGreaterThan(0);
    await payment.locator('button[data-beneficiary="COMMUNE_TREASURY"]').click();
    await applicant.locator('button.approve').click({ timeout: 20_000 });
    await expect.poll(() => applicant.url(), { timeout: 20_000 }).toContain('/return');
    expect(await applicant.textContent('body')).toMatch(/\/\d{4}\/Q\d{5}/);
    await applicant.goto(`${web}/${lang}/espace/dossiers/${id}`);
    const quittance = applicant.locator('[data-testid="payment"] button.button-secondary');
    await quittance.waitFor({ timeout: 20_000 });
    expect(await applicant.locator('[data-line-state="due"]').count()).toBe(0);
    expect(await applicant.locator('[data-line-state="paid"]').count()).toBeGreaterThan(0);
    const [download] = await Promise.all([applicant.waitForEvent('download'), quittance.click()]);
    const pdf = await download.createReadStream().then(async (s) => {
      const chunks: Buffer[] = [];
      for await (const c of s) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    // 9. Signed (API): the permit downloads, and its verification link says valid.
    const signed = await api(`/applications/${id}/permit`, {
      method: 'POST',
      token: await idTokenFor('signatory'),
      body: { pin: DEMO_SIGNING_PIN },
    });
    expect(signed.status, signed.text).toBe(201);
    await page.reload();
    const permit = page.locator('[data-testid="permit"]');
    await permit.waitFor({ timeout: 20_000 });
    await permit.locator('img').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'file-permit', lang);
    const [permitPdf] = await Promise.all([
      page.waitForEvent('download'),
      permit.locator('button.button').click(),
    ]);
    expect(permitPdf.suggestedFilename()).toMatch(/^permis-.*\.pdf$/);
    await page.locator('[data-testid="verify-link"]').click();
    await page.locator('[data-outcome="valid"]').waitFor({ timeout: 20_000 });
    // Expected refusals (the 422s above) are logged by Chromium as failed loads; nothing else may be.
    const unexpected = (p: Page) =>
      errorsOf(p).filter((e) => !/Failed to load resource.*\b(422|409)\b/.test(e));
    expect(unexpected(page)).toEqual([]);
    expect(unexpected(applicant)).toEqual([]);
  }, 600_000);
});

const proTokens = new Map<string, string>();
/** The professional's own ID token (API checks), signed in with the password they registered with. */
async function proToken(email: string): Promise<string> {
  const cached = proTokens.get(email);
  if (cached) return cached;
  const { signIn } = await import('../support/journeys.ts');
  const token = (await signIn(email, PASSWORD)).AuthenticationResult?.IdToken as string;
  proTokens.set(email, token);
  return token;
}

describe.each(LANGS)('the workspace when things go wrong (%s)', (lang: Lang) => {
  const t = dict[lang];

  it('a draft changed elsewhere (409) is reloaded with an explanation and the typed value kept; an interrupted upload is retried for that document only', async () => {
    const { testCloud } = await import('../support/cloud.ts');
    const { buildingPermit } = await import('../support/fixtures.ts');
    const demo = testCloud().users.find((u) => u.role === 'professional');
    if (!demo) throw new Error('no demo professional');
    const token = await idTokenFor('professional');
    const draft = await api('/applications', {
      method: 'POST',
      token,
      headers: { 'idempotency-key': `ws-409-${lang}-${randomUUID()}` },
      body: buildingPermit(),
    });
    expect(draft.status, draft.text).toBe(201);
    const id = draft.json.id as string;

    const page = await openPage(lang, '/connexion');
    await signInPage(page, lang, demo.username, demo.password);
    await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(/\/espace$/);
    await page.goto(`${testWeb().url}/${lang}/espace/dossiers/${id}/modifier`);
    await page.locator('#f-description').waitFor({ timeout: 20_000 });
    // Someone else saves the draft meanwhile (version 1 → 2).
    const other = await api(`/applications/${id}`, {
      method: 'PATCH',
      token,
      body: { version: 1, parcel: { landTitle: '12345/C', address: '14 rue des Orangers, Casablanca' } },
    });
    expect(other.status, other.text).toBe(200);
    await page.fill('#f-description', 'Villa individuelle R+1 avec piscine');
    const conflict = page.locator('[data-testid="conflict"]');
    await conflict.waitFor({ timeout: 20_000 });
    expect(await conflict.textContent()).toContain(t['conflict.kept']);
    expect(await page.inputValue('#f-description')).toBe('Villa individuelle R+1 avec piscine');
    await expectAccessible(page);
    await screenshot(page, 'draft-conflict', lang);
    // Saving again applies the typed value over the reloaded version.
    await page.getByRole('button', { name: t['wizard.save'] }).click();
    await page.locator('[data-save="saved"]').waitFor({ timeout: 20_000 });
    expect((await api(`/applications/${id}`, { token })).json.project.description).toBe(
      'Villa individuelle R+1 avec piscine',
    );

    // The first POST to S3 is cut off; "send again" on that document only goes through.
    let cut = false;
    await page.route(
      (url) => !url.pathname.includes('/_aws/execute-api/'),
      (route) => {
        const multipart = (route.request().headers()['content-type'] ?? '').startsWith('multipart/form-data');
        if (route.request().method() === 'POST' && multipart && !cut) {
          cut = true;
          return route.abort('connectionreset');
        }
        return route.continue();
      },
    );
    await page.goto(`${testWeb().url}/${lang}/espace/dossiers/${id}`);
    await page.locator('[data-doc="SITE_PLAN"]').waitFor({ timeout: 20_000 });
    await upload(page, 'SITE_PLAN', 'plan.pdf', pdfBytes(2048));
    await page.locator('[data-doc="SITE_PLAN"][data-phase="interrupted"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-phase="interrupted"]').count()).toBe(1);
    await page.locator('[data-doc="SITE_PLAN"]').getByRole('button', { name: t['doc.retry'] }).click();
    await page.locator('[data-doc="SITE_PLAN"] .doc-current[data-version="1"]').waitFor({ timeout: 20_000 });
    expect(cut).toBe(true);
  }, 240_000);
});
