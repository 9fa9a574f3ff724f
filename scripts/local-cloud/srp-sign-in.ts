/**
 * Signs in with USER_SRP_AUTH from Node, as the web portal does (its SRP-6a, web/src/auth/srp.ts):
 * the app client allows no password flow (issue 17, finding 12), so tests, `npm run token` and the
 * bench sign in like a browser. Answers in InitiateAuth's shape: tokens, or the next challenge.
 */
import {
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognitoTimestamp, generateEphemeral, passwordClaimSignature } from '../../web/src/auth/srp.ts';

export interface SrpSignIn {
  userPoolId: string;
  clientId: string;
  username: string;
  password: string;
}

export async function signInWithSrp(
  cognito: CognitoIdentityProviderClient,
  { userPoolId, clientId, username, password }: SrpSignIn,
): Promise<
  Pick<
    InitiateAuthCommandOutput,
    'AuthenticationResult' | 'ChallengeName' | 'ChallengeParameters' | 'Session'
  >
> {
  const { a, A } = generateEphemeral();
  const first = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, SRP_A: A.toString(16) },
    }),
  );
  if (first.ChallengeName !== 'PASSWORD_VERIFIER' || !first.ChallengeParameters) return first;
  const p = first.ChallengeParameters;
  const userId = p.USER_ID_FOR_SRP ?? p.USERNAME ?? username;
  const timestamp = cognitoTimestamp(new Date());
  const signature = await passwordClaimSignature({
    userPoolId,
    userId,
    password,
    a,
    A,
    saltHex: p.SALT ?? '',
    srpBHex: p.SRP_B ?? '',
    secretBlock: p.SECRET_BLOCK ?? '',
    timestamp,
  });
  return cognito.send(
    new RespondToAuthChallengeCommand({
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientId: clientId,
      ...(first.Session ? { Session: first.Session } : {}),
      ChallengeResponses: {
        USERNAME: userId,
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK ?? '',
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP: timestamp,
      },
    }),
  );
}
