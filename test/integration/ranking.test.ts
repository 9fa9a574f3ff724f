import { randomUUID } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoApplicationRepository } from '#shared/adapters/dynamodb/application-repository.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoGeoRepository } from '#shared/adapters/dynamodb/geo-repository.ts';
import { keys, partitions, sortKeys } from '#shared/adapters/dynamodb/keys.ts';
import { changeKey } from '#shared/domain/ranking/aggregate-events.ts';
import { type PeriodWindow, periodWindow } from '#shared/domain/ranking/indicators.ts';
import { testCloud } from '../support/cloud.ts';
import { claimsOf, httpEvent, lambdaContext } from '../support/events.ts';
import {
  adminClaims,
  deskClaims,
  documentClientFor,
  givenCompleteDraft,
  givenProfessional,
  givenTariff,
} from '../support/fixtures.ts';
import { RANKING_RUN_WAIT_MS, waitFor } from '../support/journeys.ts';
import { type ApplicationHistory, naiveIndicators } from '../support/ranking-naive.ts';
import { streamRecords } from '../support/streams.ts';

/**
 * Applications of three fresh communes walk through the real handlers in April 2025 (Morocco at
 * UTC+1: 09:00Z is 10:00 local). Their changes are read back from the table's stream and handed to
 * the stream consumer; the ranking job's indicators are compared with a brute force over every raw
 * event of those applications.
 */

const cloud = testCloud();
const db = documentClientFor(cloud);
const table = cloud.outputs.tableName;
const applications = new DynamoApplicationRepository(db, table);
const geo = new DynamoGeoRepository(db, table);
const s3 = new S3Client({
  region: cloud.outputs.region,
  endpoint: cloud.endpoint,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  forcePathStyle: true,
});

type Reply = { statusCode?: number; body?: string };
type Handler = (event: unknown, context: unknown) => Promise<Reply>;
const json = (r: Reply) => JSON.parse(r.body ?? 'null');

// Handlers read their environment at import: the ranking ones need the open-data bucket and the run queue.
let h: Record<string, Handler> = {};
let aggregate: (
  event: DynamoDBStreamEvent,
  context: unknown,
) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
let runRanking: (event: Record<string, unknown>) => Promise<Record<string, unknown>>;

// Ends with a letter: the receipt and permit numbers made from it reach the open data, whose test
// looks for CIN numbers (one or two letters then digits) in every published file (a suffix such as
// `b16509` made `CAS-RANKING-B16509-A/2025/00001/P` one).
const suffix = `${randomUUID().slice(0, 6)}r`;
const communeIds = ['a', 'b', 'c'].map((x) => `cas-ranking-${suffix}-${x}`);
const appIds = new Map<string, string[]>(communeIds.map((id) => [id, []]));

const at = (day: string, time = '09:00') => `${day}T${time}:00.000Z`;
const call = async (
  name: string,
  path: string,
  id: string,
  claims: Record<string, unknown>,
  when: string,
  body?: unknown,
) => {
  const reply = await (h[name] as Handler)(
    httpEvent({
      method: 'POST',
      path: `/applications/${id}${path}`,
      pathParameters: { applicationId: id },
      ...(body === undefined ? {} : { body }),
      claims,
      headers: { 'idempotency-key': randomUUID(), 'x-rukhsa-now': when },
    }),
    lambdaContext('ranking'),
  );
  expect(reply.statusCode, `${name} ${path} ${reply.body}`).toBeLessThan(300);
  return json(reply);
};

async function newFile(communeId: string, submittedOn: string) {
  const { professional, claims } = await givenProfessional(cloud);
  const draft = await givenCompleteDraft(cloud, professional.id, communeId);
  appIds.get(communeId)?.push(draft.id);
  await call('submit', '/submission', draft.id, claims, at(submittedOn));
  return { id: draft.id, pro: claims, desk: deskClaims(communeId) };
}

/**
 * PAID and ISSUED at chosen past dates, written through the repository with the status change and
 * event the payment callback and the signer write (their own tests drive them; here only the
 * dates of the changes matter, and the signer stamps the real time), and the permit the signer
 * records with ISSUED.
 */
