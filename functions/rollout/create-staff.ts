import { createStaff } from '#shared/domain/rollout/use-cases/staff.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { staffDeps } from '../wiring/identity.ts';
import { createStaffRoute } from './routes.ts';

export const handler = httpHandler(createStaffRoute, async ({ principal, body, event }) => ({
  status: 201,
  body: await createStaff(staffDeps(), principal, body, requestTime(event)),
}));
