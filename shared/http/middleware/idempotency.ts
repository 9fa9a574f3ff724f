import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { optionalEnv } from '../../environment.ts';

type Middleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/**
 * Powertools idempotency for a route that declares it (`idempotency` in its spec), attached by
 * `httpHandler` and built on the first request (it reads the table name then).
 */
export function idempotency(operationId: string): Middleware {
  let inner: Middleware | undefined;
  // Imported on the first request, not at module load: the library (with its JMESPath engine and
  // cache) is then neither evaluated in the cold start nor, where the bundler drops this middleware
  // (ROUTE_IDEMPOTENCY=off), bundled at all.
  const built = async () => {
    inner ??= withoutTable()
      ? {}
      : ((await import('../idempotency.ts')).idempotent(operationId) as Middleware);
    return inner;
  };
  return {
    // The returned value matters: a stored answer short-circuits the request.
    before: async (request) => (await built()).before?.(request),
    after: async (request) => (await built()).after?.(request),
    onError: async (request) => (await built()).onError?.(request),
  };
}

/** Only the HTTP layer's unit tests run with no table at all; a deployed function always has one. */
const withoutTable = () => !optionalEnv('TABLE_NAME') && !process.env.AWS_LAMBDA_FUNCTION_NAME;
