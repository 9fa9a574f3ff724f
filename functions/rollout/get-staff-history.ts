import { staffHistory } from '#shared/domain/rollout/use-cases/staff.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { staff } from '../wiring/table.ts';
import { staffHistoryRoute } from './routes.ts';

export const handler = httpHandler(staffHistoryRoute, async ({ principal, params }) => ({
  body: await staffHistory({ staff: staff() }, principal, params.username),
  headers: { 'cache-control': 'no-store' },
}));
