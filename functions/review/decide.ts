import { decide } from '#shared/domain/review/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications, tariffs } from '../wiring/table.ts';
import { decisionRoute } from './routes.ts';

export const handler = httpHandler(decisionRoute, async ({ principal, params, body, event }) => ({
  body: await decide(
    { applications: applications(), tariffs: tariffs() },
    principal,
    params.applicationId,
    body,
    requestTime(event),
  ),
}));
