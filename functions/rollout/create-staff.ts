import { createStaff } from '#shared/domain/rollout/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { staffDeps } from './directory.ts';
import { createStaffRoute } from './routes.ts';

const deps = staffDeps();

export const handler = httpHandler(
  createStaffRoute,
  async ({ principal, body, event }) => ({
    status: 201,
    body: await createStaff(deps, principal, body, requestTime(event)),
  }),
  [idempotent(createStaffRoute.operationId)],
);
