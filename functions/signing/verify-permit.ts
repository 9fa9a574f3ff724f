import { verifyStoredPermit } from '#shared/domain/signing/permits.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { permitStorage, permits, signingKeys } from '../wiring.ts';
import { verifyPermitRoute } from './routes.ts';

export const handler = httpHandler(verifyPermitRoute, async ({ params }) => ({
  body: await verifyStoredPermit(
    { permits: permits(), keys: signingKeys(), storage: permitStorage() },
    params.permitNumber,
  ),
  headers: { 'cache-control': 'no-store' },
}));
