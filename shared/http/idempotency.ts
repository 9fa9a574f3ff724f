import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { dynamoClient } from '../adapters/dynamodb/client.ts';
import { partitions, TABLE_KEYS } from '../adapters/dynamodb/keys.ts';
import { env } from '../environment.ts';

/** Body fields that are secrets: never part of what an idempotency record keeps, even hashed. */
const SECRET_FIELD = /^(password|newPassword|currentPassword|pin|currentPin|newPin|code)$|secret|token/i;

/**
 * The body with each secret field (top level and nested) replaced by its JSON type, or the raw body
 * if it is not JSON. The type stays so that a retry that drops the secret (or sends another type) is
 * another request, refused as such, not a replay of the first answer.
 */
export function idempotencyPayload(body: string | undefined): unknown {
  if (body === undefined) return null;
  const scrub = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(scrub)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value).map(([key, v]) => [
              key,
              SECRET_FIELD.test(key) ? `<secret ${v === null ? 'null' : typeof v}>` : scrub(v),
            ]),
          )
        : value;
  try {
    return scrub(JSON.parse(body));
  } catch {
    return body;
  }
}

/**
 * Powertools idempotency on the platform table: records live under `pk = IDEMPOTENCY#<operationId>`,
 * `sk = <hash of Idempotency-Key + caller>` and expire after 24 h through the table's TTL attribute.
 * The key includes the caller's `sub` so two users can never collide on the same key, and the body
 * is the validation payload: the same key with another body is refused (422) rather than replayed.
 * Hashes are SHA-256, and the validation payload is the body **without its secret fields**
 * (passwords, PINs, codes, tokens): a record never holds a secret, not even as a hash one could
 * test guesses against. The stored response is the use case's answer, which carries no secret.
 */
export function idempotent(operationId: string) {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: env('TABLE_NAME'),
    keyAttr: TABLE_KEYS.partition,
    sortKeyAttr: TABLE_KEYS.sort,
    staticPkValue: partitions.idempotency(operationId),
    expiryAttr: TABLE_KEYS.ttl,
    awsSdkV3Client: dynamoClient(),
  });
  const middleware = makeHandlerIdempotent({
    persistenceStore,
    config: new IdempotencyConfig({
      // `a && b` yields null without the header, so a request without a key skips idempotency
      // instead of hashing the caller alone (which would replay one user's first request forever).
      eventKeyJmesPath:
        'headers."idempotency-key" && [headers."idempotency-key", requestContext.authorizer.jwt.claims.sub]',
      payloadValidationJmesPath: 'idempotencyPayload',
      hashFunction: 'sha256',
      throwOnNoIdempotencyKey: false,
      expiresAfterSeconds: 24 * 60 * 60,
    }),
  });
  // Powertools' onError deletes the stored record whenever the request fails, including when the
  // failure is its own IdempotencyValidationError / AlreadyInProgressError raised in `before`: a key
  // reused with another body would erase the first request's record (and a concurrent duplicate would
  // erase the in-flight one). Those errors concern a record that belongs to another request: keep it.
  return {
    before: async (request: Parameters<NonNullable<typeof middleware.before>>[0]) => {
      (request.event as { idempotencyPayload?: unknown }).idempotencyPayload = idempotencyPayload(
        (request.event as { body?: string }).body,
      );
      return middleware.before?.(request);
    },
    after: middleware.after,
    onError: async (request: Parameters<NonNullable<typeof middleware.onError>>[0]) => {
      if (request.error?.name.startsWith('Idempotency')) return;
      await middleware.onError?.(request);
    },
  };
}
