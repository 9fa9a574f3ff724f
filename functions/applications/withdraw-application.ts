import { withdrawApplication } from '#shared/domain/applications/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applicationDeps } from '../wiring/table.ts';
import { withdrawApplicationRoute } from './routes.ts';

export const handler = httpHandler(withdrawApplicationRoute, async ({ principal, params, body, event }) => ({
  body: await withdrawApplication(
    applicationDeps(),
    principal,
    params.applicationId,
    body.reason,
    requestTime(event),
  ),
}));
