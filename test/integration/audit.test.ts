import { execFile } from 'node:child_process';
import { randomUUID, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  chainWrites,
  readChainHead,
  transactWithEvents,
} from '#shared/adapters/dynamodb/application-items.ts';
import { auditChainLayout, parseKeys, partitions, sortKeys } from '#shared/adapters/dynamodb/keys.ts';
import type { ApplicationEvent } from '#shared/domain/applications/application.ts';
import { eventHash, GENESIS_HASH } from '#shared/domain/audit/chain.ts';
import { rootStatement } from '#shared/domain/audit/daily-root.ts';
import { verifyChains } from '#shared/domain/audit/verify.ts';
import { describeFinding, verifyAudit } from '../../scripts/verify-audit.ts';
import { clientConfig, testCloud } from '../support/cloud.ts';
import { httpEvent, lambdaContext } from '../support/events.ts';
import { documentClientFor, givenCompleteDraft, givenProfessional } from '../support/fixtures.ts';

/**
 * The audit trail on the local cloud: chains written through the real repositories (real
 * TransactWriteItems), the daily seal signed by the stack's KMS seal key and published to the
 * open-data bucket, and the verifier reading the table and the bucket back.
 */

const cloud = testCloud();
const db = documentClientFor(cloud);
const table = cloud.outputs.tableName;
const bucket = cloud.outputs.openDataBucket;
const s3 = new S3Client({ ...clientConfig(cloud), forcePathStyle: true });
const kms = new KMSClient(clientConfig(cloud));

type Handler = (event: unknown, context?: unknown) => Promise<Record<string, unknown>>;
let sealDay: Handler;
let history: Handler;
let submit: Handler;

beforeAll(async () => {
  process.env.OPEN_DATA_BUCKET = bucket;
  process.env.AUDIT_SEAL_KEY_ID = cloud.outputs.auditSealKeyId;
  sealDay = (await import('#functions/audit/seal-day.ts')).handler as unknown as Handler;
  history = (await import('#functions/applications/get-history.ts')).handler as unknown as Handler;
  submit = (await import('#functions/applications/submit-application.ts')).handler as unknown as Handler;
});

// A day of its own (far in the past), so the day's root covers this file's events only.
const day = `2003-0${1 + Math.floor(Math.random() * 9)}-${String(10 + Math.floor(Math.random() * 18))}`;
const at = (minute: number, on = day) => `${on}T10:${String(minute).padStart(2, '0')}:00.000Z`;
// The chain-write tests stamp their events today, so the sealed day holds the seal tests' events only.
const today = new Date().toISOString().slice(0, 10);
const event = (
  applicationId: string,
  minute: number,
  type: ApplicationEvent['type'] = 'APPLICATION_UPDATED',
  on = day,
): ApplicationEvent => ({
  applicationId,
  type,
  at: at(minute, on),
  actor: 'pro-audit',
  role: 'professional',
  details: { minute },
});
const partition = async (applicationId: string) => {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partitions.application(applicationId) },
      ConsistentRead: true,
    }),
  );
  return Items;
};

