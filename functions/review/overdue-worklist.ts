import { overdueWorklist } from '#shared/domain/review/overdue.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications, geo } from '../wiring/table.ts';
import { overdueWorklistRoute } from './routes.ts';

export const handler = httpHandler(overdueWorklistRoute, async ({ principal, query, event }) => ({
  body: await overdueWorklist(
    { applications: applications(), geo: geo() },
    principal,
    query,
    requestTime(event),
  ),
  headers: { 'cache-control': 'no-store' },
}));
