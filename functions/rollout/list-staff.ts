import { listStaff } from '#shared/domain/rollout/use-cases/staff.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { staff } from '../wiring/table.ts';
import { listStaffRoute } from './routes.ts';

export const handler = httpHandler(listStaffRoute, async ({ principal, query }) => ({
  body: await listStaff({ staff: staff() }, principal, query),
  headers: { 'cache-control': 'no-store' },
}));
