/**
 * `npm run verify:audit`: recomputes every application's hash chain and every published daily root
 * (and checks each root's seal with the published public key), and reports any edited, inserted or
 * deleted event with its application and position. Exits 1 when it finds anything.
 *
 * Against the local cloud by default (.local/outputs.json). Elsewhere:
 *   npm run verify:audit -- --table <TableName> --bucket <OpenDataBucket> [--endpoint URL] [--region R]
 *                           [--public-key seal.pem]  (a copy of the seal key kept apart; default: the published one)
 *                           [--json]
 * It reads the whole table (a parallel Scan of the application partitions): an auditor's tool, run
 * with read-only credentials, not a function of the platform.
 */

import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { auditChainLayout, parseKeys, partitions, sortKeys } from '../shared/adapters/dynamodb/keys.ts';
import { rootObjectKey, SEAL_PUBLIC_KEY_OBJECT, type SealedRoot } from '../shared/domain/audit/daily-root.ts';
import { type Finding, verifyChains, verifyRoots } from '../shared/domain/audit/verify.ts';
import type { StackOutputs } from './local-cloud/deploy.ts';
import { OUTPUTS_FILE } from './local-cloud/paths.ts';

export interface AuditReport {
  applications: number;
  events: number;
  roots: number;
  findings: Finding[];
}

const SEGMENTS = 4;

async function scanChains(db: DynamoDBDocumentClient, table: string): Promise<Record<string, unknown>[]> {
  const segment = async (n: number) => {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new ScanCommand({
          TableName: table,
          Segment: n,
          TotalSegments: SEGMENTS,
          ExclusiveStartKey: start,
          // Every item of an application partition that is an event or the chain head, whatever it holds.
          FilterExpression: 'begins_with(pk, :app) AND (begins_with(sk, :event) OR sk = :head)',
          ExpressionAttributeValues: {
            ':app': partitions.application(''),
            ':event': sortKeys.events,
            ':head': sortKeys.auditHead,
          },
        }),
      );
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  };
  return (await Promise.all(Array.from({ length: SEGMENTS }, (_, n) => segment(n)))).flat();
}

async function readChain(db: DynamoDBDocumentClient, table: string, pk: string) {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    out.push(...(page.Items ?? []).filter((i) => parseKeys.isEvent(i.sk) || i.sk === sortKeys.auditHead));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

async function readText(s3: S3Client, bucket: string, key: string): Promise<string> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!Body) throw new Error(`s3://${bucket}/${key} is empty`);
  return Body.transformToString();
}

async function publishedRoots(s3: S3Client, bucket: string) {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'audit/roots/', ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) if (o.Key?.endsWith('.json')) keys.push(o.Key);
    token = page.NextContinuationToken;
  } while (token);
  const files = await Promise.all(
    keys.map(async (key) => {
      try {
        return { key, root: JSON.parse(await readText(s3, bucket, key)) as SealedRoot };
      } catch {
        return { key, root: undefined };
      }
    }),
  );
  // A file must be a root and sit at its own date's key: a root copied onto another day is not that day's.
  return {
    roots: files.flatMap(({ key, root }) => (root && rootObjectKey(String(root.date)) === key ? [root] : [])),
    unreadable: files.flatMap(({ key, root }) =>
      root && rootObjectKey(String(root.date)) === key ? [] : [key],
    ),
  };
}

/** The whole check: chains from the table, roots and the seal's public key from the open-data bucket. */
export async function verifyAudit(args: {
  db: DynamoDBDocumentClient;
  s3: S3Client;
  table: string;
  bucket: string;
  publicKeyPem?: string;
}): Promise<AuditReport> {
  let items = await scanChains(args.db, args.table);
  // A Scan is no snapshot: an application written to while it runs may show its head and its last
  // event from different instants. Each chain with a finding is read again, whole and strongly
  // consistent, before it is reported.
  const suspects = new Set(
    verifyChains(items, auditChainLayout).findings.flatMap((f) =>
      f.applicationId ? [partitions.application(f.applicationId)] : [],
    ),
  );
  if (suspects.size > 0) {
    const again = await Promise.all([...suspects].map((pk) => readChain(args.db, args.table, pk)));
    items = [...items.filter((i) => !suspects.has(String(i.pk))), ...again.flat()];
  }
  const { findings, leaves } = verifyChains(items, auditChainLayout);
  const { roots, unreadable } = await publishedRoots(args.s3, args.bucket);
  for (const key of unreadable)
    findings.push({ kind: 'root', date: key, detail: 'not a daily root, or not at its own date' });
  if (roots.length > 0) {
    const pem = args.publicKeyPem ?? (await readText(args.s3, args.bucket, SEAL_PUBLIC_KEY_OBJECT));
    findings.push(...verifyRoots(roots, leaves, pem));
  }
  return {
    applications: new Set(items.map((i) => i.pk)).size,
    events: items.filter((i) => i.sk !== sortKeys.auditHead).length,
    roots: roots.length,
    findings,
  };
}

export const describeFinding = (f: Finding): string =>
  [
    f.kind.toUpperCase().padEnd(9),
    f.applicationId ? `application ${f.applicationId}` : `day ${f.date}`,
    f.seq === undefined ? '' : `seq ${f.seq}`,
    `— ${f.detail}`,
  ]
    .filter(Boolean)
    .join('  ');

async function main() {
  const { values } = parseArgs({
    options: {
      table: { type: 'string' },
      bucket: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      'public-key': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  let table = values.table;
  let bucket = values.bucket;
  let config: Record<string, unknown> = {
    ...(values.region ? { region: values.region } : {}),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
  };
  if (!table || !bucket) {
    if (!existsSync(OUTPUTS_FILE)) {
      console.error(
        'No local cloud outputs (.local/outputs.json): run `npm start` first, or pass --table and --bucket.',
      );
      process.exit(2);
    }
    const outputs = JSON.parse(readFileSync(OUTPUTS_FILE, 'utf8')) as StackOutputs;
    table ??= outputs.tableName;
    bucket ??= outputs.openDataBucket;
    config = {
      region: outputs.region,
      endpoint: values.endpoint ?? new URL(outputs.apiUrl).origin,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
  }
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(config));
  const s3 = new S3Client({ ...config, forcePathStyle: Boolean(config.endpoint) });
  const report = await verifyAudit({
    db,
    s3,
    table,
    bucket,
    ...(values['public-key'] ? { publicKeyPem: readFileSync(values['public-key'], 'utf8') } : {}),
  });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else {
    console.log(
      `Checked ${report.events} event(s) of ${report.applications} application(s) and ${report.roots} daily root(s).`,
    );
    for (const f of report.findings) console.log(describeFinding(f));
    console.log(
      report.findings.length === 0
        ? 'Clean: every chain and every sealed day verifies.'
        : `${report.findings.length} finding(s).`,
    );
  }
  process.exit(report.findings.length === 0 ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
