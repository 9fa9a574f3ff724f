import { httpHandler } from '#shared/http/handler.ts';
import { tariffs } from '../wiring/table.ts';
import { listTariffsRoute } from './routes.ts';

export const handler = httpHandler(listTariffsRoute, async ({ params }) => ({
  body: { tariffs: await tariffs().history(params.communeId) },
  headers: { 'cache-control': 'public, max-age=60' },
}));
