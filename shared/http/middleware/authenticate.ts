import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../../domain/errors.ts';
import { principalOf } from '../principal.ts';
import { isPublic, type RouteSpec } from '../route.ts';
import { stateOf } from './state.ts';

/** Builds the principal from the verified claims; a non-public route without one answers 401. */
export const authenticate = (route: Pick<RouteSpec, 'access'>): MiddlewareObj<APIGatewayProxyEventV2> => ({
  before: ({ event }) => {
    const principal = principalOf(event);
    if (!principal && !isPublic(route)) throw unauthenticated();
    if (principal) stateOf(event).principal = principal;
  },
});

const unauthenticated = () =>
  new DomainError({
    type: 'unauthenticated',
    kind: 'unauthenticated',
    title: 'Unauthenticated',
    detail: 'Sign in and send your ID token as `Authorization: Bearer <token>`.',
  });
