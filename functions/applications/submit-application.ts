import { submitApplication } from '#shared/domain/applications/use-cases.ts';
import { billConformityBalance } from '#shared/domain/payments/use-cases.ts';
import { communeGate } from '#shared/domain/rollout/use-cases/onboarding.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { BUSINESS_METRICS } from '#shared/observability/metric-names.ts';
import { applicationContext, countEvent } from '#shared/observability/metrics.ts';
import { applicationDeps, payments, rollout, staff, tariffs } from '../wiring/table.ts';
import { submitApplicationRoute } from './routes.ts';

export const handler = httpHandler(submitApplicationRoute, async ({ principal, params, event }) => {
  const now = requestTime(event);
  const app = await submitApplication(
    { ...applicationDeps(), communeGate: communeGate({ rollout: rollout(), staff: staff() }) },
    principal,
    params.applicationId,
    now,
  );
  countEvent(BUSINESS_METRICS.applicationSubmitted, applicationContext(app));
  // Nothing left uncollected: a conformity request bills the balance of the lotissement or housing
  // group it follows (the permit's `conformity` order; none for other permits; idempotent on retries).
  if (app.procedureCode === 'CONFORMITY_CERTIFICATE' && app.followsPermit) {
    await billConformityBalance(
      { applications: applicationDeps().applications, payments: payments(), tariffs: tariffs() },
      app.followsPermit.applicationId,
      now,
    );
  }
  return { body: app };
});
