import { httpHandler } from '#shared/http/handler.ts';
import { buildOpenApiDocument } from '#shared/http/openapi.ts';
import { routes } from '../routes.ts';
import { openApiRoute } from './routes.ts';

/** Built once per container from the same route list the stack deploys, so it cannot drift from the API. */
const document = buildOpenApiDocument(routes) as unknown as Record<string, unknown>;

export const handler = httpHandler(openApiRoute, async () => ({
  body: document,
  headers: { 'cache-control': 'public, max-age=300' },
}));
