import { submitApplication } from '#shared/domain/applications/use-cases.ts';
import { communeGate } from '#shared/domain/rollout/use-cases/onboarding.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { BUSINESS_METRICS } from '#shared/observability/metric-names.ts';
import { applicationContext, countEvent } from '#shared/observability/metrics.ts';
import { applicationDeps, rollout, staff } from '../wiring/table.ts';
import { submitApplicationRoute } from './routes.ts';

export const handler = httpHandler(submitApplicationRoute, async ({ principal, params, event }) => {
  const app = await submitApplication(
    { ...applicationDeps(), communeGate: communeGate({ rollout: rollout(), staff: staff() }) },
    principal,
    params.applicationId,
    requestTime(event),
  );
  countEvent(BUSINESS_METRICS.applicationSubmitted, applicationContext(app));
  return { body: app };
});
