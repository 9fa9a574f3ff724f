import { deleteDraft } from '#shared/domain/applications/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applicationDeps } from '../wiring/table.ts';
import { deleteApplicationRoute } from './routes.ts';

export const handler = httpHandler(deleteApplicationRoute, async ({ principal, params }) => {
  await deleteDraft(applicationDeps(), principal, params.applicationId);
  return { body: { deleted: true as const, id: params.applicationId } };
});
