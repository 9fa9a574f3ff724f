import { moveKey } from '#shared/domain/signing/use-cases/keys.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { keyManager } from '../wiring/kms.ts';
import { contacts, signingKeys } from '../wiring/table.ts';
import { revokeKeyRoute } from './routes.ts';

export const handler = httpHandler(revokeKeyRoute, async ({ principal, params, body, event }) => ({
  body: await moveKey(
    { keys: signingKeys(), contacts: contacts(), keyManager: keyManager() },
    principal,
    params.keyId,
    'REVOKE',
    (body ?? {}) as { trackingNumber?: string; reason?: string },
    requestTime(event),
  ),
}));
