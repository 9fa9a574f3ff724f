import { changePin } from '#shared/domain/signing/use-cases/keys.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { countPinRefusal } from '#shared/observability/metrics.ts';
import { signingKeys } from '../wiring/table.ts';
import { changePinRoute } from './routes.ts';

/** Not idempotent by key on purpose: a replayed answer would let a PIN attempt escape the counter. */
export const handler = httpHandler(changePinRoute, async ({ principal, params, body, event }) => {
  try {
    return {
      body: await changePin({ keys: signingKeys() }, principal, params.keyId, body, requestTime(event)),
    };
  } catch (error) {
    countPinRefusal(error, { communeId: principal.scope.communeId });
    throw error;
  }
});
