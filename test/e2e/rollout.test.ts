import { randomUUID } from 'node:crypto';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { signInWithSrp } from '../../scripts/local-cloud/srp-sign-in.ts';
import { CASABLANCA_TARIFF_2026 } from '../../shared/domain/payments/tariffs.ts';
import { api, clientConfig, idTokenFor, testCloud } from '../support/cloud.ts';
import { givenCompleteDraft } from '../support/fixtures.ts';
import { inbox, signInFirstTime, temporaryPasswordIn } from '../support/journeys.ts';
import { enrolTotp } from '../support/totp.ts';

const cloud = testCloud();
const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
const run = randomUUID().slice(0, 8);
const idem = () => ({ 'idempotency-key': `e2e-rollout-${randomUUID()}` });
const email = (name: string) => `${name}-${run}@azilal.gov.ma`;
const person = (name: string, extra: Record<string, unknown>) => ({
  firstName: name,
  lastName: 'Ait Lahcen',
  title: 'Fonctionnaire',
  phone: '0523000000',
  email: email(name.toLowerCase()),
  preferredLanguage: 'fr',
  ...extra,
});

/**
 * First sign-in of a new account: the username and temporary password from its e-mail, then a new
 * password; a province contact then turns on TOTP, as the web's enrolment page makes them.
 */
async function firstSignIn(to: string, options: { totp?: boolean } = {}) {
  const mail = (await inbox()).find((m) => m.To?.[0] === to);
  const username = /Identifiant : (\S+)/.exec(mail?.BodyText ?? '')?.[1];
  const temporary = mail ? temporaryPasswordIn(mail) : undefined;
  if (!username || !temporary) throw new Error(`no welcome e-mail for ${to}`);
  const password = `Rk-${randomUUID()}-9a`;
  const session = await signInFirstTime(username, temporary, password);
  if (options.totp) await enrolTotp(cognito, session.AccessToken as string);
  return { username, password, token: session.IdToken as string, refreshToken: session.RefreshToken };
}

