import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { DomainError } from '../domain/errors.ts';
import { assertRole, type Principal } from '../domain/identity/principal.ts';
import { logger } from '../observability/logger.ts';
import { claimsOf, principalOf } from './principal.ts';
import { problem, problemResponse } from './problem.ts';
import type { RouteSpec } from './route.ts';
import { assertSessionActive, issuedAt } from './session.ts';
import { parseRequest } from './validation.ts';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

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

/** Maps anything thrown to problem+json; 4xx keep their message, 5xx never show internals. */
export function problemJsonErrors(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: (request) => {
      const error = request.error;
      const requestId = request.event.requestContext?.requestId ?? request.context.awsRequestId;
      const instance = request.event.rawPath;
      if (error instanceof DomainError) {
        if (error.status >= 500) logger.error('domain failure', { type: error.type, error });
        request.response = problemResponse(
          problem(error.status, error.type, error.title, error.message, { ...error.details, instance }),
        );
        return;
      }
      const idempotencyProblem = idempotencyErrorProblem(error);
      if (idempotencyProblem) {
        request.response = problemResponse({ ...idempotencyProblem, instance });
        return;
      }
      logger.error('unhandled error', { error, correlationId: requestId });
      request.response = problemResponse(
        problem(
          500,
          'internal',
          'Internal error',
          `Something went wrong on our side. Retry later; if it persists, quote correlation id ${requestId} to support.`,
          { correlationId: requestId, instance },
        ),
      );
    },
  };
}

/** Powertools idempotency errors are matched by name so this module does not import the library. */
function idempotencyErrorProblem(error: unknown) {
  const name = error instanceof Error ? error.name : '';
  if (name === 'IdempotencyValidationError')
    return problem(
      422,
      'idempotency-key-reused',
      'Idempotency key reused',
      'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
    );
  if (name === 'IdempotencyAlreadyInProgressError')
    return problem(
      409,
      'idempotency-in-progress',
      'Request in progress',
      'A request with this Idempotency-Key is still being processed. Retry in a few seconds.',
    );
  return undefined;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode: status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/**
 * The one way to build an HTTP handler: problem+json errors (outermost, so idempotency sees
 * failures and releases its key), logger with correlation id, optional extra middlewares
 * (idempotency), then access check → zod validation → the use case.
 */
export function httpHandler<S extends RouteSpec>(
  route: S,
  useCase: (request: HttpRequest<S>) => Promise<HttpReply<S>>,
  middlewares: MiddlewareObj<HttpEvent, HttpResult>[] = [],
) {
  const base = middy<HttpEvent, HttpResult, Error, Context>()
    .use(problemJsonErrors())
    .use(injectLambdaContext(logger, { resetKeys: true }));
  for (const middleware of middlewares) base.use(middleware);
  return base.handler(async (event) => {
    logger.setCorrelationId(event.requestContext.requestId);
    const principal = principalOf(event);
    if (route.access !== 'public') {
      if (!principal) throw unauthenticated();
      // A suspended account's tokens are refused here, on every route (see session.ts).
      await assertSessionActive(principal.username, issuedAt(claimsOf(event)));
      if (Array.isArray(route.access)) assertRole(principal, ...route.access);
    }
    const input = parseRequest(route, event);
    if (route.idempotency === 'required' && !headerOf(event, 'idempotency-key')) {
      throw new DomainError({
        type: 'idempotency-key-missing',
        status: 400,
        title: 'Idempotency-Key required',
        detail: 'Send an Idempotency-Key header (e.g. a UUID) so a retried request is not applied twice.',
      });
    }
    const reply = await useCase({
      ...input,
      principal,
      requestId: event.requestContext.requestId,
      event,
    } as HttpRequest<S>);
    if (route.response.contentType && route.response.contentType !== 'application/json') {
      const binary = reply.body instanceof Uint8Array;
      return {
        statusCode: reply.status ?? route.response.status,
        headers: { 'content-type': route.response.contentType, ...reply.headers },
        // Binary bodies (PDF) travel base64-encoded through API Gateway.
        body: binary ? Buffer.from(reply.body as Uint8Array).toString('base64') : String(reply.body),
        ...(binary ? { isBase64Encoded: true } : {}),
      };
    }
    // A JSON route may answer another representation (CSV) when the reply says so.
    const contentType = reply.headers?.['content-type'];
    if (typeof reply.body === 'string' && contentType && !contentType.includes('json')) {
      return {
        statusCode: reply.status ?? route.response.status,
        headers: reply.headers ?? {},
        body: reply.body,
      };
    }
    return json(reply.status ?? route.response.status, reply.body, reply.headers);
  });
}

export const headerOf = (event: HttpEvent, name: string): string | undefined => {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
};

const unauthenticated = () =>
  new DomainError({
    type: 'unauthenticated',
    status: 401,
    title: 'Unauthenticated',
    detail: 'Sign in and send your ID token as `Authorization: Bearer <token>`.',
  });
