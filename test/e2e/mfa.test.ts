import { randomUUID } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { signInWithSrp } from '../../scripts/local-cloud/srp-sign-in.ts';
import type { Role } from '../../shared/domain/identity/principal.ts';
import { api, clientConfig, testCloud } from '../support/cloud.ts';
import { waitFor } from '../support/journeys.ts';
import { enrolTotp, signInWithTotp, totpCode, wrongTotpCode } from '../support/totp.ts';

/**
 * TOTP for ministry administrators and province contacts (issue 17, finding 12), through the
 * deployed API with real Cognito tokens: the emulator checks real RFC 6238 codes.
 */
const cloud = testCloud();
const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
const pool = { userPoolId: cloud.outputs.userPoolId, clientId: cloud.outputs.userPoolClientId };
const MFA_REQUIRED = 'https://rukhsa.ma/problems/mfa-required';
const SESSION_REVOKED = 'https://rukhsa.ma/problems/session-revoked';

/** An account of the role, created as an administrator creates staff (no TOTP yet), signed in. */
async function newAccount(role: Role, attributes: Record<string, string> = {}) {
  const username = `mfa-${role.replace('_', '-')}-${randomUUID().slice(0, 8)}`;
  const password = `Mfa#${randomUUID()}-9a`;
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: pool.userPoolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: `${username}@interieur.gov.ma` },
        { Name: 'email_verified', Value: 'true' },
        ...Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      ],
    }),
  );
  await cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: pool.userPoolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  );
  await cognito.send(
    new AdminAddUserToGroupCommand({ UserPoolId: pool.userPoolId, Username: username, GroupName: role }),
  );
  const signedIn = await signInWithSrp(cognito, { ...pool, username, password });
  const tokens = signedIn.AuthenticationResult;
  if (!tokens?.IdToken || !tokens.AccessToken) throw new Error(`no tokens for ${username}`);
  return { username, password, idToken: tokens.IdToken, accessToken: tokens.AccessToken };
}