describe('hash chain writes', () => {
  it('appends concurrent writers one after the other: one chain, no fork, no lost event', async () => {
    const id = `app-audit-race-${randomUUID()}`;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        transactWithEvents(db, table, [], [event(id, i, 'APPLICATION_UPDATED', today)]),
      ),
    );
    const items = await partition(id);
    const events = items.filter((i) => parseKeys.isEvent(i.sk));
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(new Set(events.map((e) => (e.details as { minute: number }).minute)).size).toBe(12);
    expect(verifyChains(items, auditChainLayout).findings).toEqual([]);
    expect(await readChainHead(db, table, id)).toEqual({ seq: 12, hash: events[11]?.hash });
  });

  it('refuses the second of two writers that read the same head (the head condition)', async () => {
    const id = `app-audit-fork-${randomUUID()}`;
    await transactWithEvents(db, table, [], [event(id, 0, 'APPLICATION_UPDATED', today)]);
    const head = await readChainHead(db, table, id);
    const attempts = await Promise.allSettled(
      [1, 2].map((minute) =>
        db.send(
          new TransactWriteCommand({
            TransactItems: chainWrites(table, id, head, [event(id, minute, 'APPLICATION_UPDATED', today)]),
          }),
        ),
      ),
    );
    expect(attempts.map((a) => a.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = attempts.find((a) => a.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.name).toMatch(/TransactionCanceledException|TransactionConflictException/);
    const events = (await partition(id)).filter((i) => parseKeys.isEvent(i.sk));
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('chains the events of the real use cases, and GET …/history returns seq, prevHash and hash', async () => {
    const { professional, claims } = await givenProfessional(cloud);
    const app = await givenCompleteDraft(cloud, professional.id, 'cas-casablanca');
    const submitted = await submit(
      httpEvent({
        method: 'POST',
        path: `/applications/${app.id}/submission`,
        pathParameters: { applicationId: app.id },
        claims,
        headers: { 'idempotency-key': randomUUID() },
      }),
      lambdaContext('submit'),
    );
    expect(submitted.statusCode, String(submitted.body)).toBe(200);
    const reply = await history(
      httpEvent({
        path: `/applications/${app.id}/history`,
        pathParameters: { applicationId: app.id },
        claims,
      }),
      lambdaContext('history'),
    );
    expect(reply.statusCode).toBe(200);
    const { events } = JSON.parse(String(reply.body)) as { events: Record<string, unknown>[] };
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'APPLICATION_CREATED'],
      [2, 'APPLICATION_SUBMITTED'],
    ]);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    // Anyone holding the history can recompute each hash from what the route returned.
    for (const e of events) expect(eventHash(e)).toBe(e.hash);
  });
});

