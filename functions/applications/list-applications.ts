import { listApplications } from '#shared/domain/applications/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { tableDeps } from './dependencies.ts';
import { listApplicationsRoute } from './routes.ts';

export const handler = httpHandler(listApplicationsRoute, async ({ principal, query }) => ({
  body: await listApplications(tableDeps, principal, query),
  headers: { 'cache-control': 'no-store' },
}));
