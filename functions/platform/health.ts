import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { healthRoute } from './routes.ts';

const tableName = requiredEnv('TABLE_NAME');

/** Reads the reference-data seed marker: proves the table answers and tells whether the seed ran. */
export const handler = httpHandler(healthRoute, async () => {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: keys.seedMarker('reference') }),
  );
  return {
    body: {
      status: 'ok' as const,
      stage: process.env.STAGE ?? 'unknown',
      version: process.env.APP_VERSION ?? 'dev',
      referenceData: Item ? ('loaded' as const) : ('missing' as const),
      time: new Date().toISOString(),
    },
    headers: { 'cache-control': 'no-store' },
  };
});
