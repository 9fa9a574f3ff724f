import { DomainError } from '../errors.ts';

/**
 * The platform's own check of a verified token, on every authenticated request. Cognito's
 * AdminDisableUser + AdminUserGlobalSignOut stop new sign-ins and revoke refresh tokens, but an ID
 * token already issued stays valid for the gateway's JWT authorizer until it expires (up to an
 * hour): so the platform refuses it itself, from the user's access marker:
 *
 * - the account is suspended → 401 `account-suspended`;
 * - the token was issued (`iat`) at or before the last suspension, or before the owner ended the
 *   account's sessions (`endOwnSessions`) → 401 `session-revoked`, even after a reactivation (the
 *   person signs in again).
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

/** Port: ends the sessions of an account, by moving its access marker's `revokedAt` forward. */
export interface SessionRevocations {
  /** Tokens issued at or before `at` are refused from now on (never moves an existing instant back). */
  revokeUntil(username: string, at: string): Promise<void>;
}

/**
 * Ends every session of the caller's own account: the ID tokens already issued, which Cognito's
 * GlobalSignOut does not reach (the gateway accepts them until they expire), are refused from now on.
 * The web calls it once an account turns on two-step verification, so that no token signed in with
 * the password alone outlives the change. A token's `iat` counts whole seconds: tokens issued in the
 * current second are spared, so the sign-in that follows is never refused; every earlier one is not.
 * The server's real clock, never a test clock: it is compared with the identity provider's `iat`.
 */
export async function endOwnSessions(
  revocations: SessionRevocations,
  principal: { username: string },
  now: Date,
): Promise<{ endedBefore: string }> {
  const second = Math.floor(now.getTime() / 1000) * 1000;
  await revocations.revokeUntil(principal.username, new Date(second - 1).toISOString());
  return { endedBefore: new Date(second).toISOString() };
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
        detail:
          'This session was ended: the account was suspended, or its sessions were ended after a change to its sign-in. Sign in again.',
      });
    }
  }
}
