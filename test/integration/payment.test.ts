import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as getApplication } from '#functions/applications/get-application.ts';
import { handler as estimateFees } from '#functions/payments/estimate-fees.ts';
import { handler as getPaymentOrder } from '#functions/payments/get-payment-order.ts';
import { handler as getReceipt } from '#functions/payments/get-receipt.ts';
import { handler as putTariff } from '#functions/payments/put-tariff.ts';
import { handler as reconciliation } from '#functions/payments/reconciliation.ts';
import { handler as startPayment } from '#functions/payments/start-payment.ts';
import { partitions } from '#shared/adapters/dynamodb/keys.ts';
import { casablancaDate } from '#shared/domain/calendar.ts';
import { verifyCmiHash } from '#shared/domain/payments/cmi.ts';
import { CASABLANCA_TARIFF_2026 } from '#shared/domain/payments/tariffs.ts';
import { testCloud } from '../support/cloud.ts';
import { claimsOf, httpEvent, lambdaContext } from '../support/events.ts';
import { adminClaims, deskClaims, documentClientFor, givenTariff } from '../support/fixtures.ts';
import {
  givenApprovedFile,
  postBankCallback,
  poster,
  signedBankCallback,
  treasuryStoreKey,
} from '../support/payments.ts';
import { times } from '../support/pool.ts';

const cloud = testCloud();
const db = documentClientFor(cloud);
const json = (r: { body?: string }) => JSON.parse(r.body ?? 'null');
const ctx = () => lambdaContext('payment');
let storeKey = '';

beforeAll(async () => {
  storeKey = await treasuryStoreKey(cloud);
});

const post = poster(ctx);

/** An approved file of a fresh commune (with Casablanca's rates), waiting for payment. */
async function givenApproved(communeId = `cas-pay-${randomUUID().slice(0, 8)}`) {
  await givenTariff(cloud, communeId);
  return { ...(await givenApprovedFile(cloud, communeId, ctx)), communeId };
}

async function start(id: string, claims: Record<string, unknown>) {
  const response = await post(startPayment, '/payments', claims, { applicationId: id });
  expect(response.statusCode, response.body).toBe(201);
  return json(response) as {
    orderId: string;
    fields: Record<string, string>;
    amountCentimes: number;
    gatewayUrl: string;
  };
}

/** What the bank posts back, signed with the store key (optionally tampered after signing). */
const bankCallback = (
  fields: Record<string, string>,
  approved: boolean,
  tamper: Record<string, string> = {},
) => signedBankCallback(fields, storeKey, approved, tamper);

const callback = async (params: Record<string, string>, context = ctx) => {
  const response = await postBankCallback(params, context);
  expect(response.headers?.['content-type']).toMatch(/text\/plain/);
  return response.body as string;
};

const readApp = async (id: string) =>
  json(
    await getApplication(
      httpEvent({
        path: `/applications/${id}`,
        pathParameters: { applicationId: id },
        claims: adminClaims(),
      }),
      ctx(),
    ),
  );

