import { updateStaff } from '#shared/domain/rollout/use-cases/staff.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { identityProvider } from '../wiring/identity.ts';
import { geo, staff } from '../wiring/table.ts';
import { updateStaffRoute } from './routes.ts';

export const handler = httpHandler(updateStaffRoute, async ({ principal, params, body, event }) => ({
  body: await updateStaff(
    { staff: staff(), geo: geo(), directory: identityProvider() },
    principal,
    params.username,
    body,
    requestTime(event),
  ),
}));
