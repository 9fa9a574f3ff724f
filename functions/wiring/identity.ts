/** Accounts in the user pool (Cognito). See once.ts for how the wiring is built. */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { awsClientConfig } from '#shared/adapters/aws-config.ts';
import { CognitoIdentityProvider } from '#shared/adapters/cognito/identity-provider.ts';
import { env } from '#shared/environment.ts';
import { mailer } from './messaging.ts';
import { once } from './once.ts';
import { geo, staff } from './table.ts';

export const identityProvider = /* @__PURE__ */ once(
  () =>
    new CognitoIdentityProvider(new CognitoIdentityProviderClient(awsClientConfig()), env('USER_POOL_ID')),
);

/** What account-creating use cases need: the directory, e-mail and the sign-in link. */
export const accountServices = () => ({
  identity: identityProvider(),
  mailer: mailer(),
  loginUrl: env('APP_LOGIN_URL'),
});

/** What the staff-account use cases need: the staff records, the directory, e-mail and the sign-in link. */
export const staffDeps = () => ({
  staff: staff(),
  geo: geo(),
  directory: identityProvider(),
  mailer: mailer(),
  loginUrl: env('APP_LOGIN_URL'),
});
