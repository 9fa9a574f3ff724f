import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '../../domain/errors.ts';
import { logger } from '../../observability/logger.ts';
import { languageHeaders, negotiateLanguage } from '../i18n/language.ts';
import { localizeProblem } from '../i18n/localize.ts';
import { domainProblem, problem, problemResponse } from '../problem.ts';

type HttpEvent = APIGatewayProxyEventV2;
type HttpResult = APIGatewayProxyStructuredResultV2;

/**
 * Maps anything thrown to problem+json in the caller's language (Accept-Language, else the profile's,
 * else French; `Content-Language` and `Vary` say so); 4xx keep their message, 5xx never show internals.
 */
export function problemJsonErrors(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: async (request) => {
      const error = request.error;
      const requestId = request.event.requestContext?.requestId ?? request.context.awsRequestId;
      const instance = request.event.rawPath;
      const language = negotiateLanguage(request.event);
      const headers = languageHeaders(language);
      if (error instanceof DomainError) {
        request.response = problemResponse(
          await localizeProblem(domainProblem(error, { instance }), language, error.kind),
          headers,
        );
        return;
      }
      const idempotencyProblem = idempotencyErrorProblem(error);
      if (idempotencyProblem) {
        request.response = problemResponse(
          await localizeProblem({ ...idempotencyProblem, instance }, language),
          headers,
        );
        return;
      }
      logger.error('unhandled error', { error, correlationId: requestId });
      request.response = problemResponse(
        await localizeProblem(
          problem(
            500,
            'internal',
            'Internal error',
            `Something went wrong on our side. Retry later; if it persists, quote correlation id ${requestId} to support.`,
            { correlationId: requestId, instance },
          ),
          language,
        ),
        headers,
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
