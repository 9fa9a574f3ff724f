import { applicationChanges } from '#shared/domain/review/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications } from '../wiring/table.ts';
import { changesRoute } from './routes.ts';

export const handler = httpHandler(changesRoute, async ({ principal, params }) => ({
  body: await applicationChanges({ applications: applications() }, principal, params.applicationId),
  headers: { 'cache-control': 'no-store' },
}));
