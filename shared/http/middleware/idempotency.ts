import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { optionalEnv } from '../../environment.ts';
import { idempotent } from '../idempotency.ts';

type Middleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/**
 * Powertools idempotency for a route that declares it (`idempotency` in its spec), attached by
 * `httpHandler` and built on the first request (it reads the table name then).
 */
export function idempotency(operationId: string): Middleware {
  let inner: Middleware | undefined;
  const built = () => {
    inner ??= withoutTable() ? {} : (idempotent(operationId) as Middleware);
    return inner;
  };
  return {
    // The returned value matters: a stored answer short-circuits the request.
    before: (request) => built().before?.(request),
    after: (request) => built().after?.(request),
    onError: (request) => built().onError?.(request),
  };
}

/** Only the HTTP layer's unit tests run with no table at all; a deployed function always has one. */
const withoutTable = () => !optionalEnv('TABLE_NAME') && !process.env.AWS_LAMBDA_FUNCTION_NAME;
