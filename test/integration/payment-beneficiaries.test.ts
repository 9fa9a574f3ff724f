import { randomBytes, randomUUID } from 'node:crypto';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as getApplication } from '#functions/applications/get-application.ts';
import { handler as getPaymentOrder } from '#functions/payments/get-payment-order.ts';
import { handler as getSettlement } from '#functions/payments/get-settlement.ts';
import { handler as importSettlement } from '#functions/payments/import-settlement.ts';
import { handler as importSettlementsJob } from '#functions/payments/import-settlements-job.ts';
import { handler as putBeneficiary } from '#functions/payments/put-beneficiary.ts';
import { handler as startPayment } from '#functions/payments/start-payment.ts';
import { handler as sweepDeadlines } from '#functions/review/sweep-deadlines.ts';
import { partitions, sortKeys } from '#shared/adapters/dynamodb/keys.ts';
import { formatAmount } from '#shared/domain/payments/cmi.ts';
import { casablancaDate } from '#shared/domain/procedures/rules.ts';
import { clientConfig, testCloud } from '../support/cloud.ts';
import { claimsOf, httpEvent, lambdaContext } from '../support/events.ts';
import {
  adminClaims,
  documentClientFor,
  givenCompleteDraft,
  givenProfessional,
  givenTariff,
} from '../support/fixtures.ts';
import {
  givenApprovedFile,
  postBankCallback,
  poster,
  signedBankCallback,
  treasuryStoreKey,
} from '../support/payments.ts';
import { mapConcurrently, times } from '../support/pool.ts';

/**
 * Issue #16: a file owing the commune treasury and two agencies, each paid through its own merchant
 * account and numbered in its own quittance series; the bank's settlement file matched per account.
 */
const cloud = testCloud();
const db = documentClientFor(cloud);
const json = (r: { body?: string }) => JSON.parse(r.body ?? 'null');
const ctx = () => lambdaContext('payment-beneficiaries');
const suffix = randomUUID().slice(0, 6).toUpperCase();
const communeId = `cas-ben-${suffix.toLowerCase()}`;
const AGENCIES = [`AURBA_${suffix}`, `PROCIV_${suffix}`] as const;
const keys: Record<string, { clientId: string; storeKey: string }> = {};
const today = () => casablancaDate(new Date());

beforeAll(async () => {
  const secrets = new SecretsManagerClient(clientConfig(cloud));
  keys.COMMUNE_TREASURY = {
    clientId: '600000000',
    storeKey: await treasuryStoreKey(cloud),
  };
  await givenTariff(cloud, communeId);
  for (const [i, id] of AGENCIES.entries()) {
    // A store key with the characters the hash escapes, as a bank may issue.
    keys[id] = { clientId: `60000000${i + 1}`, storeKey: `k|${randomBytes(8).toString('hex')}\\z` };
    await secrets.send(
      new CreateSecretCommand({
        Name: `rukhsa/local/merchant/${id}`,
        SecretString: JSON.stringify(keys[id]),
      }),
    );
    const response = await putBeneficiary(
      httpEvent({
        method: 'PUT',
        path: `/beneficiaries/${id}`,
        pathParameters: { beneficiaryId: id },
        claims: adminClaims(),
        headers: { 'idempotency-key': randomUUID() },
        body: {
          nameFr: i === 0 ? 'Agence urbaine' : 'Protection civile',
          nameAr: i === 0 ? 'الوكالة الحضرية' : 'الوقاية المدنية',
          legalBasis: 'Décret fixant la rémunération des services rendus (test)',
          maxFeeCentimes: 100_000,
          onlineFrom: '2020-01-01',
          communeIds: [communeId],
          schedules: [
            {
              effectiveFrom: '2020-01-01',
              fees: [
                {
                  code: 'STUDY_FEE',
                  label: "Frais d'étude",
                  labelAr: 'واجبات الدراسة',
                  procedures: ['BUILDING_PERMIT'],
                  amountCentimes: 20_000 + i * 5_000,
                },
              ],
            },
          ],
        },
      }),
      ctx(),
    );
    expect(response.statusCode, response.body).toBe(200);
  }
}, 60_000);

const post = poster(ctx);

const givenApproved = () => givenApprovedFile(cloud, communeId, ctx);

async function checkout(id: string, pro: Record<string, unknown>, beneficiary: string) {
  const response = await post(startPayment, '/payments', pro, { applicationId: id, beneficiary });
  expect(response.statusCode, response.body).toBe(201);
  return json(response) as {
    orderId: string;
    beneficiary: string;
    amountCentimes: number;
    fields: Record<string, string>;
  };
}

