import { updateStaff } from '#shared/domain/rollout/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { geo, staff } from './dependencies.ts';
import { directory } from './directory.ts';
import { updateStaffRoute } from './routes.ts';

const deps = { staff, geo, directory };

export const handler = httpHandler(
  updateStaffRoute,
  async ({ principal, params, body, event }) => ({
    body: await updateStaff(deps, principal, params.username, body, requestTime(event)),
  }),
  [idempotent(updateStaffRoute.operationId)],
);