async function settleAndIssue(id: string, paidAt: string, issuedAt: string) {
  for (const [status, type, when] of [
    ['PAID', 'PAYMENT_RECEIVED', paidAt],
    ['ISSUED', 'PERMIT_ISSUED', issuedAt],
  ] as const) {
    const app = await applications.get(id);
    if (!app) throw new Error(id);
    // An ISSUED file has its permit, as the signer writes it: without one the notifier cannot write
    // the "permit issued" message and refuses the record (it held the local notifier in two runs).
    const permit =
      status === 'ISSUED'
        ? {
            number: `${app.receiptNumber ?? id}/P`,
            issuedAt: when,
            sha256: '0'.repeat(64),
            verificationUrl: `https://verify.example.ma/${id}`,
            keyFingerprint: 'ranking-test',
          }
        : undefined;
    await applications.saveTransition({
      next: { ...app, status, version: app.version + 1, updatedAt: when, ...(permit ? { permit } : {}) },
      expectedVersion: app.version,
      events: [
        {
          applicationId: id,
          type,
          at: when,
          actor: 'system',
          role: 'system',
          from: app.status,
          to: status,
          details: {},
        },
      ],
    });
  }
}

const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The April 2025 story of one commune, shifted by `k` days. */
async function story(communeId: string, k: number) {
  const d = (day: string) => shift(day, k);
  // Approved in time, paid, issued.
  const a1 = await newFile(communeId, d('2025-04-02'));
  await call('admissible', '/admissibility', a1.id, a1.desk, at(d('2025-04-03')), {});
  await call('decide', '/decision', a1.id, a1.desk, at(d('2025-04-08')), { decision: 'APPROVED' });
  await settleAndIssue(a1.id, at(d('2025-04-10')), at(d('2025-04-14')));
  // Returned for 5 days, resubmitted, rejected.
  const a2 = await newFile(communeId, d('2025-04-03'));
  const remarks = [{ reasonCode: 'ILLEGIBLE_DOCUMENT', documentCode: 'SITE_PLAN' }];
  await call('return', '/return', a2.id, a2.desk, at(d('2025-04-04')), { remarks });
  await call('resubmit', '/resubmission', a2.id, a2.pro, at(d('2025-04-09')));
  await call('admissible', '/admissibility', a2.id, a2.desk, at(d('2025-04-10')), {});
  await call('decide', '/decision', a2.id, a2.desk, at(d('2025-04-16')), {
    decision: 'REJECTED',
    reasons: [{ reasonCode: 'ZONING_NON_COMPLIANT' }],
  });
  // Left alone: past its 15-day deadline at the end of April (the overdue backlog), tacitly approved in May.
  if (k < 2) await newFile(communeId, d('2025-04-07'));
  // Withdrawn.
  const a4 = await newFile(communeId, d('2025-04-08'));
  await call('withdraw', '/withdrawal', a4.id, a4.pro, at(d('2025-04-09')), { reason: 'Projet abandonné' });
  // Returned and still with the professional at the end of April: paused, not overdue.
  const a5 = await newFile(communeId, d('2025-04-10'));
  await call('return', '/return', a5.id, a5.desk, at(d('2025-04-12')), { remarks });
  // Submitted in March, tacitly approved by the sweep the morning after its deadline, in April.
  await newFile(communeId, d('2025-03-20'));
}

const sweep = (now: string) => (h.sweep as unknown as (e: unknown) => Promise<unknown>)({ communeIds, now });

async function histories(): Promise<ApplicationHistory[]> {
  const out: ApplicationHistory[] = [];
  for (const [communeId, ids] of appIds) {
    for (const id of ids) {
      const { Items } = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
          ExpressionAttributeValues: { ':pk': partitions.application(id), ':events': sortKeys.events },
        }),
      );
      out.push({
        communeId,
        events: (Items ?? []).map((e) => ({ type: e.type, at: e.at, details: e.details })),
      });
    }
  }
  return out;
}

/** Stream records of this test's applications, in stream order. */
async function ourRecords(): Promise<DynamoDBRecord[]> {
  return (await streamRecords(cloud)).filter((r) =>
    communeIds.includes(r.dynamodb?.NewImage?.communeId?.S ?? ''),
  );
}

