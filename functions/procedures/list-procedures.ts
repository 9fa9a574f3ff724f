import { CATALOGUE } from '#shared/domain/procedures/catalogue.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { listProceduresRoute } from './routes.ts';

export const handler = httpHandler(listProceduresRoute, async () => ({
  body: CATALOGUE,
  headers: { 'cache-control': 'public, max-age=3600' },
}));
