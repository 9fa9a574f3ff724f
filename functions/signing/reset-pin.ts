import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { SesEmailSender, sesClient } from '#shared/adapters/messaging/email-sender.ts';
import { SnsSmsSender, snsClient } from '#shared/adapters/messaging/sms-sender.ts';
import { resetPin } from '#shared/domain/signing/signing-keys.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { geo } from '../applications/dependencies.ts';
import { resetPinRoute } from './routes.ts';
import { signingKeys } from './signing-keys.ts';

const deps = {
  keys: signingKeys,
  geo,
  sms: new SnsSmsSender(snsClient),
  mailer: new SesEmailSender(sesClient, requiredEnv('EMAIL_FROM')),
};

export const handler = httpHandler(
  resetPinRoute,
  async ({ principal, params, event }) => ({
    body: await resetPin(deps, principal, params.keyId, requestTime(event)),
  }),
  [idempotent(resetPinRoute.operationId)],
);
