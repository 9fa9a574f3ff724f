import { communeReadiness } from '#shared/domain/rollout/use-cases/onboarding.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { rolloutDeps } from '../wiring/table.ts';
import { getReadinessRoute } from './routes.ts';

export const handler = httpHandler(getReadinessRoute, async ({ principal, params, event }) => ({
  body: await communeReadiness(rolloutDeps(), principal, params.communeId, requestTime(event)),
  headers: { 'cache-control': 'no-store' },
}));
