import { MemoryCache } from '#shared/adapters/memory-cache.ts';
import type { VerificationResult } from '#shared/domain/signing/permit.ts';
import { verifyStoredPermit } from '#shared/domain/signing/use-cases/permits.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { permitStorage } from '../wiring/s3.ts';
import { certificationAuthority, permits, signingKeys } from '../wiring/table.ts';
import { verifyPermitRoute } from './routes.ts';

/** Answers already checked by this container (a QR scanned again, a flood on one number). */
const memo = new MemoryCache<VerificationResult>({ max: 500, ttlMs: 15 * 60_000 });

export const handler = httpHandler(verifyPermitRoute, async ({ params }) => ({
  body: await verifyStoredPermit(
    {
      permits: permits(),
      keys: signingKeys(),
      authority: certificationAuthority(),
      storage: permitStorage(),
      memo,
    },
    params.permitNumber,
  ),
  headers: { 'cache-control': 'no-store' },
}));
