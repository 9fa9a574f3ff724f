import { documentDownload } from '#shared/domain/applications/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applicationDeps, documentStorage } from '../wiring.ts';
import { downloadDocumentRoute } from './routes.ts';

export const handler = httpHandler(downloadDocumentRoute, async ({ principal, params, query }) => ({
  body: await documentDownload(
    { ...applicationDeps(), storage: documentStorage() },
    principal,
    params.applicationId,
    params.documentCode,
    query.version,
  ),
  headers: { 'cache-control': 'no-store' },
}));
