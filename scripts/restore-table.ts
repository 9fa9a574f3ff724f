/**
 * `npm run ops:restore-table -- --source <table> --target <new table> (--time <ISO time> | --latest)`:
 * restores the stage's table to a point in time into a NEW table (DynamoDB never overwrites a
 * table in place), then gives it what a restore does not carry over — the stream (the consumers
 * need NEW_AND_OLD_IMAGES), TTL on `expiresAt`, point-in-time recovery and deletion protection —
 * and prints the deploy command that points the stage at it (`-c rukhsa:tableName=…
 * -c rukhsa:tableStreamArn=…`, see infra/app.ts) and the integrity check to run first.
 * The procedure around it is in docs/operations.md ("Backup and restore").
 * Without `--source` it acts on the local cloud of `npm start`.
 */
import { parseArgs } from 'node:util';
import {
  DescribeTableCommand,
  DynamoDBClient,
  RestoreTableToPointInTimeCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { target } from './ops/target.ts';

export interface RestoreResult {
  tableName: string;
  tableArn: string;
  streamArn: string;
}

/** Restores `source` at `time` (or its latest restorable time) into `target` and makes it stage-ready. */
export async function restoreTable(
  db: DynamoDBClient,
  options: { source: string; target: string; time?: Date },
  log: (line: string) => void = console.log,
): Promise<RestoreResult> {
  log(
    `Restoring ${options.source} ${options.time ? `as of ${options.time.toISOString()}` : 'at its latest restorable time'} into ${options.target}…`,
  );
  await db.send(
    new RestoreTableToPointInTimeCommand({
      SourceTableName: options.source,
      TargetTableName: options.target,
      ...(options.time ? { RestoreDateTime: options.time } : { UseLatestRestorableTime: true }),
      BillingModeOverride: 'PAY_PER_REQUEST',
    }),
  );
  // A restore of a large table takes hours on AWS; wait up to a day.
  await waitUntilTableExists(
    { client: db, maxWaitTime: 24 * 3600, minDelay: 5 },
    { TableName: options.target },
  );
  await waitActive(db, options.target);
  log('Restored. Enabling the stream, TTL, point-in-time recovery and deletion protection…');
  const described = (await db.send(new DescribeTableCommand({ TableName: options.target }))).Table;
  if (!described?.StreamSpecification?.StreamEnabled) {
    await db.send(
      new UpdateTableCommand({
        TableName: options.target,
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    await waitActive(db, options.target);
  }
  await db.send(
    new UpdateTimeToLiveCommand({
      TableName: options.target,
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    }),
  );
  await db.send(
    new UpdateContinuousBackupsCommand({
      TableName: options.target,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    }),
  );
  await db.send(new UpdateTableCommand({ TableName: options.target, DeletionProtectionEnabled: true }));
  await waitActive(db, options.target);
  const table = (await db.send(new DescribeTableCommand({ TableName: options.target }))).Table;
  if (!table?.TableArn || !table.LatestStreamArn)
    throw new Error(`${options.target} has no ARN or stream after the restore`);
  return { tableName: options.target, tableArn: table.TableArn, streamArn: table.LatestStreamArn };
}

async function waitActive(db: DynamoDBClient, table: string) {
  for (let i = 0; i < 24 * 720; i++) {
    const status = (await db.send(new DescribeTableCommand({ TableName: table }))).Table?.TableStatus;
    if (status === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 5000));
  }
  throw new Error(`${table} did not become ACTIVE`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      source: { type: 'string' },
      target: { type: 'string' },
      time: { type: 'string' },
      latest: { type: 'boolean', default: false },
      stage: { type: 'string', default: 'prod' },
    },
  });
  const { clientConfig, outputs } = target({ table: values.source });
  const source = values.source ?? outputs?.tableName;
  if (!source || !values.target || (!values.time && !values.latest)) {
    console.error(
      'Usage: npm run ops:restore-table -- --source <table> --target <new table> (--time <ISO time> | --latest) [--stage prod]',
    );
    process.exit(2);
  }
  const time = values.time ? new Date(values.time) : undefined;
  if (time && Number.isNaN(time.getTime())) {
    console.error(`--time ${values.time} is not an ISO date-time (e.g. 2026-11-29T06:00:00Z)`);
    process.exit(2);
  }
  const restored = await restoreTable(new DynamoDBClient(clientConfig), {
    source,
    target: values.target,
    ...(time ? { time } : {}),
  });
  console.log(`
Restored table: ${restored.tableName}
Stream:         ${restored.streamArn}

1. Check it:  npm run ops:check-integrity -- --table ${restored.tableName} --documents-bucket <DocumentsBucketName> --permits-bucket <PermitsBucketName>${values.latest ? ` --compare-with ${source}` : ''}
2. Point the stage at it (functions, grants, stream consumers; the stateful stack keeps the old table):
   npx cdk deploy --all -c rukhsa:stage=${values.stage} -c rukhsa:tableName=${restored.tableName} -c rukhsa:tableStreamArn=${restored.streamArn}
   and keep these two -c options on every later deploy of the stage (docs/operations.md).`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
