import { listCommunesOfProvince } from '#shared/domain/geo/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { geo } from '../wiring/table.ts';
import { listCommunesRoute } from './routes.ts';

export const handler = httpHandler(listCommunesRoute, async ({ params }) => ({
  body: await listCommunesOfProvince(geo(), params.provinceId),
  headers: { 'cache-control': 'public, max-age=300' },
}));
