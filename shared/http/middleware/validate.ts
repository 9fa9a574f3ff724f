import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../../domain/errors.ts';
import { headerOf } from '../headers.ts';
import { negotiateLanguage } from '../i18n/language.ts';
import type { RouteSpec } from '../route.ts';
import { parseRequest } from '../validation.ts';
import { stateOf } from './state.ts';

/**
 * zod validation of path, query and body (every failing field at once), then the
 * `Idempotency-Key` a route declares as required.
 */
export const validate = (route: RouteSpec): MiddlewareObj<APIGatewayProxyEventV2> => ({
  before: async ({ event }) => {
    stateOf(event).input = await parseRequest(route, event, negotiateLanguage(event));
    if (route.idempotency === 'required' && !headerOf(event, 'idempotency-key')) {
      throw new DomainError({
        type: 'idempotency-key-missing',
        kind: 'invalid',
        title: 'Idempotency-Key required',
        detail: 'Send an Idempotency-Key header (e.g. a UUID) so a retried request is not applied twice.',
      });
    }
  },
});