async function feed(records: DynamoDBRecord[], batchSize = 10) {
  const failures: string[] = [];
  for (let i = 0; i < records.length; i += batchSize) {
    const reply = await aggregate({ Records: records.slice(i, i + batchSize) }, lambdaContext('aggregate'));
    failures.push(...reply.batchItemFailures.map((f) => f.itemIdentifier));
  }
  return failures;
}

async function aggregateItems() {
  const out: Record<string, unknown>[] = [];
  for (const id of communeIds) {
    const { Items } = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partitions.rankingAggregates(id) },
      }),
    );
    out.push(...(Items ?? []));
  }
  return out;
}

const getObject = async (key: string) => {
  const object = await s3.send(new GetObjectCommand({ Bucket: cloud.outputs.openDataBucket, Key: key }));
  return object.Body?.transformToString('utf-8') as Promise<string>;
};

async function expectIndicatorsEqualBruteForce(period: string, now: string) {
  const result = await runRanking({ period, communeIds, now });
  const window = periodWindow(period, now.slice(0, 10)) as PeriodWindow;
  const published = JSON.parse(await getObject(`rankings/${period}/ranking.json`));
  const naive = naiveIndicators(await histories(), window);
  expect(published.rows).toHaveLength(communeIds.length);
  for (const row of published.rows) {
    expect({ month: row.month, rolling12: row.rolling12 }, row.Jurisdiction).toEqual(
      naive.get(row.Jurisdiction),
    );
  }
  return { result, published };
}

