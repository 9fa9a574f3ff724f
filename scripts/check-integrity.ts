/**
 * `npm run ops:check-integrity -- [--table NAME --documents-bucket NAME --permits-bucket NAME]
 * [--compare-with SOURCE_TABLE] [--json]`: checks a table, typically one just restored to a point in
 * time (scripts/restore-table.ts), before a stage is pointed at it:
 * - counts per commune (applications, submitted files, approved payments, permits), and with
 *   `--compare-with` the same counts in another table (the source, for a restore to the latest time);
 * - receipt and quittance numbers: per commune and year exactly 1…n, no gap, no duplicate, and n equal
 *   to the commune's counter (a counter behind its numbers would hand out a number twice);
 * - every document version and every permit PDF the table names is in its bucket (at its version).
 * Read-only. Exit code 0 when nothing is wrong, 1 with the list of problems otherwise.
 * Without names it checks the local cloud of `npm start`.
 */

import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { parseKeys, sortKeys } from '../shared/adapters/dynamodb/keys.ts';
import { target } from './ops/target.ts';

export interface CommuneCounts {
  applications: number;
  submitted: number;
  approvedPayments: number;
  permits: number;
}

export interface IntegrityReport {
  ok: boolean;
  problems: string[];
  communes: Record<string, CommuneCounts>;
  checked: { items: number; receipts: number; quittances: number; documentVersions: number; permits: number };
}

export interface IntegrityDeps {
  db: DynamoDBDocumentClient;
  table: string;
  /** Whether the object (at that version, when given) exists. */
  objectExists: (bucket: string, key: string, versionId?: string) => Promise<boolean>;
  documentsBucket: string;
  permitsBucket: string;
  /** Another table whose counts per commune must be the same (the restore's source). */
  compareWith?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: raw table items of every entity, read field by field below.
type Item = Record<string, any>;
const RECEIPT = /^(.+)\/(\d{4})\/(\d{5,})$/;
const QUITTANCE = /^(.+)\/(\d{4})\/Q(\d{5,})$/;

async function* scan(db: DynamoDBDocumentClient, table: string): AsyncGenerator<Item> {
  for await (const page of paginateScan({ client: db }, { TableName: table, ConsistentRead: true }))
    for (const item of page.Items ?? []) yield item;
}

const counts = (communes: Record<string, CommuneCounts>, communeId: string) => {
  communes[communeId] ??= { applications: 0, submitted: 0, approvedPayments: 0, permits: 0 };
  return communes[communeId];
};

/**
 * Numbers issued per scope (commune/year) against the scope's counter: each scope must hold exactly
 * 1…counter, each once.
 */
export function sequenceProblems(
  label: string,
  issued: Map<string, { number: number; by: string }[]>,
  counters: Map<string, number>,
): string[] {
  const problems: string[] = [];
  for (const scope of new Set([...issued.keys(), ...counters.keys()])) {
    const numbers = (issued.get(scope) ?? []).sort((a, b) => a.number - b.number);
    const counter = counters.get(scope) ?? 0;
    const seen = new Map<number, string>();
    for (const { number, by } of numbers) {
      const first = seen.get(number);
      if (first) problems.push(`${label} ${scope}: number ${number} is held by both ${first} and ${by}`);
      else seen.set(number, by);
    }
    const missing: number[] = [];
    for (let n = 1; n <= counter; n++) if (!seen.has(n)) missing.push(n);
    if (missing.length > 0)
      problems.push(
        `${label} ${scope}: gap — number(s) ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', …' : ''} missing below the counter (${counter})`,
      );
    const beyond = [...seen.keys()].filter((n) => n > counter);
    if (beyond.length > 0)
      problems.push(
        `${label} ${scope}: number(s) ${beyond.slice(0, 20).join(', ')} above the counter (${counter}); the next one would be issued twice`,
      );
  }
  return problems;
}

function perCommune(items: Item[]): Record<string, CommuneCounts> {
  const communes: Record<string, CommuneCounts> = {};
  for (const item of items) {
    if (item.sk === sortKeys.application && typeof item.communeId === 'string') {
      const c = counts(communes, item.communeId);
      c.applications++;
      if (item.receiptNumber) c.submitted++;
    } else if (
      item.sk === sortKeys.payment &&
      item.status === 'APPROVED' &&
      typeof item.communeId === 'string'
    ) {
      counts(communes, item.communeId).approvedPayments++;
    } else if (item.sk === sortKeys.permit && typeof item.communeId === 'string') {
      counts(communes, item.communeId).permits++;
    }
  }
  return communes;
}

export async function checkIntegrity(deps: IntegrityDeps): Promise<IntegrityReport> {
  const items: Item[] = [];
  for await (const item of scan(deps.db, deps.table)) items.push(item);
  const problems: string[] = [];
  const receipts = new Map<string, { number: number; by: string }[]>();
  const quittances = new Map<string, { number: number; by: string }[]>();
  const receiptCounters = new Map<string, number>();
  const quittanceCounters = new Map<string, number>();
  const objects: { bucket: string; key: string; versionId?: string; what: string }[] = [];
  const push = (
    map: Map<string, { number: number; by: string }[]>,
    scope: string,
    number: number,
    by: string,
  ) => map.set(scope, [...(map.get(scope) ?? []), { number, by }]);

  for (const item of items) {
    const pk = String(item.pk);
    if (item.sk === sortKeys.application && item.receiptNumber) {
      const match = RECEIPT.exec(String(item.receiptNumber));
      if (!match) problems.push(`application ${item.id}: malformed receipt number ${item.receiptNumber}`);
      else push(receipts, `${match[1]}/${match[2]}`, Number(match[3]), `application ${item.id}`);
    } else if (item.sk === sortKeys.payment && item.status === 'APPROVED') {
      const match = QUITTANCE.exec(String(item.receiptNumber ?? ''));
      if (!match) problems.push(`payment ${item.orderId}: approved without a well-formed quittance number`);
      else push(quittances, `${match[1]}/${match[2]}`, Number(match[3]), `payment ${item.orderId}`);
    } else if (parseKeys.isReceiptCounter(pk, item.sk)) {
      const [, , communeId, year] = pk.split('#');
      receiptCounters.set(`${String(communeId).toUpperCase()}/${year}`, Number(item.sequence ?? 0));
    } else if (parseKeys.isQuittanceCounter(pk, item.sk)) {
      const [, , communeId, year] = pk.split('#');
      quittanceCounters.set(`${String(communeId).toUpperCase()}/${year}`, Number(item.sequence ?? 0));
    } else if (parseKeys.applicationId(pk) !== undefined && parseKeys.isDocument(item.sk) && item.key) {
      objects.push({
        bucket: deps.documentsBucket,
        key: item.key,
        ...(item.s3VersionId ? { versionId: item.s3VersionId } : {}),
        what: `document ${parseKeys.applicationId(pk)}/${item.code} v${item.version}`,
      });
    } else if (item.sk === sortKeys.permit && item.pdf?.key) {
      objects.push({
        bucket: deps.permitsBucket,
        key: item.pdf.key,
        ...(item.pdf.versionId ? { versionId: item.pdf.versionId } : {}),
        what: `permit ${item.permitNumber}`,
      });
    }
  }
  problems.push(...sequenceProblems('receipts', receipts, receiptCounters));
  problems.push(...sequenceProblems('quittances', quittances, quittanceCounters));

  // A few HEAD requests at a time: a restored stage may name hundreds of thousands of objects.
  for (let i = 0; i < objects.length; i += 16) {
    const batch = objects.slice(i, i + 16);
    const found = await Promise.all(batch.map((o) => deps.objectExists(o.bucket, o.key, o.versionId)));
    batch.forEach((o, j) => {
      if (!found[j])
        problems.push(
          `${o.what}: object s3://${o.bucket}/${o.key}${o.versionId ? ` (version ${o.versionId})` : ''} is missing`,
        );
    });
  }

  const communes = perCommune(items);
  if (deps.compareWith) {
    const other: Item[] = [];
    for await (const item of scan(deps.db, deps.compareWith)) other.push(item);
    const theirs = perCommune(other);
    for (const communeId of [...new Set([...Object.keys(communes), ...Object.keys(theirs)])].sort()) {
      const a = communes[communeId];
      const b = theirs[communeId];
      for (const field of ['applications', 'submitted', 'approvedPayments', 'permits'] as const) {
        if ((a?.[field] ?? 0) !== (b?.[field] ?? 0))
          problems.push(
            `commune ${communeId}: ${field} ${a?.[field] ?? 0} here, ${b?.[field] ?? 0} in ${deps.compareWith}`,
          );
      }
    }
  }
  const total = (map: Map<string, unknown[]>) => [...map.values()].reduce((n, list) => n + list.length, 0);
  return {
    ok: problems.length === 0,
    problems,
    communes,
    checked: {
      items: items.length,
      receipts: total(receipts),
      quittances: total(quittances),
      documentVersions: objects.filter((o) => o.bucket === deps.documentsBucket).length,
      permits: objects.filter((o) => o.bucket === deps.permitsBucket).length,
    },
  };
}

/** HEAD on the object (at its version): 404 is "missing", anything else is an error worth stopping for. */
export const s3ObjectExists =
  (s3: S3Client) =>
  async (bucket: string, key: string, versionId?: string): Promise<boolean> => {
    try {
      await s3.send(
        new HeadObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
      );
      return true;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (error as Error).name === 'NotFound' || (error as Error).name === 'NoSuchVersion')
        return false;
      throw error;
    }
  };

