import { requestUpload } from '#shared/domain/applications/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { documentDeps } from '../wiring/s3.ts';
import { requestUploadRoute } from './routes.ts';

export const handler = httpHandler(requestUploadRoute, async ({ principal, params, body, event }) => ({
  body: await requestUpload(
    documentDeps(),
    principal,
    params.applicationId,
    params.documentCode,
    body,
    requestTime(event),
  ),
  headers: { 'cache-control': 'no-store' },
}));
