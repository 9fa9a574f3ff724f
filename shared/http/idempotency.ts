import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { requiredEnv } from '../adapters/aws-config.ts';
import { dynamoClient } from '../adapters/dynamodb/client.ts';
import { TABLE_KEYS } from '../adapters/dynamodb/keys.ts';

/**
 * Powertools idempotency on the platform table: records live under `pk = idempotency#<function>`,
 * `sk = <hash of Idempotency-Key + caller>` and expire through the table's TTL attribute.
 * The key includes the caller's `sub` so two users can never collide on the same key, and the body
 * is the validation payload: the same key with another body is refused (422) rather than replayed.
 */
let persistenceStore: DynamoDBPersistenceLayer | undefined;

export function idempotent() {
  persistenceStore ??= new DynamoDBPersistenceLayer({
    tableName: requiredEnv('TABLE_NAME'),
    keyAttr: TABLE_KEYS.partition,
    sortKeyAttr: TABLE_KEYS.sort,
    expiryAttr: TABLE_KEYS.ttl,
    awsSdkV3Client: dynamoClient,
  });
  return makeHandlerIdempotent({
    persistenceStore,
    config: new IdempotencyConfig({
      // `a && b` yields null without the header, so a request without a key skips idempotency
      // instead of hashing the caller alone (which would replay one user's first request forever).
      eventKeyJmesPath:
        'headers."idempotency-key" && [headers."idempotency-key", requestContext.authorizer.jwt.claims.sub]',
      payloadValidationJmesPath: 'body',
      throwOnNoIdempotencyKey: false,
      expiresAfterSeconds: 24 * 60 * 60,
    }),
  });
}
