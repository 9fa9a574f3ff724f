import { listRegions } from '#shared/domain/geo/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { geo } from '../wiring/table.ts';
import { listRegionsRoute } from './routes.ts';

export const handler = httpHandler(listRegionsRoute, async () => ({
  body: { regions: await listRegions(geo()) },
  headers: { 'cache-control': 'public, max-age=3600' },
}));