describe('fees and tariffs', () => {
  it('estimates the fixture of the issue: 120.4 m² individual housing at 25 MAD/m² → 121 m² × 25 = 3,025.00 MAD', async () => {
    const response = await estimateFees(
      httpEvent({
        method: 'POST',
        path: '/fees/estimate',
        body: {
          communeId: 'cas-casablanca',
          procedureCode: 'BUILDING_PERMIT',
          project: {
            description: 'Villa',
            floorAreaM2: 120.4,
            floors: 2,
            units: 1,
            buildingCategory: 'individual_housing',
            worksCostCentimes: 1,
          },
        },
      }),
      ctx(),
    );
    const construction = json(response).lines.find((l: { code: string }) => l.code.includes('CONSTRUCTION'));
    expect(construction).toMatchObject({ quantity: 121, unitPriceCentimes: 2500, amountCentimes: 302_500 });
  });

  it('refuses a rate outside the legal range with 400 naming the range, and a treasurer of another commune with 403', async () => {
    const { individual_housing, ...others } = CASABLANCA_TARIFF_2026.constructionPerM2;
    const { communeId, effectiveFrom, ...rates } = CASABLANCA_TARIFF_2026;
    const body = { ...rates, constructionPerM2: { ...others, individual_housing: 3500 } };
    const treasurer = claimsOf(['commune_treasurer'], {
      'custom:commune': 'cas-casablanca',
      'custom:province': 'MA-CAS',
    });
    const params = { communeId: 'cas-casablanca', effectiveFrom: '2027-01-01' };
    const refused = await putTariff(
      httpEvent({
        method: 'PUT',
        path: '/communes/cas-casablanca/tariffs/2027-01-01',
        pathParameters: params,
        body,
        claims: treasurer,
      }),
      ctx(),
    );
    expect(refused.statusCode).toBe(400);
    expect(json(refused)).toMatchObject({
      type: 'https://rukhsa.ma/problems/tariff-out-of-range',
      detail: expect.stringContaining('20.00–30.00'),
    });
    const stranger = claimsOf(['commune_treasurer'], {
      'custom:commune': 'rab-rabat',
      'custom:province': 'MA-RAB',
    });
    const forbidden = await putTariff(
      httpEvent({
        method: 'PUT',
        path: '/x',
        pathParameters: params,
        body: { ...rates, constructionPerM2: { ...others, individual_housing } },
        claims: stranger,
      }),
      ctx(),
    );
    expect(forbidden.statusCode).toBe(403);
  });
});

