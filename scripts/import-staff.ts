/**
 * `npm run import:staff -- file.csv [--table NAME --user-pool ID --email-from ADDRESS --actor NAME]`:
 * creates or updates civil-servant accounts from a CSV (header
 * `email,roles,communeId,provinceId,agencyId,firstName,lastName,title,phone,preferredLanguage`;
 * several roles as `desk_agent|signatory`). Every row is validated first (fields, roles against
 * scope, communes and provinces exist); if any is bad, the errors are listed with their line and
 * nothing is written. Accounts are matched by e-mail: a row equal to the stored account changes
 * nothing, so re-running the same file is a no-op. Each account lands whole (record + Cognito user,
 * or neither). The import acts as the ministry (national reach) under the `--actor` name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CognitoIdentityProvider } from '../shared/adapters/cognito/identity-provider.ts';
import { DynamoGeoRepository } from '../shared/adapters/dynamodb/geo-repository.ts';
import { DynamoStaffRepository } from '../shared/adapters/dynamodb/staff-repository.ts';
import { SesEmailSender } from '../shared/adapters/messaging/email-sender.ts';
import type { CsvRowError } from '../shared/domain/geo/commune-csv.ts';
import type { Principal } from '../shared/domain/identity/principal.ts';
import type { EmailSender } from '../shared/domain/notifications/ports.ts';
import type { StaffDirectory } from '../shared/domain/rollout/ports.ts';
import { parseStaffCsv } from '../shared/domain/rollout/staff-csv.ts';
import { createStaff, updateStaff } from '../shared/domain/rollout/use-cases/staff.ts';
import type { StackOutputs } from './local-cloud/deploy.ts';
import { OUTPUTS_FILE } from './local-cloud/paths.ts';

export interface StaffImportResult {
  ok: boolean;
  created: number;
  updated: number;
  unchanged: number;
  errors: CsvRowError[];
}

export interface StaffImportDeps {
  staff: DynamoStaffRepository;
  geo: DynamoGeoRepository;
  directory: StaffDirectory;
  mailer: EmailSender;
  loginUrl: string;
}

export async function importStaff(
  csvText: string,
  deps: StaffImportDeps,
  actor: string,
  log: (line: string) => void = console.log,
  now = new Date(),
): Promise<StaffImportResult> {
  const principal: Principal = { userId: actor, username: actor, roles: ['ministry_admin'], scope: {} };
  // Communes and provinces the file names, looked up once before any row is judged.
  const communeIds = new Set<string>();
  const provinceIds = new Set<string>();
  for (const line of csvText.split(/\r?\n/).slice(1)) {
    for (const cell of line.split(',')) {
      const value = cell.trim().replace(/^"|"$/g, '');
      if (/^[a-z]{3}-[a-z0-9-]+$/.test(value)) communeIds.add(value);
      if (/^MA-[A-Z]{3}$/.test(value)) provinceIds.add(value);
    }
  }
  const communeProvinces = new Map<string, string>();
  for (const id of communeIds) {
    const commune = await deps.geo.getCommune(id);
    if (commune) communeProvinces.set(id, commune.provinceId);
  }
  const provinces = new Set<string>(communeProvinces.values());
  for (const id of provinceIds) if (await deps.geo.getProvince(id)) provinces.add(id);

  const { rows, errors } = parseStaffCsv(csvText, { principal, communeProvinces, provinces });
  if (errors.length > 0) return { ok: false, created: 0, updated: 0, unchanged: 0, errors };
  log(`Validated ${rows.length} account(s); writing …`);
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const [index, row] of rows.entries()) {
    const existing = await deps.staff.findByEmail(row.input.email);
    if (!existing) {
      await createStaff(deps, principal, row.input, now, 'import');
      created++;
    } else {
      const next = await updateStaff(
        deps,
        principal,
        existing.username,
        {
          roles: row.input.roles,
          communeId: row.input.communeId ?? null,
          provinceId: row.input.provinceId ?? null,
          agencyId: row.input.agencyId ?? null,
          firstName: row.input.firstName,
          lastName: row.input.lastName,
          title: row.input.title,
          phone: row.input.phone,
          preferredLanguage: row.input.preferredLanguage,
          version: existing.version,
        },
        now,
        'import',
      );
      if (next.version === existing.version) unchanged++;
      else updated++;
    }
    log(`  ${index + 1}/${rows.length} line ${row.line}`);
  }
  return { ok: true, created, updated, unchanged, errors: [] };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      table: { type: 'string' },
      'user-pool': { type: 'string' },
      'email-from': { type: 'string' },
      'login-url': { type: 'string' },
      actor: { type: 'string', default: process.env.USER ?? 'import' },
    },
  });
  const file = positionals[0];
  if (!file || !existsSync(file)) {
    console.error(
      'Usage: npm run import:staff -- <file.csv> [--table <TableName> --user-pool <UserPoolId> --email-from <address>] [--actor <name>]',
    );
    process.exit(2);
  }
  let tableName = values.table;
  let userPoolId = values['user-pool'];
  let clientConfig = {};
  if (!tableName || !userPoolId) {
    if (!existsSync(OUTPUTS_FILE)) {
      console.error(
        'No local cloud outputs (.local/outputs.json): run `npm start` first, or pass --table and --user-pool for AWS.',
      );
      process.exit(2);
    }
    const outputs = JSON.parse(readFileSync(OUTPUTS_FILE, 'utf8')) as StackOutputs;
    tableName = outputs.tableName;
    userPoolId = outputs.userPoolId;
    clientConfig = {
      region: outputs.region,
      endpoint: new URL(outputs.apiUrl).origin,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
  }
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const result = await importStaff(
    readFileSync(file, 'utf8'),
    {
      staff: new DynamoStaffRepository(db, tableName),
      geo: new DynamoGeoRepository(db, tableName),
      directory: new CognitoIdentityProvider(new CognitoIdentityProviderClient(clientConfig), userPoolId),
      mailer: new SesEmailSender(
        new SESv2Client(clientConfig),
        values['email-from'] ?? 'Rukhsa <no-reply@local.rukhsa.ma>',
      ),
      loginUrl: values['login-url'] ?? 'http://localhost:5173/connexion',
    },
    values.actor ?? 'import',
  );
  if (!result.ok) {
    console.error(`${file}: ${result.errors.length} bad row(s); nothing was imported.`);
    for (const error of result.errors) console.error(`  line ${error.line}: ${error.message}`);
    process.exit(1);
  }
  console.log(
    `Imported ${result.created + result.updated + result.unchanged} account(s): ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged.`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
