import { getStaff } from '#shared/domain/rollout/use-cases/staff.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { staff } from '../wiring/table.ts';
import { getStaffRoute } from './routes.ts';

export const handler = httpHandler(getStaffRoute, async ({ principal, params }) => ({
  body: await getStaff({ staff: staff() }, principal, params.username),
  headers: { 'cache-control': 'no-store' },
}));
