import { verifyStoredPermit } from '#shared/domain/signing/use-cases/permits.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { permitStorage } from '../wiring/s3.ts';
import { certificationAuthority, permits, signingKeys } from '../wiring/table.ts';
import { verifyPermitRoute } from './routes.ts';

export const handler = httpHandler(verifyPermitRoute, async ({ params }) => ({
  body: await verifyStoredPermit(
    {
      permits: permits(),
      keys: signingKeys(),
      authority: certificationAuthority(),
      storage: permitStorage(),
    },
    params.permitNumber,
  ),
  headers: { 'cache-control': 'no-store' },
}));
