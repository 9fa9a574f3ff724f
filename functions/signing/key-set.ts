import { publishedKeySet } from '#shared/domain/signing/use-cases/keys.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { certificationAuthority, signingKeys } from '../wiring/table.ts';
import { keySetRoute } from './routes.ts';

/** Cacheable for five minutes: a revocation reaches verifiers within that delay. */
export const handler = httpHandler(keySetRoute, async ({ event }) => ({
  body: await publishedKeySet(
    { keys: signingKeys(), authority: certificationAuthority() },
    requestTime(event),
  ),
  headers: { 'cache-control': 'public, max-age=300' },
}));
