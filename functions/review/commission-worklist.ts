import { commissionWorklist } from '#shared/domain/review/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications } from '../wiring/table.ts';
import { commissionWorklistRoute } from './routes.ts';

export const handler = httpHandler(commissionWorklistRoute, async ({ principal, query }) => ({
  body: await commissionWorklist({ applications: applications() }, principal, query),
  headers: { 'cache-control': 'no-store' },
}));
