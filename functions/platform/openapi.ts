import { httpHandler } from '#shared/http/handler.ts';
import document from '../../docs/openapi.json' with { type: 'json' };
import { openApiRoute } from './routes.ts';

/**
 * The document is built before deployment (`npm run openapi`, from the same route list the stack
 * deploys; test/unit/openapi.test.ts fails when it drifts) and bundled as JSON: building it here
 * took the generator and every route's schemas into this function and made it the slowest cold start.
 */
export const handler = httpHandler(openApiRoute, async () => ({
  body: document as Record<string, unknown>,
  headers: { 'cache-control': 'public, max-age=300' },
}));
