import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { CognitoIdentityProvider, cognitoClient } from '#shared/adapters/cognito/identity-provider.ts';
import { SesEmailSender, sesClient } from '#shared/adapters/messaging/email-sender.ts';
import { geo, staff } from './dependencies.ts';

/** What the account-changing handlers need besides the table: Cognito administration (and e-mail for new accounts). */
export const directory = new CognitoIdentityProvider(cognitoClient, requiredEnv('USER_POOL_ID'));
export const staffDeps = () => ({
  staff,
  geo,
  directory,
  mailer: new SesEmailSender(sesClient, requiredEnv('EMAIL_FROM')),
  loginUrl: requiredEnv('APP_LOGIN_URL'),
});
