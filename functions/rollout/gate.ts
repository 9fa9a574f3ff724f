import type { CommuneGate } from '#shared/domain/applications/use-cases.ts';
import { assertCommuneAcceptsApplications } from '#shared/domain/rollout/use-cases.ts';
import { rollout, staff } from './dependencies.ts';

/** The submission routes' gate (a GetItem of the commune's rollout record; the checklist only when refused). */
export const communeGate: CommuneGate = {
  assertAcceptsApplications: (commune, now) =>
    assertCommuneAcceptsApplications({ rollout, staff }, commune, now),
};
