/**
 * The cost of one permit, measured: one building permit's whole life driven through the handlers
 * in-process against the local cloud (draft, its 11 documents through presigned POSTs, submission,
 * return, the corrected document, resubmission, 3 commission opinions, decision, payment through the
 * gateway callback, signing, verification), the table's stream replayed to the stream consumers, and
 * every AWS call tallied by the SDK middleware of test/support/aws-tally.ts. `npm run bench` runs
 * this file with RUKHSA_COST_OUT set and prints the priced tally (scripts/bench/cost.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as confirmUpload } from '#functions/applications/confirm-upload.ts';
import { handler as createApplication } from '#functions/applications/create-application.ts';
import { handler as requestUpload } from '#functions/applications/request-upload.ts';
import { handler as submitApplication } from '#functions/applications/submit-application.ts';
import { handler as notifyOnEvent } from '#functions/notifications/notify-on-event.ts';
import { handler as gatewayCallback } from '#functions/payments/gateway-callback.ts';
import { handler as startPayment } from '#functions/payments/start-payment.ts';
import { handler as aggregateOnStream } from '#functions/ranking/aggregate-on-stream.ts';
import { handler as decide } from '#functions/review/decide.ts';
import { handler as declareAdmissible } from '#functions/review/declare-admissible.ts';
import { handler as giveOpinion } from '#functions/review/give-opinion.ts';
import { handler as resubmit } from '#functions/review/resubmit.ts';
import { handler as returnForCompletion } from '#functions/review/return-for-completion.ts';
import { handler as countApplications } from '#functions/rollout/count-applications.ts';
import { handler as indexOnStream } from '#functions/search/index-on-stream.ts';
import { handler as signPermit } from '#functions/signing/sign-permit.ts';
import { handler as verifyPermit } from '#functions/signing/verify-permit.ts';
import { DynamoGeoRepository } from '#shared/adapters/dynamodb/geo-repository.ts';
import { cmiHash } from '#shared/domain/payments/cmi.ts';
import { getProcedure, requiredDocuments } from '#shared/domain/procedures/rules.ts';
import { DECIDED_EVENTS, RECEIVED_EVENTS } from '#shared/domain/rollout/stats.ts';
import { SEARCH_EVENTS } from '#shared/domain/search/terms.ts';
import { priceTally } from '../../scripts/bench/cost.ts';
import {
  installAwsTally,
  invoke,
  recordDirect,
  startTally,
  stopTally,
  type Tally,
} from '../support/aws-tally.ts';
import { clientConfig, testCloud } from '../support/cloud.ts';
import { claimsOf, httpEvent, lambdaContext } from '../support/events.ts';
import {
  buildingPermit,
  deskClaims,
  documentClientFor,
  givenLiveCommune,
  givenProfessional,
  givenTariff,
  memberClaims,
  pdfBytes,
  postToPresignedForm,
} from '../support/fixtures.ts';
import { streamRecords } from '../support/streams.ts';

const cloud = testCloud();
/** Every function's memory: the function construct's default (infra/constructs/platform-function.ts). */
const MEMORY_MB = 512;
const DOCUMENT_BYTES = 300;
const json = (r: { body?: string }) => JSON.parse(r.body ?? 'null');
type Handler = (event: any, context: any) => Promise<any>;

/** One API request: one invocation of the route's function, timed. */
const http = (name: string, handler: Handler, event: Parameters<typeof httpEvent>[0]) =>
  invoke(`http:${name}`, MEMORY_MB, () => handler(httpEvent(event), lambdaContext(name))) as Promise<{
    statusCode: number;
    body: string;
  }>;

let tally: Tally;
let permitNumber = '';
let applicationId = '';

