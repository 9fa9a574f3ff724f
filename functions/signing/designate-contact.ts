import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { CognitoIdentityProvider, cognitoClient } from '#shared/adapters/cognito/identity-provider.ts';
import { SesEmailSender, sesClient } from '#shared/adapters/messaging/email-sender.ts';
import { designateContact } from '#shared/domain/signing/contacts.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { geo } from '../applications/dependencies.ts';
import { contacts } from './contacts.ts';
import { designateContactRoute } from './routes.ts';

const deps = {
  contacts,
  geo,
  identity: new CognitoIdentityProvider(cognitoClient, requiredEnv('USER_POOL_ID')),
  mailer: new SesEmailSender(sesClient, requiredEnv('EMAIL_FROM')),
  loginUrl: requiredEnv('APP_LOGIN_URL'),
};

export const handler = httpHandler(
  designateContactRoute,
  async ({ principal, params, body }) => ({
    body: await designateContact(deps, principal, params.provinceId, body, new Date()),
  }),
  [idempotent(designateContactRoute.operationId)],
);
