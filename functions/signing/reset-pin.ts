import { resetPin } from '#shared/domain/signing/use-cases/keys.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { mailer, smsSender } from '../wiring/messaging.ts';
import { geo, signingKeys } from '../wiring/table.ts';
import { resetPinRoute } from './routes.ts';

export const handler = httpHandler(resetPinRoute, async ({ principal, params, event }) => ({
  body: await resetPin(
    { keys: signingKeys(), geo: geo(), sms: smsSender(), mailer: mailer() },
    principal,
    params.keyId,
    requestTime(event),
  ),
}));
