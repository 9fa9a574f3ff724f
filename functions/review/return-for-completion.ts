import { returnForCompletion } from '#shared/domain/review/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications } from '../wiring/table.ts';
import { returnForCompletionRoute } from './routes.ts';

export const handler = httpHandler(returnForCompletionRoute, async ({ principal, params, body, event }) => ({
  body: await returnForCompletion(
    { applications: applications() },
    principal,
    params.applicationId,
    body,
    requestTime(event),
  ),
}));
