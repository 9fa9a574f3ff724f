import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { givenPaidFiles } from '../../scripts/bench/signing.ts';
import { DEMO_SIGNING_PIN } from '../../scripts/local-cloud/seed.ts';
import { api, idTokenFor, testCloud } from '../support/cloud.ts';
import { buildingPermit, documentClientFor } from '../support/fixtures.ts';

/**
 * Requests after the permit (conformity certificate, occupancy permit) name the permit they follow,
 * through the HTTP API: another commune's permit is refused like one never issued.
 */

const cloud = testCloud();
const db = documentClientFor(cloud);
const table = cloud.outputs.tableName;
let counter = 0;

const create = async (token: string, body: unknown, language?: string) =>
  api('/applications', {
    method: 'POST',
    token,
    body,
    headers: { 'idempotency-key': `post-permit-${Date.now()}-${counter++}` },
    ...(language ? { language } : {}),
  });

/** A building permit issued in Casablanca, signed by its signatory through the API, with conditions on its decision. */
async function givenIssuedPermit() {
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
  const signed = await api(`/applications/${id}/permit`, {
    method: 'POST',
    token: await idTokenFor('signatory'),
    body: { pin: DEMO_SIGNING_PIN },
  });
  expect(signed.status, signed.text).toBe(201);
  return { applicationId: id, permitNumber: signed.json.permit.permitNumber as string };
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
    const claims = await idTokenFor('professional');
    const permit = await givenIssuedPermit();

    const linked = await create(claims, conformity('cas-casablanca', permit.permitNumber));
    expect(linked.status).toBe(201);
    const draft = linked.json;
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
    const edited = await api(`/applications/${draft.id}`, {
      method: 'PATCH',
      token: claims,
      body: { version: draft.version, parcel: { landTitle: '2/C', address: 'ailleurs, Casablanca' } },
    });
    expect(edited.status).toBe(200);
    expect(edited.json.parcel.landTitle).toBe('98765/C');

    // The occupancy permit follows the same permit.
    const occupancy = await create(claims, {
      ...conformity('cas-casablanca', permit.permitNumber),
      procedureCode: 'OCCUPANCY_PERMIT',
    });
    expect(occupancy.status).toBe(201);

    // Another commune's permit: refused, in the same words as a number never issued.
    const elsewhere = await create(claims, conformity('rab-rabat', permit.permitNumber));
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.json).toMatchObject({
      type: expect.stringMatching(/\/unknown-permit$/),
      permitNumber: permit.permitNumber,
      communeId: 'rab-rabat',
    });
    const unknown = await create(claims, conformity('cas-casablanca', 'RK-CAS-CASABLANCA-2099-99999'));
    expect(unknown.status).toBe(422);
    expect(unknown.json.type).toMatch(/\/unknown-permit$/);
    expect(unknown.json.detail).toBe(
      elsewhere.json.detail
        .replace(permit.permitNumber, 'RK-CAS-CASABLANCA-2099-99999')
        .replace('rab-rabat', 'cas-casablanca'),
    );

    // The problem speaks the reader's language.
    const arabic = await create(claims, conformity('rab-rabat', permit.permitNumber), 'ar');
    expect(arabic.status).toBe(422);
    expect(arabic.json.title).toBe('رخصة غير معروفة');

    const missing = await create(claims, conformity('cas-casablanca'));
    expect(missing.status).toBe(422);
    expect(missing.json.type).toMatch(/\/permit-required$/);

    const notExpected = await create(claims, { ...buildingPermit(), permitNumber: permit.permitNumber });
    expect(notExpected.status).toBe(422);
    expect(notExpected.json.type).toMatch(/\/permit-not-expected$/);
  });
});
