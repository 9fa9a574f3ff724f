import { publicStats } from '#shared/domain/rollout/use-cases/onboarding.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { rolloutDeps } from '../wiring/table.ts';
import { getStatsRoute } from './routes.ts';

export const handler = httpHandler(getStatsRoute, async ({ event }) => ({
  body: await publicStats(rolloutDeps(), requestTime(event)),
  // Public and the same for everyone: a CDN or browser may keep it a minute.
  headers: { 'cache-control': 'public, max-age=60' },
}));