beforeAll(async () => {
  installAwsTally();
  const communeId = `cas-cost-${randomUUID().slice(0, 8)}`;
  const { claims: pro } = await givenProfessional(cloud);
  // A commune of its own (so no other test's files share its worklists, ranking or tariff).
  await new DynamoGeoRepository(documentClientFor(cloud), cloud.outputs.tableName).putCommune({
    id: communeId,
    provinceId: 'MA-CAS',
    regionId: 'MA-06',
    nameFr: 'Commune du coût',
    nameAr: 'جماعة الكلفة',
    kind: 'urban',
    population: 120_000,
    deskEmail: `desk-${communeId}@fixtures.rukhsa.ma`,
    updatedAt: new Date().toISOString(),
  });
  await givenTariff(cloud, communeId);
  await givenLiveCommune(cloud, communeId);
  const secrets = new SecretsManagerClient(clientConfig(cloud));
  const storeKey =
    (await secrets.send(new GetSecretValueCommand({ SecretId: cloud.outputs.gatewaySecretArn })))
      .SecretString ?? '';
  const desk = deskClaims(communeId);
  const signatory = claimsOf(['signatory'], {
    'custom:commune': communeId,
    'custom:province': 'MA-CAS',
    'cognito:username': `fx-sig-${communeId}`,
    sub: `sub-fx-sig-${communeId}`,
  });
  const idem = () => ({ 'idempotency-key': randomUUID() });

  startTally();
  const base = buildingPermit(communeId);
  // A large project (R+3, 8 units), so the file goes to the commission.
  const body = { ...base, project: { ...base.project, floorAreaM2: 650, floors: 4, units: 8 } };
  const draft = await http('createApplication', createApplication, {
    method: 'POST',
    path: '/applications',
    body,
    claims: pro,
    headers: idem(),
  });
  expect(draft.statusCode, draft.body).toBe(201);
  const id = json(draft).id as string;
  applicationId = id;
  const at = (p: string) => ({ path: `/applications/${id}${p}`, pathParameters: { applicationId: id } });

  const upload = async (code: string) => {
    const form = await http('requestDocumentUpload', requestUpload, {
      method: 'POST',
      ...at(`/documents/${code}/uploads`),
      pathParameters: { applicationId: id, documentCode: code },
      body: { contentType: 'application/pdf', sizeBytes: DOCUMENT_BYTES },
      claims: pro,
    });
    expect(form.statusCode, form.body).toBe(201);
    const bytes = pdfBytes(DOCUMENT_BYTES);
    expect((await postToPresignedForm(json(form), bytes, 'application/pdf')).status).toBe(204);
    recordDirect('S3', 'PostObject (presigned, from the browser)', bytes.length);
    const confirmed = await http('confirmDocumentUpload', confirmUpload, {
      method: 'POST',
      ...at(`/documents/${code}/versions`),
      pathParameters: { applicationId: id, documentCode: code },
      body: { key: json(form).key },
      claims: pro,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
  };
  // Every document of a large building permit: 11 (no building permit has 8 with a commission:
  // a small one needs 7 and skips the commission).
  const codes = requiredDocuments(getProcedure('BUILDING_PERMIT'), 'large').map((d) => d.code);
  expect(codes).toHaveLength(11);
  for (const code of codes) await upload(code);

  const submitted = await http('submitApplication', submitApplication, {
    method: 'POST',
    ...at('/submission'),
    claims: pro,
    headers: idem(),
  });
  expect(submitted.statusCode, submitted.body).toBe(200);
  const returned = await http('returnForCompletion', returnForCompletion, {
    method: 'POST',
    ...at('/return'),
    claims: desk,
    headers: idem(),
    body: { remarks: [{ reasonCode: 'ILLEGIBLE_DOCUMENT', documentCode: codes[0] }] },
  });
  expect(returned.statusCode, returned.body).toBe(200);
  await upload(codes[0] as string);
  const back = await http('resubmit', resubmit, {
    method: 'POST',
    ...at('/resubmission'),
    claims: pro,
    headers: idem(),
  });
  expect(json(back).status, back.body).toBe('SUBMITTED');
  const admissible = await http('declareAdmissible', declareAdmissible, {
    method: 'POST',
    ...at('/admissibility'),
    claims: desk,
    headers: idem(),
    body: {},
  });
  expect(json(admissible).status, admissible.body).toBe('IN_COMMISSION');
  for (const agency of json(admissible).consultedAgencies as string[]) {
    const given = await http('giveOpinion', giveOpinion, {
      method: 'POST',
      ...at('/opinions'),
      claims: memberClaims(agency),
      headers: idem(),
      body: { opinion: 'FAVOURABLE' },
    });
    expect(given.statusCode, given.body).toBe(201);
  }
  const approved = await http('decide', decide, {
    method: 'POST',
    ...at('/decision'),
    claims: desk,
    headers: idem(),
    body: { decision: 'APPROVED' },
  });
  expect(json(approved).status, approved.body).toBe('AWAITING_PAYMENT');

  const order = await http('startPayment', startPayment, {
    method: 'POST',
    path: '/payments',
    claims: pro,
    headers: idem(),
    body: { applicationId: id },
  });
  expect(order.statusCode, order.body).toBe(201);
  // What the CMI simulator (or the bank) posts back, signed with the store key.
  const { hash: _hash, ...fields } = json(order).fields as Record<string, string>;
  const paid: Record<string, string> = {
    ...fields,
    ProcReturnCode: '00',
    Response: 'Approved',
    TransId: `T${randomUUID().slice(0, 8)}`,
    AuthCode: 'A1B2C3',
    maskedCreditCard: '4000 00** **** 0002',
  };
  paid.HASH = cmiHash(paid, storeKey);
  const callback = await http('gatewayCallback', gatewayCallback, {
    method: 'POST',
    path: '/payments/callback',
    rawBody: new URLSearchParams(paid).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(callback.body).toBe('ACTION=POSTAUTH');

  const signed = await http('signPermit', signPermit, {
    method: 'POST',
    ...at('/permit'),
    claims: signatory,
    body: { pin: '48213795' },
  });
  expect(signed.statusCode, signed.body).toBe(201);
  permitNumber = json(signed).permit.permitNumber;
  const verified = await http('verifyPermit', verifyPermit, {
    path: `/verify/${permitNumber}`,
    pathParameters: { permitNumber },
  });
  expect(json(verified)).toMatchObject({ valid: true });

  // The stream consumers, each on the records its event-source filter passes (infra/constructs:
  // ranking.ts, and event-consumer.ts for the notifier, stats counter and search indexer), one
  // record per invocation: at a few files a minute
  // Lambda's batches hold one record, the upper bound. The records are replayed under a fresh event
  // id and event sort key so that what the deployed consumers already did (change markers, the
  // sent-message log) does not hide the work: ours is counted in full.
  const records = (await streamRecords(cloud)).filter((r) => JSON.stringify(r.dynamodb).includes(id));
  const image = (r: DynamoDBRecord) => r.dynamodb?.NewImage ?? {};
  const isEvent = (r: DynamoDBRecord) => r.eventName === 'INSERT' && image(r).entity?.S === 'Event';
  const counted = new Set<string>([...RECEIVED_EVENTS, ...DECIDED_EVENTS]);
  const consumers: { name: string; handler: Handler; passes: (r: DynamoDBRecord) => boolean }[] = [
    {
      name: 'aggregateOnStream',
      handler: aggregateOnStream,
      passes: (r) =>
        (r.eventName === 'INSERT' || r.eventName === 'MODIFY') &&
        image(r).entity?.S === 'Application' &&
        image(r).status?.S !== 'DRAFT',
    },
    { name: 'notifyOnEvent', handler: notifyOnEvent, passes: isEvent },
    {
      name: 'countApplications',
      handler: countApplications,
      passes: (r) => isEvent(r) && counted.has(String(image(r).type?.S)),
    },
    {
      name: 'indexOnStream',
      handler: indexOnStream,
      passes: (r) => isEvent(r) && (SEARCH_EVENTS as readonly string[]).includes(String(image(r).type?.S)),
    },
  ];
  const fresh = (r: DynamoDBRecord): DynamoDBRecord => {
    const copy = structuredClone(r);
    copy.eventID = `${r.eventID}-cost-${randomUUID()}`;
    const newImage = copy.dynamodb?.NewImage;
    if (newImage?.entity?.S === 'Event' && newImage.sk?.S) newImage.sk.S = `${newImage.sk.S}#cost`;
    return copy;
  };
  for (const consumer of consumers) {
    const passing = records.filter(consumer.passes);
    expect(passing.length, consumer.name).toBeGreaterThan(0);
    for (const record of passing) {
      const result = await invoke(`stream:${consumer.name}`, MEMORY_MB, () =>
        consumer.handler({ Records: [fresh(record)] }, lambdaContext(consumer.name)),
      );
      expect(result.batchItemFailures, consumer.name).toEqual([]);
    }
  }
  tally = stopTally();
  if (process.env.RUKHSA_COST_OUT) {
    mkdirSync(path.dirname(process.env.RUKHSA_COST_OUT), { recursive: true });
    writeFileSync(process.env.RUKHSA_COST_OUT, `${JSON.stringify(tally, null, 2)}\n`);
  }
}, 240_000);

afterAll(() => {
  stopTally();
});

const calls = (service: string, operation?: string) =>
  tally.calls
    .filter((c) => c.service === service && (operation === undefined || c.operation === operation))
    .reduce((n, c) => n + c.calls, 0);

describe('the cost of one permit', () => {
  it('tallies every service the life uses, with DynamoDB capacity and the three KMS signatures of a permit', () => {
    expect(permitNumber).not.toBe('');
    for (const service of ['DynamoDB', 'S3', 'KMS', 'SES', 'SecretsManager']) {
      expect(calls(service), service).toBeGreaterThan(0);
    }
    // The QR's token and the PDF's CMS by the signatory's key, the time-stamp by the platform TSA.
    expect(calls('KMS', 'Sign')).toBe(3);
    expect(calls('S3', 'PutObject')).toBeGreaterThanOrEqual(1);
    const units = tally.calls.reduce((s, c) => s + c.readUnits + c.writeUnits, 0);
    expect(units).toBeGreaterThan(calls('DynamoDB') / 2);
    expect(
      tally.calls.find((c) => c.service === 'DynamoDB' && c.operation === 'TransactWriteItems')?.writeUnits,
    ).toBeGreaterThan(0);
    const direct = tally.direct.find((d) => d.service === 'S3');
    expect(direct?.calls).toBe(12);
    const http = tally.invocations
      .filter((i) => i.fn.startsWith('http:'))
      .reduce((n, i) => n + i.invocations, 0);
    // 1 draft + 12 × 2 uploads + submit, return, resubmit, admissible, 3 opinions, decide, pay × 2, sign, verify.
    expect(http).toBe(1 + 24 + 4 + 3 + 1 + 2 + 2);
    expect(applicationId).toMatch(/^app-/);
  });

  it('prices the tally from the eu-west-3 table, every call of a priced service', () => {
    const cost = priceTally(tally);
    const kms = cost.byService.find((s) => s.service === 'KMS');
    expect(kms?.usd).toBeGreaterThanOrEqual(1.5e-5);
    expect(cost.totalBeforeSms).toBeCloseTo(
      cost.byService.reduce((s, c) => s + c.usd, 0),
      12,
    );
    expect(cost.totalBeforeSms).toBeGreaterThan(0);
    const ses = cost.byService.find((s) => s.service === 'SES')?.usd ?? 0;
    expect(ses).toBeCloseTo(calls('SES', 'SendEmail') * 1e-4, 12);
    expect(cost.totalBeforeMessages).toBeCloseTo(cost.totalBeforeSms - ses, 12);
    // 13 uploads (12 documents and the permit), 37 API requests each invoking a function, 3 signatures.
    expect(cost.requestFloor.detail).toBe(
      '13 S3 PUT/POST, 37 API requests and their invocations, 3 KMS signatures',
    );
    expect(cost.requestFloor.usd).toBeCloseTo(13 * 5.3e-6 + 37 * (1e-6 + 2e-7) + 3 * 1.5e-5, 12);
    expect(cost.requestFloor.usd).toBeLessThan(cost.totalBeforeMessages);
    expect(() =>
      priceTally({ ...tally, calls: [...tally.calls, { ...tally.calls[0], service: 'Athena' } as never] }),
    ).toThrow(/no price for Athena/);
  });
});
