import { randomUUID } from 'node:crypto';
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { handler as designate } from '#functions/signing/designate-contact.ts';
import { handler as getContact } from '#functions/signing/get-contact.ts';
import { clientConfig, testCloud } from '../support/cloud.ts';
import { claimsOf, httpEvent, lambdaContext } from '../support/events.ts';
import { adminClaims, contactClaims } from '../support/fixtures.ts';

const cloud = testCloud();
const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
const json = (r: { body?: string }) => JSON.parse(r.body ?? 'null');
const person = (name: string) => ({
  firstName: name,
  lastName: 'Alaoui',
  title: 'Chef de la division des collectivités territoriales',
  phone: '0537000000',
  address: 'Province de Kénitra, avenue Mohammed V',
  email: `${name.toLowerCase()}-${randomUUID().slice(0, 6)}@interieur.gov.ma`,
  preferredLanguage: 'fr',
});
const put = (provinceId: string, body: unknown, claims = adminClaims()) =>
  designate(
    httpEvent({
      method: 'PUT',
      path: `/provinces/${provinceId}/contact`,
      pathParameters: { provinceId },
      body,
      claims,
    }),
    lambdaContext(),
  );
const inbox = async () =>
  (
    (await (await fetch(`${cloud.endpoint}/_ministack/ses/messages`)).json()) as {
      messages: Record<string, any[]>;
    }
  ).messages['000000000000'] ?? [];

describe('province contacts (first step of the signing issue)', () => {
  it("ends the replaced contact's sessions at once: a token issued before is refused on every route", async () => {
    const first = json(await put('MA-SAF', person('Salma')));
    const claims = claimsOf(['province_contact'], {
      'custom:province': 'MA-SAF',
      'cognito:username': first.contact.username,
      sub: `sub-${first.contact.username}`,
      iat: String(Math.floor(Date.now() / 1000) - 5),
    });
    const read = () =>
      getContact(
        httpEvent({ path: '/x', pathParameters: { provinceId: 'MA-SAF' }, claims }),
        lambdaContext(),
      ) as Promise<{ statusCode: number; body: string }>;
    expect((await read()).statusCode).toBe(200);
    expect((await put('MA-SAF', person('Omar'))).statusCode).toBe(200);
    const refused = await read();
    expect([refused.statusCode, json(refused).type]).toEqual([
      401,
      'https://rukhsa.ma/problems/account-suspended',
    ]);
  });

  it('keeps exactly one active contact per province, with the history, and disables the replaced account', async () => {
    const first = person('Nadia');
    const second = person('Karim');
    const a = await put('MA-KEN', first);
    expect(a.statusCode, a.body).toBe(200);
    expect(json(a)).toMatchObject({
      contact: { provinceId: 'MA-KEN', active: true, phone: '+212537000000' },
      previous: null,
      newAccount: true,
    });
    const b = await put('MA-KEN', second);
    expect(json(b).previous.username).toBe(json(a).contact.username);

    const record = json(
      await getContact(
        httpEvent({ path: '/x', pathParameters: { provinceId: 'MA-KEN' }, claims: adminClaims() }),
        lambdaContext(),
      ),
    );
    expect(record.current.email).toBe(second.email);
    const history = record.history.filter((c: { email: string }) =>
      [first.email, second.email].includes(c.email),
    );
    expect(history.map((c: { email: string; active: boolean }) => [c.email, c.active])).toEqual([
      [first.email, false],
      [second.email, true],
    ]);

    const replaced = await cognito.send(
      new AdminGetUserCommand({ UserPoolId: cloud.outputs.userPoolId, Username: json(a).contact.username }),
    );
    expect(replaced.Enabled).toBe(false);
    const account = await cognito.send(
      new AdminGetUserCommand({ UserPoolId: cloud.outputs.userPoolId, Username: json(b).contact.username }),
    );
    expect(account.UserAttributes?.find((x) => x.Name === 'custom:province')?.Value).toBe('MA-KEN');

    // The new contact's login arrives by e-mail only (never in the API answer).
    expect(JSON.stringify(json(b))).not.toMatch(/password/i);
    const mail = (await inbox()).find((m) => m.To[0] === second.email);
    expect(mail?.BodyText).toMatch(/Mot de passe temporaire/);
    expect(mail?.BodyText).toContain('Kénitra');
  });

  it('refuses designations by anyone but the ministry, and shows a province contact only their own province', async () => {
    expect(
      (await put('MA-KEN', person('Eve'), claimsOf(['province_contact'], { 'custom:province': 'MA-KEN' })))
        .statusCode,
    ).toBe(403);
    expect((await put('MA-ZZZ', person('Zed'))).statusCode).toBe(404);
    const own = await getContact(
      httpEvent({ path: '/x', pathParameters: { provinceId: 'MA-CAS' }, claims: contactClaims('MA-CAS') }),
      lambdaContext(),
    );
    expect(own.statusCode).toBe(200);
    const other = await getContact(
      httpEvent({ path: '/x', pathParameters: { provinceId: 'MA-KEN' }, claims: contactClaims('MA-CAS') }),
      lambdaContext(),
    );
    expect(other.statusCode).toBe(403);
  });
});
