import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as createApplication } from '#functions/applications/create-application.ts';
import { handler as updateApplication } from '#functions/applications/update-application.ts';
import { handler as signPermit } from '#functions/signing/sign-permit.ts';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { givenPaidFiles } from '../../scripts/bench/signing.ts';
import { testCloud } from '../support/cloud.ts';
import { claimsOf, httpEvent, lambdaContext } from '../support/events.ts';
import {
  buildingPermit,
  documentClientFor,
  givenActiveSigningKey,
  givenProfessional,
} from '../support/fixtures.ts';

const cloud = testCloud();
const db = documentClientFor(cloud);
const table = cloud.outputs.tableName;
const json = (r: { body?: string }) => JSON.parse(r.body ?? 'null');
let counter = 0;
const ctx = () => ({ ...lambdaContext('post-permit'), getRemainingTimeInMillis: () => 60_000 });

const create = (claims: Record<string, unknown>, body: unknown) =>
  createApplication(
    httpEvent({
      method: 'POST',
      path: '/applications',
      body,
      claims,
      headers: { 'idempotency-key': `post-permit-${Date.now()}-${counter++}` },
    }),
    ctx(),
  ) as Promise<{ statusCode: number; body: string }>;

/** A building permit issued in Casablanca, signed through the handler, with conditions on its decision. */
async function givenIssuedPermit() {
  const suffix = Date.now().toString(36);
  const username = `post-permit-signatory-${suffix}`;
  await givenActiveSigningKey(cloud, {
    communeId: 'cas-casablanca',
    provinceId: 'MA-CAS',
    signatoryUsername: username,
    pin: '48213795',
  });
  const [file] = await givenPaidFiles(db, table, 1);
  const id = file?.id as string;
  await db.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.applicationKey(id),
      UpdateExpression: 'SET decision = :d, parcel = :p',
      ExpressionAttributeValues: {
        ':d': {
          decision: 'APPROVED',
          conditions: ['Retrait de 4 m sur la voie publique'],
          reasons: [],
          decidedBy: 'desk-1',
          decidedAt: new Date().toISOString(),
        },
        ':p': { landTitle: '98765/C', address: '7 rue des Palmiers, Maarif, Casablanca' },
      },
    }),
  );
  const signed = (await signPermit(
    httpEvent({
      method: 'POST',
      path: `/applications/${id}/permit`,
      pathParameters: { applicationId: id },
      body: { pin: '48213795' },
      claims: claimsOf(['signatory'], {
        'custom:commune': 'cas-casablanca',
        'custom:province': 'MA-CAS',
        'cognito:username': username,
        sub: `sub-${username}`,
      }),
    }),
    ctx(),
  )) as { statusCode: number; body: string };
  expect(signed.statusCode).toBe(201);
  return { applicationId: id, permitNumber: json(signed).permit.permitNumber as string };
}

const conformity = (communeId: string, permitNumber?: string) => ({
  ...buildingPermit(communeId),
  procedureCode: 'CONFORMITY_CERTIFICATE',
  // Whatever parcel the client sends, the request carries the permit's.
  parcel: { landTitle: '1/C', address: 'une autre adresse, Casablanca' },
  project: { description: 'Fin des travaux de la villa', floorAreaM2: 220 },
  ...(permitNumber ? { permitNumber } : {}),
});

describe('post-permit requests name the permit they follow', () => {
  it('carries the permit’s conditions and parcel; refuses another commune’s permit, an unknown one, none at all', async () => {
    const { professional, claims } = await givenProfessional(cloud);
    expect(professional.status).toBe('VERIFIED');
    const permit = await givenIssuedPermit();

    const linked = await create(claims, conformity('cas-casablanca', permit.permitNumber));
    expect(linked.statusCode).toBe(201);
    const draft = json(linked);
    expect(draft).toMatchObject({
      procedureCode: 'CONFORMITY_CERTIFICATE',
      permitNumber: permit.permitNumber,
      parcel: { landTitle: '98765/C' },
      followsPermit: {
        number: permit.permitNumber,
        applicationId: permit.applicationId,
        procedureCode: 'BUILDING_PERMIT',
        conditions: ['Retrait de 4 m sur la voie publique'],
        parcel: { landTitle: '98765/C', address: '7 rue des Palmiers, Maarif, Casablanca' },
      },
    });

    // An edit cannot move the request off the permit's parcel.
    const edited = (await updateApplication(
      httpEvent({
        method: 'PATCH',
        path: `/applications/${draft.id}`,
        pathParameters: { applicationId: draft.id },
        body: { version: draft.version, parcel: { landTitle: '2/C', address: 'ailleurs, Casablanca' } },
        claims,
      }),
      ctx(),
    )) as { statusCode: number; body: string };
    expect(edited.statusCode).toBe(200);
    expect(json(edited).parcel.landTitle).toBe('98765/C');

    // The occupancy permit follows the same permit.
    const occupancy = await create(claims, {
      ...conformity('cas-casablanca', permit.permitNumber),
      procedureCode: 'OCCUPANCY_PERMIT',
    });
    expect(occupancy.statusCode).toBe(201);

    // Another commune's permit: refused, in the same words as a number never issued.
    const elsewhere = await create(claims, conformity('rab-rabat', permit.permitNumber));
    expect(elsewhere.statusCode).toBe(422);
    expect(json(elsewhere)).toMatchObject({
      type: expect.stringMatching(/\/unknown-permit$/),
      permitNumber: permit.permitNumber,
      communeId: 'rab-rabat',
    });
    const unknown = await create(claims, conformity('cas-casablanca', 'RK-CAS-CASABLANCA-2099-99999'));
    expect(unknown.statusCode).toBe(422);
    expect(json(unknown).type).toMatch(/\/unknown-permit$/);
    expect(json(unknown).detail).toBe(
      json(elsewhere)
        .detail.replace(permit.permitNumber, 'RK-CAS-CASABLANCA-2099-99999')
        .replace('rab-rabat', 'cas-casablanca'),
    );

    // The problem speaks the reader's language.
    const arabic = (await createApplication(
      httpEvent({
        method: 'POST',
        path: '/applications',
        body: conformity('rab-rabat', permit.permitNumber),
        claims,
        language: 'ar',
        headers: { 'idempotency-key': `post-permit-ar-${Date.now()}` },
      }),
      ctx(),
    )) as { statusCode: number; body: string };
    expect(arabic.statusCode).toBe(422);
    expect(json(arabic).title).toBe('رخصة غير معروفة');

    const missing = await create(claims, conformity('cas-casablanca'));
    expect(missing.statusCode).toBe(422);
    expect(json(missing).type).toMatch(/\/permit-required$/);

    const notExpected = await create(claims, { ...buildingPermit(), permitNumber: permit.permitNumber });
    expect(notExpected.statusCode).toBe(422);
    expect(json(notExpected).type).toMatch(/\/permit-not-expected$/);
  });
});
