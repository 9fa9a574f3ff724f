import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { CognitoIdentityProvider, cognitoClient } from '#shared/adapters/cognito/identity-provider.ts';
import { KmsKeyManager, kmsClient } from '#shared/adapters/kms/key-manager.ts';
import { SesEmailSender, sesClient } from '#shared/adapters/messaging/email-sender.ts';
import { SnsSmsSender, snsClient } from '#shared/adapters/messaging/sms-sender.ts';
import { issueKeys } from '#shared/domain/signing/signing-keys.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { geo } from '../applications/dependencies.ts';
import { issueKeysRoute } from './routes.ts';
import { signingKeys } from './signing-keys.ts';

const deps = {
  keys: signingKeys,
  keyManager: new KmsKeyManager(kmsClient, requiredEnv('STAGE')),
  geo,
  identity: new CognitoIdentityProvider(cognitoClient, requiredEnv('USER_POOL_ID')),
  sms: new SnsSmsSender(snsClient),
  mailer: new SesEmailSender(sesClient, requiredEnv('EMAIL_FROM')),
  loginUrl: requiredEnv('APP_LOGIN_URL'),
};

export const handler = httpHandler(
  issueKeysRoute,
  async ({ principal, body, event }) => ({
    body: await issueKeys(deps, principal, body, requestTime(event)),
  }),
  [idempotent(issueKeysRoute.operationId)],
);
