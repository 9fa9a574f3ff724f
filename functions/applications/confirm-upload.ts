import { confirmUpload } from '#shared/domain/applications/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { documentDeps } from '../wiring/s3.ts';
import { confirmUploadRoute } from './routes.ts';

export const handler = httpHandler(confirmUploadRoute, async ({ principal, params, body, event }) => ({
  body: await confirmUpload(
    documentDeps(),
    principal,
    params.applicationId,
    params.documentCode,
    body,
    requestTime(event),
  ),
}));
