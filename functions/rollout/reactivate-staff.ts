import { reactivateStaff } from '#shared/domain/rollout/use-cases/staff.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { identityProvider } from '../wiring/identity.ts';
import { staff } from '../wiring/table.ts';
import { reactivateStaffRoute } from './routes.ts';

export const handler = httpHandler(reactivateStaffRoute, async ({ principal, params, body, event }) => ({
  body: await reactivateStaff(
    { staff: staff(), directory: identityProvider() },
    principal,
    params.username,
    body.reason,
    requestTime(event),
  ),
}));
