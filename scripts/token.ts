/** `npm run token -- <username>`: prints an ID token of a demo user, for curl: -H "authorization: Bearer $(npm run -s token -- demo-desk-agent)". */
import { readFileSync } from 'node:fs';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { StackOutputs } from './local-cloud/deploy.ts';
import { LOCAL_REGION } from './local-cloud/ministack.ts';
import { DEMO_USERS_FILE, OUTPUTS_FILE } from './local-cloud/paths.ts';

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
const { AuthenticationResult } = await cognito.send(
  new InitiateAuthCommand({
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: outputs.userPoolClientId,
    AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
  }),
);
process.stdout.write(`${AuthenticationResult?.IdToken}\n`);
