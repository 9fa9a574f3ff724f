import { listProvincesOfRegion } from '#shared/domain/geo/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { geo } from '../wiring/table.ts';
import { listProvincesRoute } from './routes.ts';

export const handler = httpHandler(listProvincesRoute, async ({ params }) => ({
  body: await listProvincesOfRegion(geo(), params.regionId),
  headers: { 'cache-control': 'public, max-age=3600' },
}));
