import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '../../observability/logger.ts';

/**
 * One debug line per request, once its answer is known: the operation, the route template (never
 * the path or query, which can hold a CIN or a name), the status and the duration. Debug is the
 * local stage's level; other stages log at INFO and drop it.
 *
 * Outermost, so it sees the answer problemJsonErrors made of an error. The line also matters to the
 * local cloud: after each invocation MiniStack (1.5.33, `Worker._drain_stderr_bounded` in
 * core/lambda_runtime.py) waits 50 ms for a log line when the function wrote none, and 5 ms after
 * the last one when it did; a silent route paid the 50 ms on every call.
 */
type Middleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

export function accessLog(operationId: string): Middleware {
  // Keyed by middy's request object: in-process tests run one handler many times at once.
  const started = new WeakMap<object, number>();
  const line: NonNullable<Middleware['after']> = (request) => {
    const { event, response } = request;
    logger.debug('request', {
      operation: operationId,
      route: event.requestContext?.routeKey,
      status: response?.statusCode,
      ms: Math.round(performance.now() - (started.get(request) ?? performance.now())),
      requestId: event.requestContext?.requestId,
    });
  };
  return {
    before: (request) => {
      started.set(request, performance.now());
    },
    after: line,
    onError: line,
  };
}
