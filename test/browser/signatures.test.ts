import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ar } from '../../web/src/i18n/ar.ts';
import { fr } from '../../web/src/i18n/fr.ts';
import { api, clientConfig, idTokenFor, testCloud } from '../support/cloud.ts';
import { buildingPermit, givenActiveSigningKey } from '../support/fixtures.ts';
import { functionLogLines, signIn, submitNewFile } from '../support/journeys.ts';
import { errorsOf, expectAccessible, LANGS, type Lang, openPage, screenshot } from './support/browser.ts';

/**
 * Signed opinions and minutes on the file page: a commission member of this test (key and PIN set up
 * for civil protection in Casablanca-Anfa) signs the only consulted agency's opinion and the minutes
 * through the API; the desk agent's file page, in French and Arabic, says who signed what, that the
 * API verified each signature, and hands out the signed document, its CMS, the CA and the minutes' PDF.
 */
const dict = { fr, ar };
const KEYS = Object.keys(fr);
const PIN = '48213795';
const PASSWORD = 'Rk-Signatures-2026!';
const run = randomUUID().slice(0, 8);
const member = `sig-member-${run}`;
let id: string;

beforeAll(async () => {
  const cloud = testCloud();
  const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
  const UserPoolId = cloud.outputs.userPoolId;
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId,
      Username: member,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: `${member}@protection-civile.ma` },
        { Name: 'custom:province', Value: 'MA-CAS' },
        { Name: 'custom:agency', Value: 'civil-protection' },
      ],
    }),
  );
  await cognito.send(
    new AdminSetUserPasswordCommand({ UserPoolId, Username: member, Password: PASSWORD, Permanent: true }),
  );
  await cognito.send(
    new AdminAddUserToGroupCommand({ UserPoolId, Username: member, GroupName: 'commission_member' }),
  );
  await givenActiveSigningKey(cloud, {
    communeId: 'MA-CAS',
    provinceId: 'MA-CAS',
    signatoryUsername: member,
    pin: PIN,
    agencyId: 'civil-protection',
  });

  // An activity licence filed by the demo professional, referred to civil protection only.
  const pro = await idTokenFor('professional');
  ({ id } = await submitNewFile(
    pro,
    {
      ...buildingPermit(),
      procedureCode: 'ACTIVITY_LICENCE',
      project: { description: 'Café-restaurant', activity: 'Café-restaurant', floorAreaM2: 85 },
    },
    { tag: `sig-${run}` },
  ));
  const admissible = await api(`/applications/${id}/admissibility`, {
    method: 'POST',
    token: await idTokenFor('desk_agent'),
    body: { agencies: ['civil-protection'] },
  });
  expect(admissible.json?.status, admissible.text).toBe('IN_COMMISSION');

  const token = (await signIn(member, PASSWORD)).AuthenticationResult?.IdToken as string;
  const opinion = await api(`/applications/${id}/opinions`, {
    method: 'POST',
    token,
    headers: { 'idempotency-key': `sig-o-${run}` },
    body: { opinion: 'FAVOURABLE_WITH_CONDITIONS', conditions: ['Issue de secours dégagée.'], pin: PIN },
  });
  if (opinion.status !== 201) {
    // Debug aid: what the function logged for this request.
    const lines = (await functionLogLines()).filter((l) =>
      l.message.includes(String(opinion.json?.correlationId)),
    );
    console.error(lines.map((l) => l.message).join('\n'));
  }
  expect(opinion.status, opinion.text).toBe(201);
  const minutes = await api(`/applications/${id}/minutes/signatures`, {
    method: 'POST',
    token,
    body: { pin: PIN },
  });
  expect(minutes.status, minutes.text).toBe(201);
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

describe.each(LANGS)('signed opinions and minutes on the file page (%s)', (lang: Lang) => {
  const t = dict[lang];

  it('says who signed what, verified, with the signed document, its signature, the CA and the minutes’ PDF', async () => {
    const page = await signInAsDesk(lang);
    await page.goto(new URL(`/${lang}/espace/dossiers/${id}`, page.url()).toString());
    const section = page.locator('[data-testid="signatures"]');
    const row = section.locator('tr[data-opinion="civil-protection"]');
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getAttribute('data-signed')).toBe('true');
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(t['agency.civil-protection']);
    expect(text).toContain(t['bo.opinion.FAVOURABLE_WITH_CONDITIONS']);
    expect(text).toContain(member);
    expect(await row.locator('[data-valid]').getAttribute('data-valid')).toBe('true');
    expect(text).toContain(t['sig.valid']);

    const minutes = section.locator('[data-testid="minutes"]');
    expect(await minutes.getAttribute('data-valid')).toBe('true');
    expect(await minutes.locator(`[data-minutes-signer="${member}"]`).count()).toBe(1);

    // The minutes' PDF, and the opinion's signed document and CMS, saved from the page (keyboard).
    const pdf = page.waitForEvent('download');
    await page.locator('[data-testid="minutes-download"]').focus();
    await page.keyboard.press('Enter');
    expect((await pdf).suggestedFilename()).toMatch(/^pv-.*\.pdf$/);
    const doc = page.waitForEvent('download');
    await row.getByRole('button', { name: t['sig.document'] }).click();
    const saved = await (await doc).path();
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toMatchObject({
      document: 'rukhsa/opinion/1',
      applicationId: id,
      agency: 'civil-protection',
    });
    const cms = page.waitForEvent('download');
    await row.getByRole('button', { name: t['sig.cms'] }).click();
    expect((await cms).suggestedFilename()).toMatch(/\.p7s$/);
    await section.locator('summary').click();
    expect(await page.locator('[data-testid="ca-link"]').getAttribute('href')).toMatch(/\/pki\/ca\.pem$/);

    expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    const body = (await page.locator('body').textContent()) ?? '';
    expect(KEYS.filter((k) => body.includes(k))).toEqual([]);
    expect(errorsOf(page).filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    await expectAccessible(page);
    await screenshot(page, 'file-signatures', lang);
  });
});
