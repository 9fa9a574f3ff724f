import { downloadPermit } from '#shared/domain/signing/use-cases/permits.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { permitStorage } from '../wiring/s3.ts';
import { applications, permits } from '../wiring/table.ts';
import { downloadPermitRoute } from './routes.ts';

export const handler = httpHandler(downloadPermitRoute, async ({ principal, params }) => {
  const { fileName, pdf } = await downloadPermit(
    { applications: applications(), permits: permits(), storage: permitStorage() },
    principal,
    params.applicationId,
  );
  return {
    body: pdf as unknown as string,
    headers: {
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'private, no-store',
    },
  };
});
