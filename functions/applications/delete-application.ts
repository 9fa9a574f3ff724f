import { deleteDraft } from '#shared/domain/applications/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { tableDeps } from './dependencies.ts';
import { deleteApplicationRoute } from './routes.ts';

export const handler = httpHandler(
  deleteApplicationRoute,
  async ({ principal, params }) => {
    await deleteDraft(tableDeps, principal, params.applicationId);
    return { body: { deleted: true as const, id: params.applicationId } };
  },
  [idempotent(deleteApplicationRoute.operationId)],
);
