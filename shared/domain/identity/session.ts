import { DomainError } from '../errors.ts';

/**
 * The platform's own check of a verified token, on every authenticated request. Cognito's
 * AdminDisableUser + AdminUserGlobalSignOut stop new sign-ins and revoke refresh tokens, but an ID
 * token already issued stays valid for the gateway's JWT authorizer until it expires (up to an
 * hour): so the platform refuses it itself, from the user's access marker:
 *
 * - the account is suspended → 401 `account-suspended`;
 * - the token was issued (`iat`) at or before the last suspension → 401 `session-revoked`, even
 *   after a reactivation (the person signs in again).
 *
 * Users with no marker (professionals, applicants, accounts created outside the staff capability)
 * are not affected.
 */
export interface AccessMarker {
  suspended?: boolean;
  /** When the account's sessions were last revoked (ISO 8601). */
  revokedAt?: string;
}

/** Port: the access marker of a user, read on every authenticated request. */
export interface AccessMarkers {
  get(username: string): Promise<AccessMarker | undefined>;
}

export function assertSessionActive(
  marker: AccessMarker | undefined,
  issuedAtSeconds: number | undefined,
): void {
  if (!marker) return;
  if (marker.suspended === true) {
    throw new DomainError({
      type: 'account-suspended',
      kind: 'unauthenticated',
      title: 'Account suspended',
      detail: 'This account is suspended. Ask your province contact or the ministry to reactivate it.',
    });
  }
  if (typeof marker.revokedAt === 'string') {
    const revokedSeconds = Math.floor(Date.parse(marker.revokedAt) / 1000);
    if (issuedAtSeconds === undefined || issuedAtSeconds <= revokedSeconds) {
      throw new DomainError({
        type: 'session-revoked',
        kind: 'unauthenticated',
        title: 'Session revoked',
        detail: 'This session was ended when the account was suspended. Sign in again.',
      });
    }
  }
}
