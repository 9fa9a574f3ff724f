/**
 * `npm run import:communes -- file.csv [--table NAME]`: creates or updates communes from a CSV
 * (header `id,provinceId,nameFr,nameAr,kind,population`, optionally followed by `,code`). Every row
 * is validated first; if any is bad, the errors are listed with their line and nothing is written.
 * An update keeps the commune's desk mailbox, and its official code when the row has none. Against the local cloud by
 * default (.local/outputs.json); with `--table` and AWS credentials in the environment, against AWS.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoGeoRepository } from '../shared/adapters/dynamodb/geo-repository.ts';
import { parseCommuneCsv } from '../shared/domain/geo/commune-csv.ts';
import type { Commune, Province } from '../shared/domain/geo/geo.ts';
import { keepCode } from '../shared/domain/geo/use-cases.ts';
import type { StackOutputs } from './local-cloud/deploy.ts';
import { OUTPUTS_FILE } from './local-cloud/paths.ts';

export interface ImportResult {
  ok: boolean;
  created: number;
  updated: number;
  errors: { line: number; message: string }[];
}

export async function importCommunes(
  csvText: string,
  repo: DynamoGeoRepository,
  log: (line: string) => void = console.log,
  now = new Date(),
): Promise<ImportResult> {
  const provinces = new Map<string, Province>();
  for (const region of await repo.listRegions()) {
    for (const province of await repo.listProvinces(region.id)) provinces.set(province.id, province);
  }
  if (provinces.size === 0)
    throw new Error('No provinces in the table: seed the reference data first (`npm start`).');
  const { communes, errors } = parseCommuneCsv(csvText, provinces, now);
  if (errors.length > 0) return { ok: false, created: 0, updated: 0, errors };
  const existing = new Map<string, Commune>();
  for (const provinceId of new Set(communes.map((c) => c.provinceId))) {
    for (const commune of await repo.listCommunes(provinceId)) existing.set(commune.id, commune);
  }
  log(`Validated ${communes.length} commune(s); writing …`);
  // A CSV has no desk mailbox, and may have no code: an update keeps what the commune already has.
  const merged = communes.map((c) => {
    const before = existing.get(c.id);
    return { ...c, ...keepCode(c, before), ...(before?.deskEmail ? { deskEmail: before.deskEmail } : {}) };
  });
  await repo.putReferenceData({ communes: merged }, (done, total) => log(`  ${done}/${total}`));
  const updated = communes.filter((c) => existing.has(c.id)).length;
  return { ok: true, created: communes.length - updated, updated, errors: [] };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { table: { type: 'string' } },
  });
  const file = positionals[0];
  if (!file || !existsSync(file)) {
    console.error('Usage: npm run import:communes -- <file.csv> [--table <TableName>]');
    process.exit(2);
  }
  let tableName = values.table;
  let clientConfig = {};
  if (!tableName) {
    if (!existsSync(OUTPUTS_FILE)) {
      console.error(
        'No local cloud outputs (.local/outputs.json): run `npm start` first, or pass --table for AWS.',
      );
      process.exit(2);
    }
    const outputs = JSON.parse(readFileSync(OUTPUTS_FILE, 'utf8')) as StackOutputs;
    tableName = outputs.tableName;
    clientConfig = {
      region: outputs.region,
      endpoint: new URL(outputs.apiUrl).origin,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
  }
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig));
  const result = await importCommunes(readFileSync(file, 'utf8'), new DynamoGeoRepository(db, tableName));
  if (!result.ok) {
    console.error(`${file}: ${result.errors.length} bad row(s); nothing was imported.`);
    for (const error of result.errors) console.error(`  line ${error.line}: ${error.message}`);
    process.exit(1);
  }
  console.log(
    `Imported ${result.created + result.updated} commune(s): ${result.created} new, ${result.updated} updated.`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
