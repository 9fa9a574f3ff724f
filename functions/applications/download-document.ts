import { documentDownload } from '#shared/domain/applications/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { downloadDocumentRoute } from './routes.ts';
import { storageDeps } from './storage.ts';

export const handler = httpHandler(downloadDocumentRoute, async ({ principal, params, query }) => ({
  body: await documentDownload(
    storageDeps,
    principal,
    params.applicationId,
    params.documentCode,
    query.version,
  ),
  headers: { 'cache-control': 'no-store' },
}));
