import { trackApplication } from '#shared/domain/search/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications, attempts, searchIndex } from '../wiring/table.ts';
import { trackingRoute } from './routes.ts';

export const handler = httpHandler(trackingRoute, async ({ body, event }) => ({
  body: await trackApplication(
    { applications: applications(), search: searchIndex(), attempts: attempts() },
    body,
    requestTime(event),
  ),
  headers: { 'cache-control': 'no-store' },
}));
