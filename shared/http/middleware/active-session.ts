import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { admitsTotpRoles, assertTotpEnrolled, type TotpEnrolment } from '../../domain/identity/mfa.ts';
import { type AccessMarkers, assertSessionActive } from '../../domain/identity/session.ts';
import { claimsOf } from '../principal.ts';
import { isPublic, type RouteSpec } from '../route.ts';
import { issuedAt } from '../session.ts';
import { stateOf } from './state.ts';

/**
 * Refuses tokens of suspended accounts and sessions revoked by a suspension, on every
 * authenticated route (see shared/domain/identity/session.ts); then, on the routes ministry
 * administrators and province contacts may call, those accounts without TOTP (403 `mfa-required`,
 * shared/domain/identity/mfa.ts). `markers` / `totp` are undefined only where there is no table
 * or pool at all (handlers called in-process by tests); `totp` is absent where the route admits
 * neither role (its function has no grant on the pool).
 */
export const activeSession = (
  route: Pick<RouteSpec, 'access'>,
  markers: () => AccessMarkers | undefined,
  totp?: () => TotpEnrolment | undefined,
): MiddlewareObj<APIGatewayProxyEventV2> => ({
  before: async ({ event }) => {
    const principal = stateOf(event).principal;
    // Public routes have no access-check grant (nor the table in their environment): skip first.
    if (isPublic(route) || !principal) return;
    const store = markers();
    if (store) assertSessionActive(await store.get(principal.username), issuedAt(claimsOf(event)));
    const enrolment = totp && admitsTotpRoles(route.access) ? totp() : undefined;
    if (enrolment) await assertTotpEnrolled(principal, enrolment);
  },
});
