import { type AuthAnswer, clientId, cognito } from './cognito.ts';

/**
 * Two-step verification with an authenticator app (TOTP), through Cognito's public API as the
 * sign-in itself: ministry administrators and province contacts must have it (the API answers
 * 403 `mfa-required` until they do); once on, Cognito asks every sign-in for a code.
 */

/** Answers SOFTWARE_TOKEN_MFA with the app's current code. */
export const answerTotp = (userId: string, session: string, code: string) =>
  cognito<AuthAnswer>('RespondToAuthChallenge', {
    ChallengeName: 'SOFTWARE_TOKEN_MFA',
    ClientId: clientId(),
    Session: session,
    ChallengeResponses: { USERNAME: userId, SOFTWARE_TOKEN_MFA_CODE: code },
  });

/** A new secret for the signed-in account (access token) or for a sign-in asked MFA_SETUP (session). */
export const associateTotp = (by: { accessToken: string } | { session: string }) =>
  cognito<{ SecretCode: string; Session?: string }>(
    'AssociateSoftwareToken',
    'accessToken' in by ? { AccessToken: by.accessToken } : { Session: by.session },
  );

/** Checks a first code against the new secret. */
export const verifyTotp = (by: { accessToken: string } | { session: string }, code: string) =>
  cognito<{ Status?: string; Session?: string }>('VerifySoftwareToken', {
    ...('accessToken' in by ? { AccessToken: by.accessToken } : { Session: by.session }),
    UserCode: code,
    FriendlyDeviceName: 'Rukhsa',
  });

/** Makes TOTP the account's enabled, preferred second factor. */
export const enableTotp = (accessToken: string) =>
  cognito('SetUserMFAPreference', {
    AccessToken: accessToken,
    SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
  });

/** Completes MFA_SETUP (a pool requiring MFA) once the first code was verified. */
export const answerMfaSetup = (userId: string, session: string) =>
  cognito<AuthAnswer>('RespondToAuthChallenge', {
    ChallengeName: 'MFA_SETUP',
    ClientId: clientId(),
    Session: session,
    ChallengeResponses: { USERNAME: userId },
  });
