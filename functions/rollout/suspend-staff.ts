import { suspendStaff } from '#shared/domain/rollout/use-cases/staff.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { identityProvider } from '../wiring/identity.ts';
import { staff } from '../wiring/table.ts';
import { suspendStaffRoute } from './routes.ts';

export const handler = httpHandler(suspendStaffRoute, async ({ principal, params, body, event }) => ({
  body: await suspendStaff(
    { staff: staff(), directory: identityProvider() },
    principal,
    params.username,
    body.reason,
    requestTime(event),
  ),
}));
