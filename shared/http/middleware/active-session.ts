import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type AccessMarkers, assertSessionActive } from '../../domain/identity/session.ts';
import { claimsOf } from '../principal.ts';
import { isPublic, type RouteSpec } from '../route.ts';
import { issuedAt } from '../session.ts';
import { stateOf } from './state.ts';

/**
 * Refuses tokens of suspended accounts and sessions revoked by a suspension, on every
 * authenticated route (see shared/domain/identity/session.ts). `markers` is undefined only where
 * there is no table at all (unit tests of the HTTP layer).
 */
export const activeSession = (
  route: Pick<RouteSpec, 'access'>,
  markers: () => AccessMarkers | undefined,
): MiddlewareObj<APIGatewayProxyEventV2> => ({
  before: async ({ event }) => {
    const principal = stateOf(event).principal;
    // Public routes have no access-check grant (nor the table in their environment): skip first.
    if (isPublic(route) || !principal) return;
    const store = markers();
    if (store) assertSessionActive(await store.get(principal.username), issuedAt(claimsOf(event)));
  },
});