/** The bank's callback, signed with the store key of the merchant account the checkout went to. */
function bankCallback(form: { beneficiary: string; fields: Record<string, string> }) {
  return signedBankCallback(form.fields, keys[form.beneficiary]?.storeKey ?? '');
}

/** Posts a callback; a 409 (counter contended past its retries) is retried as the bank does. */
async function callback(params: Record<string, string>): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const response = await postBankCallback(params, ctx);
    if (response.statusCode === 200) return response.body as string;
  }
  throw new Error('callback kept failing');
}

const readApp = async (id: string) =>
  json(
    await getApplication(
      httpEvent({ path: '/x', pathParameters: { applicationId: id }, claims: adminClaims() }),
      ctx(),
    ),
  );

const events = async (id: string) =>
  (
    await db.send(
      new QueryCommand({
        TableName: cloud.outputs.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': partitions.application(id), ':e': sortKeys.events },
      }),
    )
  ).Items ?? [];

type Paid = { orderId: string; amountCentimes: number };
const BENEFICIARIES = ['COMMUNE_TREASURY', ...AGENCIES];

describe('payment orders by beneficiary', () => {
  it('one order, three checkouts through three merchant accounts; callbacks out of order and duplicated; PAID exactly once', async () => {
    const { id, pro } = await givenApproved();
    const order = json(
      await getPaymentOrder(
        httpEvent({ path: '/x', pathParameters: { applicationId: id }, claims: pro }),
        ctx(),
      ),
    );
    expect(new Set(order.lines.map((l: { beneficiary: string }) => l.beneficiary))).toEqual(
      new Set(BENEFICIARIES),
    );
    const forms = [];
    for (const b of BENEFICIARIES) forms.push(await checkout(id, pro, b));
    expect(forms.map((f) => f.fields.clientid)).toEqual(BENEFICIARIES.map((b) => keys[b]?.clientId));
    expect(forms.reduce((sum, f) => sum + f.amountCentimes, 0)).toBe(order.dueCentimes);
    const [treasury, first, second] = forms.map(bankCallback) as Record<string, string>[];
    // The last checkout's callback first, then the treasury's twice at once, then the first agency's twice.
    expect(await callback(second as Record<string, string>)).toBe('ACTION=POSTAUTH');
    expect((await readApp(id)).status).toBe('AWAITING_PAYMENT');
    const dupes = await Promise.all([
      callback(treasury as Record<string, string>),
      callback(treasury as Record<string, string>),
    ]);
    expect(dupes).toEqual(['ACTION=POSTAUTH', 'ACTION=POSTAUTH']);
    expect((await readApp(id)).status).toBe('AWAITING_PAYMENT');
    const last = await Promise.all([
      callback(first as Record<string, string>),
      callback(first as Record<string, string>),
      callback(second as Record<string, string>),
    ]);
    expect(last).toEqual(Array(3).fill('ACTION=POSTAUTH'));
    expect((await readApp(id)).status).toBe('PAID');
    const received = (await events(id)).filter((e) => e.type === 'PAYMENT_RECEIVED');
    expect(received).toHaveLength(3);
    expect(received.filter((e) => e.to === 'PAID')).toHaveLength(1);
    const numbers = received.map((e) => e.details.receiptNumber as string).sort();
    const year = today().slice(0, 4);
    expect(numbers.some((n) => n.startsWith(`${AGENCIES[0]}/${year}/Q`))).toBe(true);
    expect(numbers.some((n) => n.startsWith(`${communeId.toUpperCase()}/${year}/Q`))).toBe(true);
    // A callback signed with another account's key is refused.
    const forged = { ...bankCallback({ ...forms[1], beneficiary: 'COMMUNE_TREASURY' } as never) };
    expect(await callback(forged)).toBe('FAILURE');
  }, 120_000);

  it('keeps three quittance series gapless under 50 concurrent payments each', async () => {
    const files = await times(50, 6, () => givenApproved());
    const forms = (
      await mapConcurrently(files, 6, async (f) => {
        const mine = [];
        for (const b of BENEFICIARIES) mine.push(await checkout(f.id, f.pro, b));
        return mine;
      })
    ).flat();
    // 50 concurrent approvals on each series in turn (150 at once overran the in-process handlers'
    // 10 s budget on the shared emulator; the out-of-order interleaving is the first test's).
    for (const b of BENEFICIARIES) {
      const mine = forms.filter((f) => f.beneficiary === b);
      expect(mine).toHaveLength(50);
      const answers = await Promise.all(mine.map((f) => callback(bankCallback(f))));
      expect(answers.every((a) => a === 'ACTION=POSTAUTH')).toBe(true);
    }
    const statuses = await Promise.all(files.map((f) => readApp(f.id)));
    expect(statuses.every((a) => a.status === 'PAID')).toBe(true);
    const received = (await Promise.all(files.map((f) => events(f.id))))
      .flat()
      .filter((e) => e.type === 'PAYMENT_RECEIVED');
    for (const b of AGENCIES) {
      const sequence = received
        .filter((e) => e.details.beneficiary === b)
        .map((e) => Number(String(e.details.receiptNumber).split('/Q')[1]))
        .sort((x, y) => x - y);
      expect(sequence).toEqual(Array.from({ length: 50 }, (_, i) => i + 2)); // 1 went to the first test
    }
    const treasury = received
      .filter((e) => e.details.beneficiary === 'COMMUNE_TREASURY')
      .map((e) => Number(String(e.details.receiptNumber).split('/Q')[1]))
      .sort((x, y) => x - y);
    expect(treasury).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
  }, 600_000);
});

