import { returnForCompletion } from '#shared/domain/review/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { BUSINESS_METRICS } from '#shared/observability/metric-names.ts';
import { applicationContext, countEvent } from '#shared/observability/metrics.ts';
import { applications } from '../wiring/table.ts';
import { returnForCompletionRoute } from './routes.ts';

export const handler = httpHandler(returnForCompletionRoute, async ({ principal, params, body, event }) => {
  const app = await returnForCompletion(
    { applications: applications() },
    principal,
    params.applicationId,
    body,
    requestTime(event),
  );
  countEvent(BUSINESS_METRICS.applicationReturned, applicationContext(app));
  return { body: app };
});