describe('daily root and verify:audit', () => {
  const a = `app-audit-a-${randomUUID()}`;
  const b = `app-audit-b-${randomUUID()}`;
  const c = `app-audit-c-${randomUUID()}`;

  beforeAll(async () => {
    await transactWithEvents(db, table, [], [event(a, 1, 'APPLICATION_CREATED'), event(a, 2), event(a, 3)]);
    await transactWithEvents(db, table, [], [event(b, 4, 'APPLICATION_CREATED')]);
    await transactWithEvents(db, table, [], [event(b, 5), event(b, 6)]);
    await transactWithEvents(db, table, [], [event(c, 7, 'APPLICATION_CREATED')]);
  });

  it('computes, signs and publishes the day’s root, which verifies with the published public key', async () => {
    const result = await sealDay({ date: day });
    expect(result).toMatchObject({ date: day, count: 7, mismatched: 0 });

    const read = async (key: string) =>
      (await s3
        .send(new GetObjectCommand({ Bucket: bucket, Key: key }))
        .then((o) => o.Body?.transformToString())) ?? '';
    const published = JSON.parse(await read(`audit/roots/${day}.json`));
    const pem = await read('audit/seal-public-key.pem');
    expect(published).toMatchObject({
      date: day,
      count: 7,
      root: result.root,
      keyId: cloud.outputs.auditSealKeyId,
      algorithm: 'ECDSA_SHA_256',
      publicKey: 'audit/seal-public-key.pem',
    });
    expect(published.statement).toBe(
      rootStatement(day, 7, String(result.root), cloud.outputs.auditSealKeyId),
    );
    // The published key is the seal key's, and the signature is KMS's over the statement's bytes.
    const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: cloud.outputs.auditSealKeyId }));
    expect(pem.replace(/-----[^-]+-----|\s/g, '')).toBe(Buffer.from(PublicKey ?? []).toString('base64'));
    const signature = Buffer.from(published.signature, 'base64');
    expect(verify('sha256', Buffer.from(published.statement), pem, signature)).toBe(true);
    expect(
      verify('sha256', Buffer.from(published.statement.replace(day, '2003-01-01')), pem, signature),
    ).toBe(false);

    // And by an independent implementation, as docs/audit.md tells an auditor to check it.
    const dir = mkdtempSync(path.join(tmpdir(), 'rukhsa-seal-'));
    writeFileSync(path.join(dir, 'statement.json'), published.statement);
    writeFileSync(path.join(dir, 'signature.der'), signature);
    writeFileSync(path.join(dir, 'seal-public-key.pem'), pem);
    const openssl = (file: string) =>
      promisify(execFile)(
        'openssl',
        ['dgst', '-sha256', '-verify', 'seal-public-key.pem', '-signature', 'signature.der', file],
        { cwd: dir },
      ).then(
        (r) => r.stdout.trim(),
        (e: { stdout: string }) => e.stdout.trim(),
      );
    expect(await openssl('statement.json')).toBe('Verified OK');
    writeFileSync(path.join(dir, 'forged.json'), published.statement.replace('"count":7', '"count":6'));
    expect(await openssl('forged.json')).toBe('Verification failure');

    // Sealed once: a second run (a scheduler retry) republishes the same root and signature.
    await sealDay({ date: day });
    expect(JSON.parse(await read(`audit/roots/${day}.json`)).signature).toBe(published.signature);
  });

  it('reports nothing on an untouched table', async () => {
    const report = await verifyAudit({ db, s3, table, bucket });
    expect(report.findings.map(describeFinding)).toEqual([]);
    expect(report.roots).toBeGreaterThanOrEqual(1);
    expect(report.events).toBeGreaterThanOrEqual(7);
  });

  it('reports an event edited in DynamoDB and one deleted, with the application and the position, and exits 1', async () => {
    const key = (id: string, seq: number) => ({
      pk: partitions.application(id),
      sk: sortKeys.applicationEvent(seq),
    });
    const originalA2 = (await db.send(new GetCommand({ TableName: table, Key: key(a, 2) }))).Item;
    const originalB2 = (await db.send(new GetCommand({ TableName: table, Key: key(b, 2) }))).Item;
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: key(a, 2),
        UpdateExpression: 'SET actor = :someone',
        ExpressionAttributeValues: { ':someone': 'someone-else' },
      }),
    );
    await db.send(new DeleteCommand({ TableName: table, Key: key(b, 2) }));
    try {
      const report = await verifyAudit({ db, s3, table, bucket });
      expect(report.findings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'edited', applicationId: a, seq: 2 }),
          expect.objectContaining({ kind: 'deleted', applicationId: b, seq: 2 }),
          expect.objectContaining({ kind: 'root', date: day }),
        ]),
      );
      expect(report.findings).toHaveLength(3);

      // The npm script itself, as an operator runs it: exit code 1, one line per finding.
      const run = await promisify(execFile)(
        process.execPath,
        [
          'scripts/verify-audit.ts',
          '--table',
          table,
          '--bucket',
          bucket,
          '--endpoint',
          cloud.endpoint,
          '--region',
          cloud.outputs.region,
        ],
        { env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } },
      ).then(
        () => ({ code: 0, stdout: '' }),
        (error: { code: number; stdout: string }) => error,
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`EDITED\\s+application ${a}\\s+seq 2`));
      expect(run.stdout).toMatch(new RegExp(`DELETED\\s+application ${b}\\s+seq 2`));
      expect(run.stdout).toMatch(new RegExp(`ROOT\\s+day ${day}`));
    } finally {
      // Put the trail back as it was, so the shared table stays clean for other tests.
      await db.send(new PutCommand({ TableName: table, Item: originalA2 }));
      await db.send(new PutCommand({ TableName: table, Item: originalB2 }));
    }
    expect((await verifyAudit({ db, s3, table, bucket })).findings).toEqual([]);
  });
});
