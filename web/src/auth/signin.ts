import { config } from '../config.ts';
import { type AuthAnswer, clientId, cognito } from './cognito.ts';
import { cognitoTimestamp, generateEphemeral, passwordClaimSignature } from './srp.ts';

/**
 * USER_SRP_AUTH: InitiateAuth with A, then the PASSWORD_VERIFIER answer. Returns the tokens, or the
 * next challenge (NEW_PASSWORD_REQUIRED at the first sign-in of an account an administrator created).
 */
export async function signInWithSrp(
  username: string,
  password: string,
): Promise<AuthAnswer & { userId: string }> {
  const { a, A } = generateEphemeral();
  const first = await cognito<AuthAnswer>('InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: clientId(),
    AuthParameters: { USERNAME: username, SRP_A: A.toString(16) },
  });
  if (first.ChallengeName !== 'PASSWORD_VERIFIER' || !first.ChallengeParameters)
    return { ...first, userId: username };
  const p = first.ChallengeParameters;
  const userId = p.USER_ID_FOR_SRP ?? p.USERNAME ?? username;
  const timestamp = cognitoTimestamp(new Date());
  const signature = await passwordClaimSignature({
    userPoolId: config().userPoolId,
    userId,
    password,
    a,
    A,
    saltHex: p.SALT ?? '',
    srpBHex: p.SRP_B ?? '',
    secretBlock: p.SECRET_BLOCK ?? '',
    timestamp,
  });
  const answer = await cognito<AuthAnswer>('RespondToAuthChallenge', {
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId: clientId(),
    ...(first.Session && { Session: first.Session }),
    ChallengeResponses: {
      USERNAME: userId,
      PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
      PASSWORD_CLAIM_SIGNATURE: signature,
      TIMESTAMP: timestamp,
    },
  });
  return { ...answer, userId };
}

/** Answers NEW_PASSWORD_REQUIRED with the password the user chose. */
export const answerNewPassword = (userId: string, session: string, newPassword: string) =>
  cognito<AuthAnswer>('RespondToAuthChallenge', {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    ClientId: clientId(),
    Session: session,
    ChallengeResponses: { USERNAME: userId, NEW_PASSWORD: newPassword },
  });

export const forgotPassword = (username: string) =>
  cognito<{ CodeDeliveryDetails?: { Destination?: string } }>('ForgotPassword', {
    ClientId: clientId(),
    Username: username,
  });

export const confirmForgotPassword = (username: string, code: string, password: string) =>
  cognito('ConfirmForgotPassword', {
    ClientId: clientId(),
    Username: username,
    ConfirmationCode: code,
    Password: password,
  });
