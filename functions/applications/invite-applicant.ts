import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { CognitoIdentityProvider, cognitoClient } from '#shared/adapters/cognito/identity-provider.ts';
import { SesEmailSender, sesClient } from '#shared/adapters/messaging/email-sender.ts';
import { inviteApplicant } from '#shared/domain/applications/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { tableDeps } from './dependencies.ts';
import { inviteApplicantRoute } from './routes.ts';

const deps = {
  ...tableDeps,
  identity: new CognitoIdentityProvider(cognitoClient, requiredEnv('USER_POOL_ID')),
  mailer: new SesEmailSender(sesClient, requiredEnv('EMAIL_FROM')),
  loginUrl: requiredEnv('APP_LOGIN_URL'),
};

export const handler = httpHandler(
  inviteApplicantRoute,
  async ({ principal, params, body, event }) => ({
    body: await inviteApplicant(deps, principal, params.applicationId, body, requestTime(event)),
  }),
  [idempotent(inviteApplicantRoute.operationId)],
);
