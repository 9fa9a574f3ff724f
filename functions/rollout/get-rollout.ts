import { rolloutOverview } from '#shared/domain/rollout/use-cases/onboarding.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { rolloutDeps } from '../wiring/table.ts';
import { getRolloutRoute } from './routes.ts';

export const handler = httpHandler(getRolloutRoute, async ({ principal, query, event }) => ({
  body: await rolloutOverview(rolloutDeps(), principal, query, requestTime(event)),
  headers: { 'cache-control': 'no-store' },
}));
