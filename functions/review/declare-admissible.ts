import { declareAdmissible } from '#shared/domain/review/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications } from '../wiring/table.ts';
import { admissibilityRoute } from './routes.ts';

export const handler = httpHandler(admissibilityRoute, async ({ principal, params, body, event }) => ({
  body: await declareAdmissible(
    { applications: applications() },
    principal,
    params.applicationId,
    body,
    requestTime(event),
  ),
}));
