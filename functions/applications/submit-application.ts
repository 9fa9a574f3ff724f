import { submitApplication } from '#shared/domain/applications/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { communeGate } from '../rollout/gate.ts';
import { tableDeps } from './dependencies.ts';
import { submitApplicationRoute } from './routes.ts';

export const handler = httpHandler(
  submitApplicationRoute,
  async ({ principal, params, event }) => ({
    body: await submitApplication(
      { ...tableDeps, communeGate },
      principal,
      params.applicationId,
      requestTime(event),
    ),
  }),
  [idempotent(submitApplicationRoute.operationId)],
);
