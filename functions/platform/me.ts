import { httpHandler } from '#shared/http/handler.ts';
import { meRoute } from './routes.ts';

export const handler = httpHandler(meRoute, async ({ principal }) => ({
  body: principal,
  headers: { 'cache-control': 'no-store' },
}));
