import { createHash, randomUUID } from 'node:crypto';
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as confirmEmail } from '#functions/professionals/confirm-email.ts';
import { handler as register } from '#functions/professionals/register-professional.ts';
import { partitions } from '#shared/adapters/dynamodb/keys.ts';
import { clientConfig, testCloud } from '../support/cloud.ts';
import { httpEvent, lambdaContext } from '../support/events.ts';
import { documentClientFor } from '../support/fixtures.ts';

const cloud = testCloud();
const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
const json = (r: { body?: string }) => JSON.parse(r.body ?? 'null');
const inbox = async () =>
  (
    (await (await fetch(`${cloud.endpoint}/_ministack/ses/messages`)).json()) as {
      messages: Record<
        string,
        { Destination?: { ToAddresses?: string[] }; Body?: { Text?: { Data?: string } } }[]
      >;
    }
  ).messages['000000000000'] ?? [];
const user = async (username: string) => {
  const u = await cognito.send(
    new AdminGetUserCommand({ UserPoolId: cloud.outputs.userPoolId, Username: username }),
  );
  return {
    enabled: u.Enabled,
    emailVerified: u.UserAttributes?.find((a) => a.Name === 'email_verified')?.Value,
  };
};

describe('registration proves the e-mail before the account can sign in', () => {
  it('creates a disabled account with an unverified e-mail; only the mailed code enables it', async () => {
    const email = `pro-${randomUUID().slice(0, 8)}@example.ma`;
    const registered = await register(
      httpEvent({
        method: 'POST',
        path: '/professionals',
        body: {
          profession: 'architect',
          registrationNumber: `CNOA-${randomUUID().slice(0, 6)}`,
          firstName: 'Karim',
          lastName: 'Tazi',
          cin: 'BK654321',
          phone: '0661234567',
          email,
          preferredLanguage: 'fr',
          password: 'Str0ng#Passw0rd',
        },
      }),
      lambdaContext(),
    );
    expect(registered.statusCode, registered.body).toBe(201);
    const id = json(registered).id as string;
    expect(await user(id)).toEqual({ enabled: false, emailVerified: 'false' });

    const mail = (await inbox()).filter((m) => JSON.stringify(m).includes(email)).at(-1);
    const code = JSON.stringify(mail).match(/code de confirmation est (\d{6})/)?.[1] as string;
    expect(code).toMatch(/^\d{6}$/);
    const confirm = (c: string) =>
      confirmEmail(
        httpEvent({
          method: 'POST',
          path: `/professionals/${id}/email-confirmation`,
          pathParameters: { professionalId: id },
          body: { code: c },
        }),
        lambdaContext(),
      ) as Promise<{ statusCode: number; body: string }>;
    const wrong = await confirm(code === '000000' ? '111111' : '000000');
    expect([wrong.statusCode, json(wrong).type]).toEqual([
      422,
      'https://rukhsa.ma/problems/wrong-email-code',
    ]);
    expect(await user(id)).toEqual({ enabled: false, emailVerified: 'false' });
    const right = await confirm(code);
    expect(right.statusCode, right.body).toBe(200);
    expect(await user(id)).toEqual({ enabled: true, emailVerified: 'true' });
  });

  it('keeps no password in the idempotency record, not even hashed; SHA-256 throughout', async () => {
    const key = randomUUID();
    const body = {
      profession: 'architect',
      registrationNumber: `CNOA-${randomUUID().slice(0, 6)}`,
      firstName: 'Nadia',
      lastName: 'Idrissi',
      cin: 'BK123456',
      phone: '0661234567',
      email: `idem-${randomUUID().slice(0, 8)}@example.ma`,
      preferredLanguage: 'fr',
      password: 'Sup3r#Secret-2026',
    };
    const send = (b: typeof body) =>
      register(
        httpEvent({ method: 'POST', path: '/professionals', body: b, headers: { 'idempotency-key': key } }),
        lambdaContext(),
      );
    const first = await send(body);
    expect(first.statusCode, first.body).toBe(201);
    const db = documentClientFor(cloud);
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: cloud.outputs.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partitions.idempotency('registerProfessional') },
      }),
    );
    const record = Items.find((i) => JSON.stringify(i).includes(body.email));
    expect(record).toBeDefined();
    const stored = JSON.stringify(record);
    expect(stored).not.toContain(body.password);
    for (const algorithm of ['md5', 'sha256']) {
      const ofBody = createHash(algorithm).update(JSON.stringify(body)).digest('base64');
      expect(stored).not.toContain(ofBody);
    }
    // SHA-256 in base64 is 44 characters (MD5 was 24).
    expect(String(record?.validation)).toHaveLength(44);
    // The same key and fields with another password is the same request: replayed, not re-run.
    const replay = await send({ ...body, password: 'Other#Secret-2026' });
    expect(replay.statusCode).toBe(201);
    expect(JSON.parse(replay.body as string).id).toBe(JSON.parse(first.body as string).id);
  });
});
