import { notFound } from '#shared/domain/errors.ts';
import { CURRENT_METHODOLOGY, METHODOLOGIES } from '#shared/domain/ranking/methodology.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { methodologyRoute } from './routes.ts';

export const handler = httpHandler(methodologyRoute, async ({ query }) => {
  const methodology = query.version ? METHODOLOGIES[query.version] : CURRENT_METHODOLOGY;
  if (!methodology) throw notFound('Methodology version', query.version as string);
  return { body: methodology, headers: { 'cache-control': 'public, max-age=3600' } };
});
