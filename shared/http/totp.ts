import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { awsClientConfig } from '../adapters/aws-config.ts';
import { CognitoTotpEnrolment } from '../adapters/cognito/totp-enrolment.ts';
import type { TotpEnrolment } from '../domain/identity/mfa.ts';
import { clockOverrideAllowed, optionalEnv } from '../environment.ts';

let enrolment: TotpEnrolment | undefined;

/**
 * The TOTP check of the routes that ministry administrators and province contacts may call
 * (shared/domain/identity/mfa.ts), built on first use from MFA_USER_POOL_ID (set by that check's
 * grant). Deployed functions of those routes always have it: refuse rather than skip. Handlers
 * called in-process (the integration tests, with claims of accounts that are not in the pool) have
 * none and skip it; the deployed API proves it (test/e2e/mfa.test.ts).
 *
 * A minute's cache per container; none on the local stage (where the test clock is allowed), so
 * turning TOTP off is refused at the very next request there.
 */
export function totpEnrolment(): TotpEnrolment | undefined {
  if (enrolment) return enrolment;
  const pool = optionalEnv('MFA_USER_POOL_ID');
  if (!pool) {
    if (process.env.AWS_LAMBDA_FUNCTION_NAME)
      throw new Error('MFA_USER_POOL_ID is not set: cannot check two-step verification');
    return undefined;
  }
  enrolment = new CognitoTotpEnrolment(new CognitoIdentityProviderClient(awsClientConfig()), pool, {
    ttlMs: clockOverrideAllowed() ? 0 : 60_000,
  });
  return enrolment;
}
