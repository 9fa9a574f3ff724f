import { requestUpload } from '#shared/domain/applications/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { requestUploadRoute } from './routes.ts';
import { storageDeps } from './storage.ts';

export const handler = httpHandler(requestUploadRoute, async ({ principal, params, body }) => ({
  body: await requestUpload(
    storageDeps,
    principal,
    params.applicationId,
    params.documentCode,
    body,
    new Date(),
  ),
  headers: { 'cache-control': 'no-store' },
}));
