import { resubmit } from '#shared/domain/review/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications } from '../wiring/table.ts';
import { resubmitRoute } from './routes.ts';

export const handler = httpHandler(resubmitRoute, async ({ principal, params, event }) => ({
  body: await resubmit({ applications: applications() }, principal, params.applicationId, requestTime(event)),
}));
