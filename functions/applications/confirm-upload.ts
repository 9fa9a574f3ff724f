import { confirmUpload } from '#shared/domain/applications/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applicationDeps, documentStorage } from '../wiring.ts';
import { confirmUploadRoute } from './routes.ts';

export const handler = httpHandler(confirmUploadRoute, async ({ principal, params, body, event }) => ({
  body: await confirmUpload(
    { ...applicationDeps(), storage: documentStorage() },
    principal,
    params.applicationId,
    params.documentCode,
    body,
    requestTime(event),
  ),
}));
