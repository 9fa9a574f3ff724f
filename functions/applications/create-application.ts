import { createDraft } from '#shared/domain/applications/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { tableDeps } from './dependencies.ts';
import { createApplicationRoute } from './routes.ts';

export const handler = httpHandler(
  createApplicationRoute,
  async ({ principal, body }) => ({ body: await createDraft(tableDeps, principal, body, new Date()) }),
  [idempotent(createApplicationRoute.operationId)],
);
