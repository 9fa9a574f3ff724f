import { documentDownload } from '#shared/domain/applications/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { documentDeps } from '../wiring/s3.ts';
import { downloadDocumentRoute } from './routes.ts';

export const handler = httpHandler(downloadDocumentRoute, async ({ principal, params, query }) => ({
  body: await documentDownload(
    documentDeps(),
    principal,
    params.applicationId,
    params.documentCode,
    query.version,
  ),
  headers: { 'cache-control': 'no-store' },
}));
