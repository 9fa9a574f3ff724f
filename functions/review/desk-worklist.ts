import { deskWorklist } from '#shared/domain/review/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications } from '../wiring/table.ts';
import { deskWorklistRoute } from './routes.ts';

export const handler = httpHandler(deskWorklistRoute, async ({ principal, query, event }) => ({
  body: await deskWorklist({ applications: applications() }, principal, query, requestTime(event)),
  headers: { 'cache-control': 'no-store' },
}));
