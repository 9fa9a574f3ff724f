import { tacitApprovalAttestation } from '#shared/domain/review/rendering/tacit-approval.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { tacitApprovalRoute } from './routes.ts';
import { tacitApprovalSubject } from './tacit-approval-subject.ts';

export const handler = httpHandler(tacitApprovalRoute, async ({ principal, params }) => {
  const { app, procedure, commune } = await tacitApprovalSubject(principal, params.applicationId);
  return {
    body: tacitApprovalAttestation(app, procedure, commune),
    headers: {
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
  };
});