describe('card payment through the gateway protocol', () => {
  it('opens a payment order on approval and signs the bank form with the store key', async () => {
    const { id, pro } = await givenApproved();
    const order = json(
      await getPaymentOrder(
        httpEvent({ path: '/x', pathParameters: { applicationId: id }, claims: pro }),
        ctx(),
      ),
    );
    expect(order).toMatchObject({
      status: 'PAYABLE',
      stage: 'authorisation',
      tariffEffectiveFrom: '2020-01-01',
    });
    // 220 m² individual housing at 25 MAD + the file fee.
    expect(order.lines.map((l: { amountCentimes: number }) => l.amountCentimes)).toEqual(
      expect.arrayContaining([550_000]),
    );
    const form = await start(id, pro);
    expect(form.amountCentimes).toBe(order.dueCentimes);
    expect(form.fields).toMatchObject({
      currency: '504',
      storetype: '3D_PAY_HOSTING',
      hashAlgorithm: 'ver3',
      oid: form.orderId,
    });
    expect(verifyCmiHash(form.fields, storeKey)).toBe(true);
  });

  it('rejects a wrong hash, amount or currency as a security event that changes nothing', async () => {
    const { id, pro } = await givenApproved();
    const form = await start(id, pro);
    const valid = bankCallback(form.fields, true);
    expect(await callback({ ...valid, HASH: `${String(valid.HASH).slice(0, -4)}AAAA` })).toBe('FAILURE');
    expect(await callback(bankCallback(form.fields, true, { amount: '1.00' }))).toBe('FAILURE');
    expect(await callback(bankCallback({ ...form.fields, amount: '1.00' }, true))).toBe('FAILURE');
    expect(await callback(bankCallback({ ...form.fields, currency: '978' }, true))).toBe('FAILURE');
    expect((await readApp(id)).status).toBe('AWAITING_PAYMENT');
    const today = new Date().toISOString().slice(0, 10);
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: cloud.outputs.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partitions.securityDay(today) },
      }),
    );
    const mine = Items.filter((i) => i.orderId === form.orderId).map((i) => i.reason);
    expect(mine).toEqual(expect.arrayContaining(['hash mismatch', 'amount mismatch', 'currency mismatch']));
    expect(JSON.stringify(Items)).not.toContain(storeKey);
  });

  it('records one payment when the same valid callback arrives 5 times at once; a paid order cannot be paid again', async () => {
    const { id, pro, communeId } = await givenApproved();
    const form = await start(id, pro);
    const valid = bankCallback(form.fields, true);
    const answers = await Promise.all(Array.from({ length: 5 }, () => callback(valid)));
    expect(answers).toEqual(Array(5).fill('ACTION=POSTAUTH'));
    const app = await readApp(id);
    expect(app.status).toBe('PAID');
    const report = json(
      await reconciliation(
        httpEvent({
          path: '/x',
          pathParameters: { communeId },
          query: {}, // no date: the server's today in Morocco
          claims: adminClaims(),
        }),
        ctx(),
      ),
    );
    expect(report.date).toBe(casablancaDate(new Date()));
    expect(report.payments).toBe(1);
    expect(report.rows[0]).toMatchObject({
      receiptNumber: `${communeId.toUpperCase()}/${report.date.slice(0, 4)}/Q00001`,
      orderId: form.orderId,
    });
    // Another day, asked by its date, has none of today's payments.
    const other = json(
      await reconciliation(
        httpEvent({
          path: '/x',
          pathParameters: { communeId },
          query: { date: '2020-01-01' },
          claims: adminClaims(),
        }),
        ctx(),
      ),
    );
    expect(other).toMatchObject({ date: '2020-01-01', payments: 0, rows: [] });
    const again = await post(startPayment, '/payments', pro, { applicationId: id });
    expect(again.statusCode).toBe(409);

    // The receipt names the payer: its professional and the commune's treasury read it; the desk,
    // the province and the ministry (who see the file) do not.
    const receipt = (claims: Record<string, unknown>) =>
      getReceipt(
        httpEvent({ path: '/x', pathParameters: { orderId: form.orderId }, claims }),
        ctx(),
      ) as Promise<{ statusCode: number }>;
    const treasurer = claimsOf(['commune_treasurer'], {
      'custom:commune': communeId,
      'custom:province': 'MA-CAS',
      'cognito:username': `treasurer-${communeId}`,
      sub: `sub-treasurer-${communeId}`,
    });
    expect((await receipt(pro)).statusCode).toBe(200);
    expect((await receipt(treasurer)).statusCode).toBe(200);
    for (const other of [deskClaims(communeId), adminClaims()])
      expect((await receipt(other)).statusCode).toBe(404);
  });

  it('leaves the order payable after a declined payment', async () => {
    const { id, pro } = await givenApproved();
    const first = await start(id, pro);
    expect(await callback(bankCallback(first.fields, false))).toBe('APPROVED');
    expect((await readApp(id)).status).toBe('AWAITING_PAYMENT');
    const second = await start(id, pro);
    expect(second.orderId).not.toBe(first.orderId);
    expect(await callback(bankCallback(second.fields, true))).toBe('ACTION=POSTAUTH');
    expect((await readApp(id)).status).toBe('PAID');
    // A late approval of the declined attempt must not be captured: the order is already paid.
    expect(await callback(bankCallback(first.fields, true))).toBe('FAILURE');
  });

  it('gives gapless quittance numbers to 50 concurrent payments in one commune', async () => {
    const communeId = `cas-pay50-${randomUUID().slice(0, 6)}`;
    await givenTariff(cloud, communeId);
    const approved = await times(50, 6, () => givenApprovedFile(cloud, communeId, ctx));
    const forms = await Promise.all(approved.map((a) => start(a.id, a.pro)));
    // Fifty callbacks in this one process share two cores with the emulator and the other tests:
    // give each the time that takes here (the deployed function's 10 s is for one callback on AWS).
    const patient = () => ({ ...ctx(), getRemainingTimeInMillis: () => 90_000 });
    const answers = await Promise.all(forms.map((f) => callback(bankCallback(f.fields, true), patient)));
    expect(answers).toEqual(Array(50).fill('ACTION=POSTAUTH'));
    const report = json(
      await reconciliation(
        httpEvent({
          path: '/x',
          pathParameters: { communeId },
          query: { format: 'json' }, // no date: the server's today in Morocco
          claims: adminClaims(),
        }),
        ctx(),
      ),
    );
    const numbers = [
      ...new Set(report.rows.map((r: { receiptNumber: string }) => r.receiptNumber)),
    ] as string[];
    expect(numbers.map((n) => Number(n.split('/Q')[1])).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  }, 240_000);
});
