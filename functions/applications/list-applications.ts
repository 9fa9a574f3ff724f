import { listApplications } from '#shared/domain/applications/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applicationDeps } from '../wiring/table.ts';
import { listApplicationsRoute } from './routes.ts';

export const handler = httpHandler(listApplicationsRoute, async ({ principal, query }) => ({
  body: await listApplications(applicationDeps(), principal, query),
  headers: { 'cache-control': 'no-store' },
}));
