/** The accounts' access markers, written by the owner ending their sessions. See once.ts. */
import { DynamoAccessMarkers } from '#shared/adapters/dynamodb/access-markers.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { env, optionalEnv } from '#shared/environment.ts';
import { once } from './once.ts';

/**
 * On ACCESS_TABLE, which the session check's grant sets on every authenticated route (the platform
 * table; TABLE_NAME for handlers called in-process by the integration tests).
 */
export const sessionRevocations = /* @__PURE__ */ once(
  () => new DynamoAccessMarkers(documentClient(), optionalEnv('ACCESS_TABLE') ?? env('TABLE_NAME')),
);
