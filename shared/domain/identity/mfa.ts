import { DomainError } from '../errors.ts';
import { hasRole, type Principal, type Role } from './principal.ts';

/**
 * TOTP for the accounts that administer the platform (issue 17, finding 12). Cognito sets MFA per
 * user pool (the pool offers TOTP to everyone: `OPTIONAL`), and a token does not say whether TOTP
 * was used, so the platform requires it itself: a ministry administrator or a province contact may
 * act only once the account has software-token MFA enabled — from then on Cognito challenges every
 * sign-in of that account for a code.
 */
export const TOTP_ROLES = ['ministry_admin', 'province_contact'] as const satisfies readonly Role[];

/** Port: whether an account has software-token (TOTP) MFA enabled at the identity provider. */
export interface TotpEnrolment {
  enabled(username: string): Promise<boolean>;
}

/** Whether a route's callers may include those roles (`signed-in` routes admit every role). */
export const admitsTotpRoles = (access: 'public' | 'signed-in' | readonly Role[]): boolean =>
  access === 'signed-in' || (Array.isArray(access) && TOTP_ROLES.some((role) => access.includes(role)));

/** Whether the principal holds a role that needs TOTP. */
export const needsTotp = (principal: Principal): boolean => hasRole(principal, ...TOTP_ROLES);

export const mfaRequired = () =>
  new DomainError({
    kind: 'forbidden',
    type: 'mfa-required',
    title: 'Two-step verification required',
    detail:
      'Ministry administrators and province contacts must turn on two-step verification (an authenticator app code) before using the platform.',
  });

/** Refuses a principal holding a TOTP role whose account has no TOTP enabled. */
export async function assertTotpEnrolled(principal: Principal, enrolment: TotpEnrolment): Promise<void> {
  if (!needsTotp(principal)) return;
  if (!(await enrolment.enabled(principal.username))) throw mfaRequired();
}
