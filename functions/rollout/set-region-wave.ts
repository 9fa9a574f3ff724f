import { setRegionWave } from '#shared/domain/rollout/use-cases/onboarding.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { rolloutDeps } from '../wiring/table.ts';
import { setRegionWaveRoute } from './routes.ts';

export const handler = httpHandler(setRegionWaveRoute, async ({ principal, params, body, event }) => ({
  body: await setRegionWave(rolloutDeps(), principal, params.regionId, body, requestTime(event)),
}));
