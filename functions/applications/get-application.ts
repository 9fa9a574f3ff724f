import { readApplication } from '#shared/domain/applications/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applicationDeps } from '../wiring/table.ts';
import { getApplicationRoute } from './routes.ts';

export const handler = httpHandler(getApplicationRoute, async ({ principal, params }) => ({
  body: await readApplication(applicationDeps(), principal, params.applicationId),
  headers: { 'cache-control': 'no-store' },
}));
