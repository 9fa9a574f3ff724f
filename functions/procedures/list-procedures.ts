import { CATALOGUE } from '#shared/domain/procedures/catalogue.ts';
import { httpHandler, serializedOnce } from '#shared/http/handler.ts';
import { listProceduresRoute } from './routes.ts';

// The catalogue is the same for the function's life: its 37 KB of JSON are made once.
const catalogue = serializedOnce(CATALOGUE);

export const handler = httpHandler(listProceduresRoute, async () => ({
  body: catalogue,
  headers: { 'cache-control': 'public, max-age=3600' },
}));
