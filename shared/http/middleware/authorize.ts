import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { assertRole } from '../../domain/identity/principal.ts';
import type { RouteSpec } from '../route.ts';
import { stateOf } from './state.ts';

/** The route's role check (403); scope checks live in the domain use cases. */
export const authorize = (route: Pick<RouteSpec, 'access'>): MiddlewareObj<APIGatewayProxyEventV2> => ({
  before: ({ event }) => {
    const principal = stateOf(event).principal;
    if (principal && Array.isArray(route.access)) assertRole(principal, ...route.access);
  },
});