describe('rollout end to end through the HTTP API with real tokens', () => {
  it('a new province contact onboards a commune: accounts, readiness, LIVE, and only then submission', async () => {
    // The ministry creates the province contact of Azilal; the contact signs in with the e-mailed password.
    const admin = await idTokenFor('ministry_admin');
    const contactInput = person('Nora', { roles: ['province_contact'], provinceId: 'MA-AZI' });
    const created = await api('/staff', {
      method: 'POST',
      token: admin,
      headers: idem(),
      body: contactInput,
    });
    expect(created.status, created.text).toBe(201);
    expect(created.text).not.toMatch(/password/i);
    const contact = await firstSignIn(contactInput.email, { totp: true });
    const me = await api('/me', { token: contact.token });
    expect(me.json).toMatchObject({ roles: ['province_contact'], scope: { provinceId: 'MA-AZI' } });
    const asContact = (path: string, method = 'GET', body?: unknown) =>
      api(path, { method, token: contact.token, headers: idem(), ...(body === undefined ? {} : { body }) });

    // Not their province, not a role they may grant: 403.
    expect(
      (await asContact('/staff', 'POST', person('X', { roles: ['desk_agent'], communeId: 'cas-casablanca' })))
        .status,
    ).toBe(403);
    expect((await asContact('/staff', 'POST', person('Y', { roles: ['ministry_admin'] }))).status).toBe(403);

    const communeId = 'azi-ouaouizeght';
    const professional = await idTokenFor('professional');
    const draft = await givenCompleteDraft(cloud, 'demo-professional', communeId, {
      live: false,
      overrides: { provinceId: 'MA-AZI', regionId: 'MA-05' },
    });
    const other = await givenCompleteDraft(cloud, 'demo-professional', 'azi-bzou', {
      live: false,
      overrides: { provinceId: 'MA-AZI', regionId: 'MA-05' },
    });
    const submit = (id: string) =>
      api(`/applications/${id}/submission`, { method: 'POST', token: professional, headers: idem() });
    const missing = async () => {
      const response = await asContact(`/communes/${communeId}/readiness`);
      expect(response.status).toBe(200);
      return response.json.readiness.missing as string[];
    };

    const refused = await submit(draft.id);
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({
      type: 'https://rukhsa.ma/problems/commune-not-live',
      missing: await missing(),
    });
    expect(await missing()).toEqual(expect.arrayContaining(['DESK_AGENT', 'SIGNATORY', 'SIGNING_KEY']));

    expect((await asContact(`/communes/${communeId}/rollout`, 'PUT', { status: 'ONBOARDING' })).status).toBe(
      200,
    );
    const desk = await asContact('/staff', 'POST', person('Samir', { roles: ['desk_agent'], communeId }));
    expect(desk.status, desk.text).toBe(201);
    expect(await missing()).not.toContain('DESK_AGENT');
    // One commission member per agency still missing in the province's territory.
    for (const code of (await missing()).filter((m) => m.startsWith('COMMISSION_MEMBER:'))) {
      const agencyId = code.split(':')[1];
      const member = await asContact(
        '/staff',
        'POST',
        person(`Member${agencyId?.replace(/-/g, '')}`, {
          roles: ['commission_member'],
          agencyId,
          provinceId: 'MA-AZI',
        }),
      );
      expect(member.status, member.text).toBe(201);
    }
    expect((await missing()).some((m) => m.startsWith('COMMISSION_MEMBER'))).toBe(false);
    const signatory = await asContact(
      '/staff',
      'POST',
      person('Hafid', { roles: ['signatory'], communeId, title: 'Président' }),
    );
    expect(signatory.status).toBe(201);
    // Nothing left uncollected: a treasurer account and a tariff in force before LIVE (issue 16).
    expect(await missing()).toEqual(expect.arrayContaining(['TARIFF', 'TREASURER']));
    const treasurer = await asContact(
      '/staff',
      'POST',
      person('Latifa', { roles: ['commune_treasurer'], communeId }),
    );
    expect(treasurer.status, treasurer.text).toBe(201);
    const { communeId: _c, effectiveFrom: _e, ...rates } = CASABLANCA_TARIFF_2026;
    const tariff = await api(`/communes/${communeId}/tariffs/2020-01-01`, {
      method: 'PUT',
      token: admin,
      headers: idem(),
      body: rates,
    });
    expect(tariff.status, tariff.text).toBe(200);
    expect(await missing()).toEqual(['SIGNING_KEY']);
    const early = await asContact(`/communes/${communeId}/rollout`, 'PUT', { status: 'LIVE' });
    expect([early.status, early.json.missing]).toEqual([409, ['SIGNING_KEY']]);

    // The signatory's key, through the real chain: the governor's designated contact for the province,
    // issuance to the signatory's account, express mail, delivery, and the first PIN change.
    const designated = await api('/provinces/MA-AZI/contact', {
      method: 'PUT',
      token: admin,
      headers: idem(),
      body: {
        firstName: 'Nezha',
        lastName: 'Ait Lahcen',
        title: 'Cheffe de la division des collectivités territoriales',
        phone: '0523000001',
        address: 'Province d’Azilal, avenue Hassan II',
        email: email('governor-contact'),
      },
    });
    expect(designated.status, designated.text).toBe(200);
    const keyContact = await firstSignIn(email('governor-contact'), { totp: true });
    const issued = await api('/signing-keys', {
      method: 'POST',
      token: admin,
      headers: idem(),
      body: {
        signatories: [
          {
            firstName: 'Hafid',
            lastName: 'Ait Lahcen',
            cin: 'AZ123456',
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
    expect(issued.json.keys[0].signatoryUsername).toBe(signatory.json.username);
    expect(
      (
        await api(`/signing-keys/${keyId}/handover`, {
          method: 'POST',
          token: admin,
          body: { trackingNumber: `EE${run}MA` },
        })
      ).status,
    ).toBe(200);
    const delivered = await api(`/signing-keys/${keyId}/delivery`, {
      method: 'POST',
      token: keyContact.token,
      body: {},
    });
    expect(delivered.json.status, delivered.text).toBe('DELIVERED_TO_COMMUNE');
    expect(await missing()).toEqual(['SIGNING_KEY']);
    const hafid = await firstSignIn(email('hafid'));
    const pin = /Code PIN : (\d{6,8})/.exec(
      (await inbox()).find((m) => m.To?.[0] === email('hafid') && /Code PIN/.test(m.BodyText))?.BodyText ??
        '',
    )?.[1];
    const activated = await api(`/signing-keys/${keyId}/pin`, {
      method: 'POST',
      token: hafid.token,
      body: { currentPin: pin, newPin: '48213795' },
    });
    expect(activated.json.status, activated.text).toBe('ACTIVE');
    expect(await missing()).toEqual([]);
    const live = await asContact(`/communes/${communeId}/rollout`, 'PUT', { status: 'LIVE' });
    expect(live.status, live.text).toBe(200);
    expect(live.json.rollout.status).toBe('LIVE');

    const submitted = await submit(draft.id);
    expect([submitted.status, submitted.json.status]).toEqual([200, 'SUBMITTED']);
    const stillRefused = await submit(other.id);
    expect([stillRefused.status, stillRefused.json.rolloutStatus]).toEqual([409, 'NOT_STARTED']);
    expect(stillRefused.json.missing).toEqual(expect.arrayContaining(['DESK_AGENT', 'SIGNATORY']));

    const progress = await asContact('/rollout');
    const azilal = progress.json.regions[0].provinces[0];
    expect(azilal.provinceId).toBe('MA-AZI');
    expect(azilal.communes.find((c: { communeId: string }) => c.communeId === communeId)).toMatchObject({
      status: 'LIVE',
      missing: [],
    });

    // The desk agent signs in; once suspended, the token obtained before is refused everywhere.
    const agent = await firstSignIn(email('samir'));
    expect((await api('/worklists/desk', { token: agent.token })).status).toBe(200);
    // MiniStack revokes refresh tokens on a global sign-out only if they were issued in an earlier
    // second (`iat < signout_at`, whole seconds; cognito.py `_refresh_token_revoked`); AWS revokes them
    // all. Let a second pass so the emulator's check sees the token as older than the suspension.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const suspended = await asContact(`/staff/${agent.username}/suspension`, 'POST', { reason: 'Mutation' });
    expect(suspended.status, suspended.text).toBe(200);
    for (const path of ['/me', '/worklists/desk', `/communes/${communeId}/readiness`]) {
      const response = await api(path, { token: agent.token });
      expect([path, response.status, response.json?.type]).toEqual([
        path,
        401,
        'https://rukhsa.ma/problems/account-suspended',
      ]);
    }
    // Cognito: no new session from the password, nor from the refresh token.
    await expect(
      signInWithSrp(cognito, {
        userPoolId: cloud.outputs.userPoolId,
        clientId: cloud.outputs.userPoolClientId,
        username: agent.username,
        password: agent.password,
      }),
    ).rejects.toThrow();
    await expect(
      cognito.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: cloud.outputs.userPoolClientId,
          AuthParameters: { REFRESH_TOKEN: agent.refreshToken ?? 'none' },
        }),
      ),
    ).rejects.toThrow();

    // Reactivated: the old token stays refused; a new sign-in works.
    expect((await asContact(`/staff/${agent.username}/reactivation`, 'POST', {})).status).toBe(200);
    const old = await api('/me', { token: agent.token });
    expect([old.status, old.json.type]).toEqual([401, 'https://rukhsa.ma/problems/session-revoked']);
    await new Promise((r) => setTimeout(r, 1100)); // a new token's iat must be a later second
    const again = await signInWithSrp(cognito, {
      userPoolId: cloud.outputs.userPoolId,
      clientId: cloud.outputs.userPoolClientId,
      username: agent.username,
      password: agent.password,
    });
    expect((await api('/me', { token: again.AuthenticationResult?.IdToken })).status).toBe(200);

    const history = await asContact(`/staff/${agent.username}/history`);
    expect(history.json.events.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ['CREATED', contact.username],
      ['SUSPENDED', contact.username],
      ['REACTIVATED', contact.username],
    ]);
  }, 120_000);

  it('GET /stats is public and shows at least what the seed made live', async () => {
    const stats = await api('/stats');
    expect(stats.status).toBe(200);
    expect(stats.headers.get('cache-control')).toMatch(/public/);
    const casablanca = stats.json.communesLive.byRegion.find(
      (r: { regionId: string }) => r.regionId === 'MA-06',
    );
    expect(casablanca.live).toBeGreaterThanOrEqual(1);
    expect(stats.json.applications.days).toHaveLength(30);
  });
});
