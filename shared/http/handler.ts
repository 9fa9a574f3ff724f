import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Principal } from '../domain/identity/principal.ts';
import { logger } from '../observability/logger.ts';
import { accessLog } from './middleware/access-log.ts';
import { activeSession } from './middleware/active-session.ts';
import { authenticate } from './middleware/authenticate.ts';
import { authorize } from './middleware/authorize.ts';
import { idempotency } from './middleware/idempotency.ts';
import { problemJsonErrors } from './middleware/problem-json.ts';
import { serialize, serializedOnce } from './middleware/serialize.ts';
import { stateOf } from './middleware/state.ts';
import { validate } from './middleware/validate.ts';
import { type RouteSpec, validates } from './route.ts';
import { accessMarkers } from './session.ts';
import { totpEnrolment } from './totp.ts';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;
export { problemJsonErrors, serializedOnce };

type Infer<T> = T extends z.core.$ZodType ? z.infer<T> : undefined;

export interface HttpRequest<S extends RouteSpec> {
  params: Infer<NonNullable<NonNullable<S['request']>['params']>>;
  query: Infer<NonNullable<NonNullable<S['request']>['query']>>;
  body: Infer<NonNullable<NonNullable<S['request']>['body']>>;
  /** Present on every non-public route (the gateway has verified the token). */
  principal: S['access'] extends 'public' ? Principal | undefined : Principal;
  requestId: string;
  event: HttpEvent;
}

export interface HttpReply<S extends RouteSpec> {
  status?: number;
  body: z.input<S['response']['schema']>;
  headers?: Record<string, string>;
}

/**
 * The one way to build an HTTP handler, from the route spec alone. Middlewares, outermost first:
 * the access log (a debug line per answer), problem+json errors (so idempotency sees failures and
 * releases its key), the logger with the request id as correlation id, idempotency when the route
 * declares it, then authenticate → active session → authorize (role) → validate → the use case →
 * serialize (before idempotency stores the answer).
 */
export function httpHandler<S extends RouteSpec>(
  route: S,
  useCase: (request: HttpRequest<S>) => Promise<HttpReply<S>>,
) {
  const handler = middy<HttpEvent, HttpResult, Error, Context>()
    .use(accessLog(route.operationId))
    .use(problemJsonErrors())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({ before: ({ event }) => logger.setCorrelationId(event.requestContext.requestId) });
  // The function construct defines ROUTE_IDEMPOTENCY at bundle time from the same spec: where it is
  // 'off' the bundler drops this branch (most of the library with it). Unbundled (tests) it is unset.
  if (process.env.ROUTE_IDEMPOTENCY !== 'off' && route.idempotency)
    handler.use(idempotency(route.operationId));
  handler.use(authenticate(route));
  // Defined at bundle time too (ROUTE_PUBLIC): public routes drop the session check they would skip;
  // ROUTE_TOTP: routes no ministry administrator or province contact may call drop the TOTP check
  // (and the Cognito client with it).
  if (process.env.ROUTE_PUBLIC !== 'true')
    handler.use(
      activeSession(route, accessMarkers, process.env.ROUTE_TOTP !== 'off' ? totpEnrolment : undefined),
    );
  handler.use(authorize(route));
  // Likewise ROUTE_VALIDATION: a route with nothing to validate leaves zod's locales out of its bundle.
  if (process.env.ROUTE_VALIDATION !== 'off' && validates(route)) handler.use(validate(route));
  handler.use(serialize(route));
  return handler.handler(async (event) => {
    const { principal, input } = stateOf(event);
    const reply = await useCase({
      ...input,
      principal,
      requestId: event.requestContext.requestId,
      event,
    } as HttpRequest<S>);
    // serialize() turns the reply into the HTTP answer on the way out.
    return reply as unknown as HttpResult;
  });
}
