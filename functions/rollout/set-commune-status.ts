import { setCommuneStatus } from '#shared/domain/rollout/use-cases/onboarding.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { rolloutDeps } from '../wiring/table.ts';
import { setCommuneStatusRoute } from './routes.ts';

export const handler = httpHandler(setCommuneStatusRoute, async ({ principal, params, body, event }) => ({
  body: await setCommuneStatus(rolloutDeps(), principal, params.communeId, body, requestTime(event)),
}));
