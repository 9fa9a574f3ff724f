/**
 * `npm run token -- <username> [code]`: prints an ID token of a demo user, for curl:
 * -H "authorization: Bearer $(npm run -s token -- demo-desk-agent)". A ministry administrator or
 * province contact who turned on two-step verification (web) adds the authenticator's current code.
 */
import { readFileSync } from 'node:fs';
import {
  CognitoIdentityProviderClient,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { StackOutputs } from './local-cloud/deploy.ts';
import { LOCAL_REGION } from './local-cloud/ministack.ts';
import { DEMO_USERS_FILE, OUTPUTS_FILE } from './local-cloud/paths.ts';
import { signInWithSrp } from './local-cloud/srp-sign-in.ts';

const username = process.argv[2];
const users = JSON.parse(readFileSync(DEMO_USERS_FILE, 'utf8')) as { username: string; password: string }[];
const user = users.find((u) => u.username === username);
if (!user) {
  console.error(`Usage: npm run token -- <username>; known: ${users.map((u) => u.username).join(', ')}`);
  process.exit(2);
}
const outputs = JSON.parse(readFileSync(OUTPUTS_FILE, 'utf8')) as StackOutputs;
const port = new URL(outputs.apiUrl).port;
const cognito = new CognitoIdentityProviderClient({
  region: LOCAL_REGION,
  endpoint: `http://127.0.0.1:${port}`,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const code = process.argv[3];
const first = await signInWithSrp(cognito, {
  userPoolId: outputs.userPoolId,
  clientId: outputs.userPoolClientId,
  username: user.username,
  password: user.password,
});
if (first.ChallengeName === 'SOFTWARE_TOKEN_MFA' && !code) {
  console.error(`${username} has two-step verification: npm run token -- ${username} <code from the app>`);
  process.exit(2);
}
const { AuthenticationResult } =
  first.ChallengeName === 'SOFTWARE_TOKEN_MFA'
    ? await cognito.send(
        new RespondToAuthChallengeCommand({
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          ClientId: outputs.userPoolClientId,
          Session: first.Session,
          ChallengeResponses: { USERNAME: user.username, SOFTWARE_TOKEN_MFA_CODE: code as string },
        }),
      )
    : first;
process.stdout.write(`${AuthenticationResult?.IdToken}\n`);
