import { fileSignatures } from '#shared/domain/review/signed-review.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications, certificationAuthority, signingKeys } from '../wiring/table.ts';
import { signaturesRoute } from './routes.ts';

export const handler = httpHandler(signaturesRoute, async ({ principal, params }) => ({
  body: await fileSignatures(
    { applications: applications(), keys: signingKeys(), authority: certificationAuthority() },
    principal,
    params.applicationId,
  ),
  headers: { 'cache-control': 'private, no-store' },
}));