describe('nothing uncollected', () => {
  it('a tacit approval opens its payment order like an approval, and it can be paid', async () => {
    const { professional, claims: pro } = await givenProfessional(cloud);
    const consent = await givenCompleteDraft(cloud, professional.id, communeId, {
      overrides: {
        status: 'IN_COMMISSION',
        deadlineDate: '2026-01-05',
        receiptNumber: `${communeId.toUpperCase()}/2026/T0001`,
        submittedAt: '2025-12-20T10:00:00.000Z',
      },
    });
    const swept = await sweepDeadlines({ communeIds: [communeId], now: '2026-01-10T08:00:00.000Z' });
    expect(swept.tacitlyApproved).toEqual([consent.id]);
    expect((await readApp(consent.id)).status).toBe('TACITLY_APPROVED');
    const order = json(
      await getPaymentOrder(
        httpEvent({ path: '/x', pathParameters: { applicationId: consent.id }, claims: pro }),
        ctx(),
      ),
    );
    expect(order).toMatchObject({ status: 'PAYABLE', stage: 'authorisation' });
    expect(order.dueCentimes).toBeGreaterThan(0);
    expect(new Set(order.lines.map((l: { beneficiary: string }) => l.beneficiary))).toEqual(
      new Set(BENEFICIARIES),
    );
    const form = await checkout(consent.id, pro, 'COMMUNE_TREASURY');
    expect(await callback(bankCallback(form))).toBe('ACTION=POSTAUTH');
    expect((await readApp(consent.id)).status).toBe('TACITLY_APPROVED');
  }, 120_000);
});

