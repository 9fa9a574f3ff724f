import { listProvincesOfRegion } from '#shared/domain/geo/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { geoRepository } from './geo-repository.ts';
import { listProvincesRoute } from './routes.ts';

export const handler = httpHandler(listProvincesRoute, async ({ params }) => ({
  body: await listProvincesOfRegion(geoRepository, params.regionId),
  headers: { 'cache-control': 'public, max-age=3600' },
}));
