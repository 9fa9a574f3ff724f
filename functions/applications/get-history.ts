import { applicationHistory } from '#shared/domain/applications/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { tableDeps } from './dependencies.ts';
import { applicationHistoryRoute } from './routes.ts';

export const handler = httpHandler(applicationHistoryRoute, async ({ principal, params }) => ({
  body: { events: await applicationHistory(tableDeps, principal, params.applicationId) },
  headers: { 'cache-control': 'no-store' },
}));
