import { decide } from '#shared/domain/review/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { BUSINESS_METRICS } from '#shared/observability/metric-names.ts';
import { applicationContext, countEvent } from '#shared/observability/metrics.ts';
import { applications, tariffs } from '../wiring/table.ts';
import { decisionRoute } from './routes.ts';

export const handler = httpHandler(decisionRoute, async ({ principal, params, body, event }) => {
  const app = await decide(
    { applications: applications(), tariffs: tariffs() },
    principal,
    params.applicationId,
    body,
    requestTime(event),
  );
  const where = applicationContext(app);
  countEvent(BUSINESS_METRICS.applicationDecided, {
    ...where,
    dimensions: { ...where.dimensions, decision: body.decision },
  });
  return { body: app };
});
