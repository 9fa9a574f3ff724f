/** `npm run token -- <username>`: prints an ID token of a demo user, for curl: -H "authorization: Bearer $(npm run -s token -- demo-desk-agent)". */
import { readFileSync } from 'node:fs';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
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
const { AuthenticationResult } = await signInWithSrp(cognito, {
  userPoolId: outputs.userPoolId,
  clientId: outputs.userPoolClientId,
  username: user.username,
  password: user.password,
});
process.stdout.write(`${AuthenticationResult?.IdToken}\n`);