describe('TOTP for ministry administrators and province contacts', () => {
  it.each([
    ['ministry_admin', {}, '/staff'],
    ['province_contact', { 'custom:province': 'MA-CAS' }, '/communes/cas-casablanca/readiness'],
  ] as const)(
    'refuses a %s without TOTP (403 mfa-required, in French too) and lets them in once enrolled',
    async (role, attributes, ownRoute) => {
      const account = await newAccount(role, attributes);
      for (const path of ['/me', ownRoute]) {
        const refused = await api(path, { token: account.idToken });
        expect([refused.status, refused.json?.type], path).toEqual([403, MFA_REQUIRED]);
      }
      const french = await api('/me', { token: account.idToken, language: 'fr' });
      expect(french.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(french.json.title).toBe('Validation en deux étapes requise');
      const arabic = await api('/me', { token: account.idToken, language: 'ar' });
      expect(arabic.json.title).toBe('التحقق بخطوتين مطلوب');

      // Enrolled with the access token (AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference):
      // the same session passes at once (only a positive answer is ever cached).
      const secret = await enrolTotp(cognito, account.accessToken);
      const me = await api('/me', { token: account.idToken });
      expect(me.status, me.text).toBe(200);
      expect(me.json.roles).toEqual([role]);
      expect((await api(ownRoute, { token: account.idToken })).status).toBe(200);

      // From now on Cognito asks every sign-in for a code: without it, no tokens.
      const challenged = await signInWithSrp(cognito, {
        ...pool,
        username: account.username,
        password: account.password,
      });
      expect(challenged.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
      expect(challenged.AuthenticationResult).toBeUndefined();
      const again = await signInWithTotp(cognito, { ...pool, ...account }, secret);
      expect((await api('/me', { token: again.AuthenticationResult?.IdToken })).status).toBe(200);
    },
  );

  it('refuses a wrong TOTP code at sign-in', async () => {
    const account = await newAccount('ministry_admin');
    const secret = await enrolTotp(cognito, account.accessToken);
    const challenged = await signInWithSrp(cognito, {
      ...pool,
      username: account.username,
      password: account.password,
    });
    expect(challenged.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const wrong = await cognito
      .send(
        new RespondToAuthChallengeCommand({
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          ClientId: pool.clientId,
          Session: challenged.Session,
          ChallengeResponses: { USERNAME: account.username, SOFTWARE_TOKEN_MFA_CODE: wrongTotpCode(secret) },
        }),
      )
      .catch((error: Error) => error);
    expect((wrong as Error).name).toBe('CodeMismatchException');
    // The right code of the same step signs in.
    const right = await signInWithTotp(cognito, { ...pool, ...account }, secret, totpCode);
    expect(right.AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('refuses an administrator who turns TOTP off, at the next request (no cache on the local stage)', async () => {
    const account = await newAccount('ministry_admin');
    await enrolTotp(cognito, account.accessToken);
    expect((await api('/staff', { token: account.idToken })).status).toBe(200);
    await cognito.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: account.accessToken,
        SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
      }),
    );
    const refused = await api('/staff', { token: account.idToken });
    expect([refused.status, refused.json?.type]).toEqual([403, MFA_REQUIRED]);
    // Cognito no longer asks for a code, and the new session is refused just the same.
    const signedIn = await signInWithSrp(cognito, {
      ...pool,
      username: account.username,
      password: account.password,
    });
    expect(signedIn.ChallengeName).toBeUndefined();
    const fresh = await api('/me', { token: signedIn.AuthenticationResult?.IdToken });
    expect([fresh.status, fresh.json?.type]).toEqual([403, MFA_REQUIRED]);
  });

  it('ends the sessions signed in without a code (DELETE /me/sessions): the old token is refused, the next sign-in is not', async () => {
    const account = await newAccount('province_contact', { 'custom:province': 'MA-CAS' });
    const secret = await enrolTotp(cognito, account.accessToken);
    expect((await api('/me', { token: account.idToken })).status).toBe(200);
    // Token times are whole seconds (`iat`): as in the web's flow, where the person first scans the
    // QR code, the call comes in a later second than the token's.
    const iat = JSON.parse(Buffer.from(account.idToken.split('.')[1] as string, 'base64url').toString()).iat;
    await waitFor('a second later than the token', () => (Date.now() >= (iat + 1) * 1000 ? true : undefined));

    const ended = await api('/me/sessions', { method: 'DELETE', token: account.idToken });
    expect(ended.status, ended.text).toBe(200);
    expect(Date.parse(ended.json.endedBefore)).toBeGreaterThan(iat * 1000);
    expect(ended.headers.get('cache-control')).toBe('no-store');
    for (const [language, title] of [
      ['fr', 'Session révoquée'],
      ['ar', 'جلسة ملغاة'],
    ] as const) {
      const old = await api('/me', { token: account.idToken, language });
      expect([old.status, old.json?.type, old.json?.title]).toEqual([401, SESSION_REVOKED, title]);
    }
    const ownRoute = await api('/communes/cas-casablanca/readiness', { token: account.idToken });
    expect([ownRoute.status, ownRoute.json?.type]).toEqual([401, SESSION_REVOKED]);

    // The next sign-in, with a code, is let in at once (even in the same second as the call).
    const again = await signInWithTotp(cognito, { ...pool, ...account }, secret);
    const fresh = again.AuthenticationResult?.IdToken;
    expect((await api('/me', { token: fresh })).status).toBe(200);
    expect((await api('/communes/cas-casablanca/readiness', { token: fresh })).status).toBe(200);
  });

  it('asks nothing of the other roles (a desk agent without TOTP works)', async () => {
    const agent = await newAccount('desk_agent', {
      'custom:commune': 'cas-casablanca',
      'custom:province': 'MA-CAS',
    });
    expect((await api('/me', { token: agent.idToken })).status).toBe(200);
    expect((await api('/worklists/desk', { token: agent.idToken })).status).toBe(200);
  });
});