describe('reconciliation against the bank', () => {
  it('reports one missing, one extra, one amount mismatch and one duplicate, each once; re-importing changes nothing', async () => {
    const agency = AGENCIES[1];
    const day = today();
    // Payments of this agency from the other tests of this file are settled as they are.
    const others = await ledgerOf(agency, day);
    const paid = await times(4, 4, async () => {
      const { id, pro } = await givenApproved();
      const form = await checkout(id, pro, agency);
      expect(await callback(bankCallback(form))).toBe('ACTION=POSTAUTH');
      return form;
    });
    const merchant = keys[agency]?.clientId;
    const row = (orderId: string, centimes: number) =>
      `${day},${merchant},${orderId},${formatAmount(centimes)},A1B2C3,SETTLED`;
    const [a, b, c, d] = paid as unknown as [Paid, Paid, Paid, Paid];
    const csv = [
      'date,merchant_id,order_id,amount,auth_code,status',
      ...others.map((o) => row(o.orderId, o.amountCentimes)),
      row(a.orderId, a.amountCentimes),
      row(b.orderId, b.amountCentimes + 100), // amount differs
      row(c.orderId, c.amountCentimes),
      row(c.orderId, c.amountCentimes), // duplicate
      row('RK20991231FFFFFFFFFFFF', 12_345), // in the bank only
      // d is missing: with us only
    ].join('\r\n');
    const treasurer = claimsOf(['agency_treasurer'], {
      'custom:agency': agency,
      'cognito:username': `t-${agency}`,
    });
    const imported = await post(importSettlement, '/x', treasurer, { csv }, { beneficiaryId: agency });
    expect(imported.statusCode, imported.body).toBe(200);
    const report = json(imported).report;
    expect(report.status).toBe('OPEN');
    expect(
      report.discrepancies.map((x: { kind: string; orderId: string }) => `${x.kind}:${x.orderId}`).sort(),
    ).toEqual(
      [
        `AMOUNT_MISMATCH:${b.orderId}`,
        `DUPLICATE:${c.orderId}`,
        'BANK_ONLY:RK20991231FFFFFFFFFFFF',
        `OURS_ONLY:${d.orderId}`,
      ].sort(),
    );
    const again = await post(importSettlement, '/x', treasurer, { csv }, { beneficiaryId: agency });
    expect(json(again)).toEqual({ report, changed: false });
    // The other agency's treasurer does not see it; the report as CSV for this one.
    const stranger = claimsOf(['agency_treasurer'], { 'custom:agency': AGENCIES[0] });
    const read = (claims: Record<string, unknown>, format = 'json') =>
      getSettlement(
        httpEvent({
          path: '/x',
          pathParameters: { beneficiaryId: agency, date: day },
          query: { format },
          claims,
        }),
        ctx(),
      );
    expect((await read(stranger)).statusCode).toBe(403);
    const csvReport = await read(treasurer, 'csv');
    expect((csvReport.body ?? '').split('\r\n').filter(Boolean)).toHaveLength(5);

    // The corrected file matches: the day closes, and stays closed.
    const corrected = [
      'date,merchant_id,order_id,amount,auth_code,status',
      ...[...others, a, b, c, d].map((o) => row(o.orderId, o.amountCentimes)),
    ].join('\n');
    const closed = json(
      await post(importSettlement, '/x', treasurer, { csv: corrected }, { beneficiaryId: agency }),
    );
    expect(closed.report).toMatchObject({ status: 'CLOSED', discrepancies: [] });
    const reopened = await post(importSettlement, '/x', treasurer, { csv }, { beneficiaryId: agency });
    expect(reopened.statusCode).toBe(409);
  }, 300_000);
});

describe('the scheduled settlement import', () => {
  it('reconciles the files dropped in the bucket, closes a matching day, rejects an unreadable file, and a rerun changes nothing', async () => {
    const agency = AGENCIES[0];
    const day = today();
    const ours = await ledgerOf(agency, day);
    expect(ours.length).toBeGreaterThan(0);
    const s3 = new S3Client({ ...clientConfig(cloud), forcePathStyle: true });
    const bucket = cloud.outputs.settlementBucket;
    const matching = [
      'date,merchant_id,order_id,amount,auth_code,status',
      ...ours.map(
        (o) =>
          `${day},${keys[agency]?.clientId},${o.orderId},${formatAmount(o.amountCentimes)},A1B2C3,SETTLED`,
      ),
    ].join('\r\n');
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: `incoming/${agency}/${day}.csv`, Body: matching }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `incoming/${agency}/garbage.csv`,
        Body: 'not,a,settlement',
      }),
    );
    const run = (await importSettlementsJob()) as {
      files: { key: string; outcome: string; status?: string }[];
    };
    const mine = run.files.filter((f) => f.key.startsWith(`incoming/${agency}/`));
    expect(mine).toEqual([
      { key: `incoming/${agency}/${day}.csv`, outcome: 'processed', status: 'CLOSED', discrepancies: 0 },
      { key: `incoming/${agency}/garbage.csv`, outcome: 'rejected', reason: 'settlement-file-invalid' },
    ]);
    const listed = async (prefix: string) =>
      ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map(
        (o) => o.Key,
      );
    expect(await listed(`incoming/${agency}/`)).toEqual([]);
    expect(await listed(`processed/${agency}/`)).toEqual([`processed/${agency}/${day}.csv`]);
    expect(await listed(`rejected/${agency}/`)).toEqual([`rejected/${agency}/garbage.csv`]);
    const again = (await importSettlementsJob()) as { files: { key: string }[] };
    expect(again.files.filter((f) => f.key.startsWith(`incoming/${agency}/`))).toEqual([]);
  }, 120_000);
});

/** The agency's card payments already recorded today (from the earlier tests of this file). */
async function ledgerOf(beneficiary: string, day: string) {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: cloud.outputs.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partitions.ledger(beneficiary, day) },
    }),
  );
  return Items.map((i) => ({ orderId: i.orderId as string, amountCentimes: i.amountCentimes as number }));
}
