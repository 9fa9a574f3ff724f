import { MemoryCache } from '#shared/adapters/memory-cache.ts';
import { publicStats } from '#shared/domain/rollout/use-cases/onboarding.ts';
import { clockOverrideAllowed } from '#shared/environment.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { rolloutDeps } from '../wiring/table.ts';
import { getStatsRoute } from './routes.ts';

/**
 * The figures scan every staff account: computed at most once a minute per container, whatever the
 * traffic. Not where a request may set the clock (the local stage's test clock): each answer is then
 * for its own time.
 */
const figures = new MemoryCache<Awaited<ReturnType<typeof publicStats>>>({
  max: 1,
  ttlMs: clockOverrideAllowed() ? 0 : 60_000,
});

export const handler = httpHandler(getStatsRoute, async ({ event }) => ({
  body: await figures.getOrCompute('stats', () => publicStats(rolloutDeps(), requestTime(event))),
  // Public and the same for everyone: a CDN or browser may keep it a minute.
  headers: { 'cache-control': 'public, max-age=60' },
}));
