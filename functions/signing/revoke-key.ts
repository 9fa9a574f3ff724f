import { publishKeySet } from '#shared/domain/signing/pki/key-set-publication.ts';
import { moveKey } from '#shared/domain/signing/use-cases/keys.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { keyManager } from '../wiring/kms.ts';
import { openDataPublisher } from '../wiring/s3.ts';
import { certificationAuthority, contacts, signingKeys } from '../wiring/table.ts';
import { revokeKeyRoute } from './routes.ts';

export const handler = httpHandler(revokeKeyRoute, async ({ principal, params, body, event }) => {
  const now = requestTime(event);
  const key = await moveKey(
    { keys: signingKeys(), contacts: contacts(), keyManager: keyManager() },
    principal,
    params.keyId,
    'REVOKE',
    (body ?? {}) as { trackingNumber?: string; reason?: string },
    now,
  );
  // The revocation list is open data too (docs/open-data.md).
  await publishKeySet(
    { keys: signingKeys(), authority: certificationAuthority(), bucket: openDataPublisher() },
    now,
  );
  return { body: key };
});
