/**
 * `npm run seed:reference -- --table <TableName>`: loads the shipped regions, provinces and communes
 * (data/geo/) into a deployed table on AWS, with the credentials and region of the environment.
 * Idempotent: skipped when the same data is already there. (`npm start` does this locally.)
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadReferenceDataInto } from './local-cloud/seed.ts';

const { values } = parseArgs({ options: { table: { type: 'string' } } });
if (!values.table) {
  console.error(
    'Usage: npm run seed:reference -- --table <TableName>  (the TableName output of Rukhsa-<stage>-Stateful)',
  );
  process.exit(2);
}
await loadReferenceDataInto(DynamoDBDocumentClient.from(new DynamoDBClient({})), values.table, console.log);
