import { upsertCommune } from '#shared/domain/geo/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { geo } from '../wiring/table.ts';
import { putCommuneRoute } from './routes.ts';

export const handler = httpHandler(putCommuneRoute, async ({ params, body, principal }) => {
  const { commune, created } = await upsertCommune(geo(), principal, params.communeId, body, new Date());
  return { status: created ? 201 : 200, body: commune };
});
