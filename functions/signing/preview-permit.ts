import { previewPermit } from '#shared/domain/signing/use-cases/permits.ts';
import { env } from '#shared/environment.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applicationDeps, payments, signingKeys } from '../wiring/table.ts';
import { previewPermitRoute } from './routes.ts';

/** Reads only: no PIN, no KMS, nothing stored. The PDF opens in the browser beside the PIN form. */
export const handler = httpHandler(previewPermitRoute, async ({ principal, params, event }) => {
  const { fileName, pdf } = await previewPermit(
    {
      ...applicationDeps(),
      payments: payments(),
      keys: signingKeys(),
      webUrl: env('APP_WEB_URL'),
    },
    principal,
    params.applicationId,
    requestTime(event),
  );
  return {
    body: pdf as unknown as string,
    headers: {
      'content-disposition': `inline; filename="${fileName}"`,
      'cache-control': 'private, no-store',
    },
  };
});
