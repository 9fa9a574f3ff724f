import { renderTacitApprovalPdf } from '#shared/domain/review/rendering/tacit-approval-pdf.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { tacitApprovalPdfRoute } from './routes.ts';
import { tacitApprovalSubject } from './tacit-approval-subject.ts';

export const handler = httpHandler(tacitApprovalPdfRoute, async ({ principal, params }) => {
  const { app, procedure, commune } = await tacitApprovalSubject(principal, params.applicationId);
  const pdf = await renderTacitApprovalPdf(app, procedure, commune);
  return {
    body: pdf as unknown as string,
    headers: {
      'content-disposition': `attachment; filename="accord-tacite-${app.id}.pdf"`,
      'cache-control': 'private, no-store',
    },
  };
});
