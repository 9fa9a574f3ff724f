import { assertCanRead } from '#shared/domain/applications/access.ts';
import { DomainError } from '#shared/domain/errors.ts';
import type { Principal } from '#shared/domain/identity/principal.ts';
import { getProcedure } from '#shared/domain/procedures/rules.ts';
import { applications, geo } from '../wiring/table.ts';

/** What both attestations (HTML and PDF) render: a tacitly approved file the caller may read, its procedure and commune. */
export async function tacitApprovalSubject(principal: Principal, applicationId: string) {
  const app = assertCanRead(principal, await applications().get(applicationId), applicationId);
  if (app.status !== 'TACITLY_APPROVED') {
    throw new DomainError({
      type: 'invalid-transition',
      kind: 'conflict',
      title: 'No tacit approval',
      detail: `This application is ${app.status}; an attestation exists only for a tacit approval.`,
    });
  }
  const commune = (await geo().getCommune(app.communeId)) ?? { nameFr: app.communeId, nameAr: app.communeId };
  return { app, procedure: getProcedure(app.procedureCode), commune };
}
