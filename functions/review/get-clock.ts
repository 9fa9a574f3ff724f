import { applicationClock } from '#shared/domain/review/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications } from '../wiring/table.ts';
import { clockRoute } from './routes.ts';

export const handler = httpHandler(clockRoute, async ({ principal, params, event }) => ({
  body: await applicationClock(
    { applications: applications() },
    principal,
    params.applicationId,
    requestTime(event),
  ),
  headers: { 'cache-control': 'no-store' },
}));
