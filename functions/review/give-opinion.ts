import { giveOpinion } from '#shared/domain/review/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications } from '../wiring/table.ts';
import { opinionRoute } from './routes.ts';

export const handler = httpHandler(opinionRoute, async ({ principal, params, body, event }) => ({
  body: await giveOpinion(
    { applications: applications() },
    principal,
    params.applicationId,
    body,
    requestTime(event),
  ),
}));
