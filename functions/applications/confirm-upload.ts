import { confirmUpload } from '#shared/domain/applications/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { confirmUploadRoute } from './routes.ts';
import { storageDeps } from './storage.ts';

export const handler = httpHandler(
  confirmUploadRoute,
  async ({ principal, params, body }) => ({
    body: await confirmUpload(
      storageDeps,
      principal,
      params.applicationId,
      params.documentCode,
      body,
      new Date(),
    ),
  }),
  [idempotent(confirmUploadRoute.operationId)],
);