async function main() {
  const { values } = parseArgs({
    options: {
      table: { type: 'string' },
      'documents-bucket': { type: 'string' },
      'permits-bucket': { type: 'string' },
      'compare-with': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const { clientConfig, outputs } = target({ table: values.table });
  const table = values.table ?? outputs?.tableName;
  const documentsBucket = values['documents-bucket'] ?? outputs?.documentsBucket;
  const permitsBucket = values['permits-bucket'] ?? outputs?.permitsBucket;
  if (!table || !documentsBucket || !permitsBucket) {
    console.error(
      'Usage: npm run ops:check-integrity -- --table <name> --documents-bucket <name> --permits-bucket <name> [--compare-with <table>] [--json]',
    );
    process.exit(2);
  }
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig));
  const s3 = new S3Client({ ...clientConfig, forcePathStyle: Boolean(outputs) });
  const report = await checkIntegrity({
    db,
    table,
    documentsBucket,
    permitsBucket,
    objectExists: s3ObjectExists(s3),
    ...(values['compare-with'] ? { compareWith: values['compare-with'] } : {}),
  });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else {
    const c = report.checked;
    console.log(
      `${table}: ${c.items} items, ${Object.keys(report.communes).length} communes, ${c.receipts} receipts, ${c.quittances} quittances, ${c.documentVersions} document versions, ${c.permits} permits checked.`,
    );
    for (const problem of report.problems) console.log(`  ✗ ${problem}`);
    console.log(report.ok ? 'Integrity: OK' : `Integrity: ${report.problems.length} problem(s)`);
  }
  process.exit(report.ok ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
