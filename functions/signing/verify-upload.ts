import { DomainError } from '#shared/domain/errors.ts';
import { MAX_VERIFIED_PDF_BYTES } from '#shared/domain/signing/permit.ts';
import { verifyUploadedPermit } from '#shared/domain/signing/use-cases/permits.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { certificationAuthority, permits, signingKeys } from '../wiring/table.ts';
import { verifyUploadRoute } from './routes.ts';

/** Checks the uploaded bytes against the record: it needs no access to the permits bucket. */
export const handler = httpHandler(verifyUploadRoute, async ({ body }) => {
  const pdf = Buffer.from(body.pdfBase64, 'base64');
  if (pdf.length > MAX_VERIFIED_PDF_BYTES) {
    throw new DomainError({
      type: 'validation',
      kind: 'too-large',
      title: 'File too large',
      detail: 'A permit PDF is at most 5 MB; check that you uploaded the permit itself.',
    });
  }
  return {
    body: await verifyUploadedPermit(
      { permits: permits(), keys: signingKeys(), authority: certificationAuthority() },
      { permitNumber: body.permitNumber, pdf },
    ),
  };
});
