import { verifyStoredPermit } from '#shared/domain/signing/permits.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { permitStorage, permits } from './permits.ts';
import { verifyPermitRoute } from './routes.ts';
import { signingKeys } from './signing-keys.ts';

export const handler = httpHandler(verifyPermitRoute, async ({ params }) => ({
  body: await verifyStoredPermit({ permits, keys: signingKeys, storage: permitStorage }, params.permitNumber),
  headers: { 'cache-control': 'no-store' },
}));
