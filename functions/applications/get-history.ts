import { applicationHistory } from '#shared/domain/applications/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applicationDeps } from '../wiring/table.ts';
import { applicationHistoryRoute } from './routes.ts';

export const handler = httpHandler(applicationHistoryRoute, async ({ principal, params }) => ({
  body: { events: await applicationHistory(applicationDeps(), principal, params.applicationId) },
  headers: { 'cache-control': 'no-store' },
}));
