import { updateDraft } from '#shared/domain/applications/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applicationDeps } from '../wiring/table.ts';
import { updateApplicationRoute } from './routes.ts';

export const handler = httpHandler(updateApplicationRoute, async ({ principal, params, body, event }) => ({
  body: await updateDraft(applicationDeps(), principal, params.applicationId, body, requestTime(event)),
}));
