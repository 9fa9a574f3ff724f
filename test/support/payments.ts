import { randomUUID } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { expect } from 'vitest';
import { handler as submitApplication } from '#functions/applications/submit-application.ts';
import { handler as gatewayCallback } from '#functions/payments/gateway-callback.ts';
import { handler as decide } from '#functions/review/decide.ts';
import { handler as declareAdmissible } from '#functions/review/declare-admissible.ts';
import { cmiHash } from '#shared/domain/payments/cmi.ts';
import { clientConfig, type TestCloud } from './cloud.ts';
import { httpEvent } from './events.ts';
import { deskClaims, givenCompleteDraft, givenProfessional } from './fixtures.ts';

/** What the payment journeys share: the treasury's store key, signed bank callbacks and approved files. */

const json = (r: { body?: string }) => JSON.parse(r.body ?? 'null');

/** The commune treasury's CMI store key (the gateway secret of the local stage). */
export async function treasuryStoreKey(cloud: TestCloud): Promise<string> {
  const secrets = new SecretsManagerClient(clientConfig(cloud));
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: cloud.outputs.gatewaySecretArn }));
  return secret.SecretString ?? '';
}

/** A POST to a handler as these claims, with a fresh idempotency key. */
export const poster =
  (ctx: () => Context) =>
  (
    handler: any,
    path: string,
    claims: Record<string, unknown> | undefined,
    body: unknown,
    params: Record<string, string> = {},
  ) =>
    handler(
      httpEvent({
        method: 'POST',
        path,
        pathParameters: params,
        body,
        ...(claims ? { claims } : {}),
        headers: { 'idempotency-key': randomUUID() },
      }),
      ctx(),
    );

/** A file of the commune submitted, declared admissible and approved: it waits for payment. */
export async function givenApprovedFile(cloud: TestCloud, communeId: string, ctx: () => Context) {
  const post = poster(ctx);
  const { professional, claims } = await givenProfessional(cloud);
  const draft = await givenCompleteDraft(cloud, professional.id, communeId, { size: 'small' });
  const params = { applicationId: draft.id };
  const submitted = await post(
    submitApplication,
    `/applications/${draft.id}/submission`,
    claims,
    undefined,
    params,
  );
  expect(submitted.statusCode, submitted.body).toBe(200);
  const desk = deskClaims(communeId);
  const admissible = await post(
    declareAdmissible,
    `/applications/${draft.id}/admissibility`,
    desk,
    {},
    params,
  );
  expect(admissible.statusCode, admissible.body).toBe(200);
  const approved = await post(
    decide,
    `/applications/${draft.id}/decision`,
    desk,
    { decision: 'APPROVED' },
    params,
  );
  expect(json(approved).status, approved.body).toBe('AWAITING_PAYMENT');
  return { id: draft.id, pro: claims };
}

/** What the bank posts back for a checkout's form, signed with the store key (tamper: changed after signing). */
export function signedBankCallback(
  fields: Record<string, string>,
  storeKey: string,
  approved = true,
  tamper: Record<string, string> = {},
) {
  const { hash, ...rest } = fields;
  const params: Record<string, string> = {
    ...rest,
    ProcReturnCode: approved ? '00' : '05',
    Response: approved ? 'Approved' : 'Declined',
    TransId: `T${randomUUID().slice(0, 8)}`,
    AuthCode: approved ? 'A1B2C3' : '',
    maskedCreditCard: '4000 00** **** 0002',
  };
  params.HASH = cmiHash(params, storeKey);
  return { ...params, ...tamper };
}

/** The bank's form post to the callback route. */
export const postBankCallback = (params: Record<string, string>, ctx: () => Context) =>
  gatewayCallback(
    httpEvent({
      method: 'POST',
      path: '/payments/callback',
      rawBody: new URLSearchParams(params).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
    ctx(),
  );
