import { createDraft } from '#shared/domain/applications/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applicationDeps, permits } from '../wiring/table.ts';
import { createApplicationRoute } from './routes.ts';

export const handler = httpHandler(createApplicationRoute, async ({ principal, body, event }) => ({
  body: await createDraft({ ...applicationDeps(), permits: permits() }, principal, body, requestTime(event)),
}));