beforeAll(async () => {
  process.env.OPEN_DATA_BUCKET = cloud.outputs.openDataBucket;
  const sqs = new SQSClient({
    region: cloud.outputs.region,
    endpoint: cloud.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const { QueueUrls } = await sqs.send(new ListQueuesCommand({}));
  const runs = (QueueUrls ?? []).filter((url) => /RankingRuns/.test(url) && !/DeadLetters/.test(url));
  expect(runs).toHaveLength(1);
  process.env.RANKING_RUNS_QUEUE_URL = runs[0];
  h = {
    submit: (await import('#functions/applications/submit-application.ts')).handler as unknown as Handler,
    withdraw: (await import('#functions/applications/withdraw-application.ts')).handler as unknown as Handler,
    admissible: (await import('#functions/review/declare-admissible.ts')).handler as unknown as Handler,
    return: (await import('#functions/review/return-for-completion.ts')).handler as unknown as Handler,
    resubmit: (await import('#functions/review/resubmit.ts')).handler as unknown as Handler,
    decide: (await import('#functions/review/decide.ts')).handler as unknown as Handler,
    sweep: (await import('#functions/review/sweep-deadlines.ts')).handler as unknown as Handler,
    list: (await import('#functions/ranking/list-rankings.ts')).handler as unknown as Handler,
    history: (await import('#functions/ranking/commune-ranking-history.ts')).handler as unknown as Handler,
    requestRun: (await import('#functions/ranking/request-run.ts')).handler as unknown as Handler,
  };
  aggregate = (await import('#functions/ranking/aggregate-on-stream.ts')).handler as never;
  const job = (await import('#functions/ranking/run-ranking.ts')).handler;
  runRanking = (event) => job(event as never, lambdaContext('job')) as Promise<Record<string, unknown>>;

  const updatedAt = new Date().toISOString();
  for (const [i, id] of communeIds.entries()) {
    await geo.putCommune({
      id,
      provinceId: 'MA-CAS',
      regionId: 'MA-06',
      nameFr: `Commune de test ${suffix} ${i}`,
      nameAr: 'جماعة الاختبار',
      kind: i === 2 ? 'rural' : 'urban',
      population: 10_000 * (i + 1),
      updatedAt,
    });
    await givenTariff(cloud, id);
  }
  for (const [k, id] of communeIds.entries()) await story(id, k);
  // The sweep runs every morning (06:00 local = 05:00Z). The March files' 15 working days end on
  // 10 and 11 April (weekends skipped; 2025's movable holidays are not listed): sweep through the 14th.
  for (let day = '2025-04-05'; day <= '2025-04-14'; day = shift(day, 1)) await sweep(at(day, '05:00'));
}, 240_000);

afterEach(() => vi.restoreAllMocks());

describe('ranking aggregates from the stream', () => {
  it('turns the stream records of the applications into aggregates whose indicators equal the brute force over raw events', async () => {
    const records = await ourRecords();
    expect(records.length).toBeGreaterThan(40);
    expect(await feed(records)).toEqual([]);

    const { result, published } = await expectIndicatorsEqualBruteForce(
      '2025-04',
      '2025-05-10T12:00:00.000Z',
    );
    expect(result).toMatchObject({ period: '2025-04', status: 'final', asOf: '2025-04-30', communes: 3 });
    // The April story, as a person would count it for the first commune.
    const first = published.rows.find((r: { Jurisdiction: string }) => r.Jurisdiction === communeIds[0]);
    expect(first.month).toMatchObject({
      received: 5,
      decided: 3,
      approved: 1,
      rejected: 1,
      tacitApprovals: 1,
      withdrawn: 1,
      issued: 1,
      returned: 2,
      overdueBacklog: 1,
      shareDecidedInTime: 0.6667,
      avgReturnRounds: 0.33,
      // Delays 6 (approval), 8 (13 days − 5 returned) and 22 (tacit: 15 working days from 20 March
      // end on 10 April, the sweep of the 11th approves; the ranking counts calendar days).
      medianDecisionDays: 8,
      p90DecisionDays: 22,
      medianIssueDays: 12,
    });
    // Too few decisions to be ranked: listed with the reason.
    expect(first).toMatchObject({
      ranked: false,
      notRankedReason: 'below-minimum-volume',
      nationalRank: null,
    });
    const third = published.rows.find((r: { Jurisdiction: string }) => r.Jurisdiction === communeIds[2]);
    expect(third.month).toMatchObject({ received: 4, overdueBacklog: 0 });
  });

  it('changes no aggregate when the same records are replayed: again, shuffled, in one batch and concurrently', async () => {
    const records = await ourRecords();
    expect(await feed(records)).toEqual([]);
    const before = await aggregateItems();
    expect(before.length).toBeGreaterThan(20);
    const shuffled = [...records].sort(() => Math.random() - 0.5);
    expect(await feed(shuffled, 100)).toEqual([]);
    const concurrent = await Promise.all([feed(records, 7), feed(shuffled, 13), feed(records.slice(5), 25)]);
    expect(concurrent.flat()).toEqual([]);
    expect(await aggregateItems()).toEqual(before);
  });

  it('reports only the failed record of a batch, and applies it when retried alone', async () => {
    const before = await ourRecords();
    // The sweep of 2 May tacitly approves the files left alone since 7 April: new changes.
    await sweep(at('2025-05-02', '05:00'));
    const after = await ourRecords();
    const fresh = after.slice(before.length);
    expect(fresh.length).toBeGreaterThanOrEqual(2);
    const target = fresh.find(
      (r) => r.dynamodb?.NewImage?.status?.S === 'TACITLY_APPROVED',
    ) as DynamoDBRecord;
    const poisoned = keys.rankingChange(
      changeKey({
        pk: target.dynamodb?.NewImage?.pk?.S as string,
        version: Number(target.dynamodb?.NewImage?.version?.N),
      }),
    ).pk;
    const send = documentClient().send.bind(documentClient());
    vi.spyOn(documentClient(), 'send').mockImplementation(((command: { input?: unknown }) => {
      if (JSON.stringify(command.input ?? {}).includes(poisoned)) throw new Error('injected failure');
      return send(command as never);
    }) as never);
    const batch = [...before.slice(-3), ...fresh];
    expect(await feed(batch, batch.length)).toEqual([target.dynamodb?.SequenceNumber]);
    vi.restoreAllMocks();
    expect(await feed([target])).toEqual([]);
    await expectIndicatorsEqualBruteForce('2025-05', '2025-05-10T12:00:00.000Z');
  });
});

describe('ranking job and publication', () => {
  it('publishes byte-identical JSON and CSV when a period is run again, with the methodology next to them', async () => {
    const first = await runRanking({ period: '2025-04', communeIds, now: '2025-05-20T12:00:00.000Z' });
    const json1 = await getObject('rankings/2025-04/ranking.json');
    const csv1 = await getObject('rankings/2025-04/ranking.csv');
    const second = await runRanking({ period: '2025-04', communeIds, now: '2025-06-03T08:00:00.000Z' });
    expect(await getObject('rankings/2025-04/ranking.json')).toBe(json1);
    expect(await getObject('rankings/2025-04/ranking.csv')).toBe(csv1);
    expect(second).toMatchObject({
      jsonSha256: first.jsonSha256,
      csvSha256: first.csvSha256,
      inputsChecksum: first.inputsChecksum,
    });
    expect(csv1.split('\r\n')[0]).toMatch(/^period,status,asOf,methodologyVersion,Jurisdiction,/);
    expect(JSON.parse(await getObject('rankings/methodology/2026.1.json'))).toMatchObject({
      version: '2026.1',
      minVolume: { indicator: 'decided', min: 20 },
    });
  });

  it('serves the ranking by period, region and peer group, and a commune’s history', async () => {
    await runRanking({ period: '2025-04', communeIds, now: '2025-05-20T12:00:00.000Z' });
    const list = async (query: Record<string, string>) =>
      (h.list as Handler)(httpEvent({ path: '/rankings', query }), lambdaContext('list'));
    const all = await list({ period: '2025-04' });
    expect(all.statusCode).toBe(200);
    expect(json(all)).toMatchObject({ period: '2025-04', status: 'final', methodologyVersion: '2026.1' });
    expect(
      json(all)
        .items.map((r: { Jurisdiction: string }) => r.Jurisdiction)
        .sort(),
    ).toEqual(communeIds);
    const rural = json(await list({ period: '2025-04', group: 'rural' }));
    expect(rural.items.map((r: { Jurisdiction: string }) => r.Jurisdiction)).toEqual([communeIds[2]]);
    expect(json(await list({ period: '2025-04', region: 'MA-01' })).items).toEqual([]);
    expect((await list({ period: '1999-01' })).statusCode).toBe(404);
    expect((await list({ period: '2025-13' })).statusCode).toBe(400);

    const history = await (h.history as Handler)(
      httpEvent({
        path: `/rankings/communes/${communeIds[0]}`,
        pathParameters: { communeId: communeIds[0] as string },
      }),
      lambdaContext('history'),
    );
    expect(history.statusCode).toBe(200);
    // Newest first; other files' ranking runs may add later periods for every commune.
    const periods = json(history).items.map((r: { period: string }) => r.period) as string[];
    expect(periods).toEqual([...periods].sort().reverse());
    expect(periods.filter((p) => p === '2025-05' || p === '2025-04')).toEqual(['2025-05', '2025-04']);
    const unknown = await (h.history as Handler)(
      httpEvent({ path: '/rankings/communes/cas-nowhere', pathParameters: { communeId: 'cas-nowhere' } }),
      lambdaContext('history'),
    );
    expect(unknown.statusCode).toBe(404);
  });

  it('lets a ministry administrator queue a run (202), which the job then publishes; refuses other roles and months not started', async () => {
    const request = (claims: Record<string, unknown>, period: string) =>
      (h.requestRun as Handler)(
        httpEvent({ method: 'POST', path: '/rankings/runs', body: { period }, claims }),
        lambdaContext('request-run'),
      );
    expect((await request(deskClaims(communeIds[0]), '2025-02')).statusCode).toBe(403);
    expect((await request(claimsOf([]), '2025-02')).statusCode).toBe(403);
    const future = await request(adminClaims(), '2099-01');
    expect(future.statusCode).toBe(422);
    expect(json(future).type).toMatch(/period-not-started/);
    const queued = await request(adminClaims(), '2025-02');
    expect(queued.statusCode).toBe(202);
    expect(json(queued)).toEqual({ period: '2025-02', status: 'final', asOf: '2025-02-28', state: 'queued' });
    // The deployed job consumes the queue on the local cloud and publishes the month.
    const published = await waitFor(
      'the ranking of 2025-02',
      async () => {
        const reply = await (h.list as Handler)(
          httpEvent({ path: '/rankings', query: { period: '2025-02' } }),
          lambdaContext('list'),
        );
        return reply.statusCode === 200 ? json(reply) : undefined;
      },
      RANKING_RUN_WAIT_MS,
    );
    expect(published).toMatchObject({ period: '2025-02', status: 'final', communes: expect.any(Number) });
    expect((published as { communes: number }).communes).toBeGreaterThanOrEqual(cloud.reference.communes);
  }, 300_000); // RANKING_RUN_WAIT_MS and the calls around it
});
