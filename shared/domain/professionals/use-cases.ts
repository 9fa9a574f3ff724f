import { randomUUID } from 'node:crypto';
import { DomainError, notFound } from '../errors.ts';
import { assertRole, type Principal } from '../identity/principal.ts';
import { emailCode } from '../notifications/messages/email-code.ts';
import type { EmailSender } from '../notifications/ports.ts';
import { renderEmail } from '../notifications/render.ts';
import type { Page } from '../pagination.ts';
import { emailProofExpired, newEmailProof, proveEmail } from './email-proof.ts';
import type { EmailProofs, IdentityProvider, ProfessionalRepository } from './ports.ts';
import type {
  Professional,
  ProfessionalRegistration,
  ProfessionalStatus,
  VerificationDecision,
} from './professional.ts';

export interface ProfessionalDeps {
  professionals: ProfessionalRepository;
  identity: IdentityProvider;
  proofs: EmailProofs;
  mailer: EmailSender;
}

/**
 * Self-registration: the profile (with its uniqueness claims on registration number and e-mail) is
 * stored first, then the sign-in account is created in the `professional` group, **disabled and with
 * an unverified e-mail**, and a one-time code is mailed to the address: the account signs in only
 * once the code comes back (`confirmEmail`). If the account cannot be created the profile is
 * removed again, so nothing is left half-registered. A registration whose code was never returned
 * in time does not hold the address: a new registration with it takes its place.
 */
export async function registerProfessional(
  deps: ProfessionalDeps,
  input: ProfessionalRegistration,
  now: Date,
): Promise<Professional> {
  const { password, ...profile } = input;
  const professional: Professional = {
    ...profile,
    id: `pro-${randomUUID()}`,
    status: 'PENDING_VERIFICATION',
    registeredAt: now.toISOString(),
  };
  try {
    await deps.professionals.register(professional);
  } catch (error) {
    if (!(await releaseUnprovenClaim(deps, professional.email, now))) throw error;
    await deps.professionals.register(professional);
  }
  try {
    await deps.identity.createUser({
      username: professional.id,
      email: professional.email,
      phone: professional.phone,
      password,
      group: 'professional',
      // The ID token's `locale` claim: the API answers in it when a request names no language.
      attributes: { locale: professional.preferredLanguage },
      emailVerified: false,
      disabled: true,
    });
  } catch (error) {
    // Keep the original failure for the caller even if the clean-up fails too.
    await deps.professionals.remove(professional).catch(() => undefined);
    throw error;
  }
  const { proof, code } = newEmailProof(professional.id, now);
  await deps.proofs.put(proof);
  const mail = renderEmail(emailCode, professional.preferredLanguage, {
    applicationId: '-',
    procedureLabelFr: '-',
    procedureLabelAr: '-',
    communeNameFr: '-',
    communeNameAr: '-',
    recipientName: `${professional.firstName} ${professional.lastName}`,
    emailCode: code,
  });
  await deps.mailer.send({ to: professional.email, ...mail });
  return professional;
}

/** Frees an e-mail held by a registration that never proved it in time; true if it did. */
async function releaseUnprovenClaim(deps: ProfessionalDeps, email: string, now: Date): Promise<boolean> {
  const owner = await deps.professionals.ownerOfEmail(email);
  const proof = owner ? await deps.proofs.get(owner) : undefined;
  const stale = owner ? await deps.professionals.get(owner) : undefined;
  if (!proof || !stale || !emailProofExpired(proof, now)) return false;
  await deps.identity.deleteUser(stale.id).catch(() => undefined);
  await deps.professionals.remove(stale);
  await deps.proofs.delete(stale.id);
  return true;
}

/** The registering professional returns the code mailed to them (proveEmail says the rules). */
export async function confirmEmail(
  deps: Pick<ProfessionalDeps, 'proofs' | 'identity' | 'professionals'>,
  professionalId: string,
  code: string,
  now: Date,
): Promise<{ professionalId: string; emailVerified: true }> {
  await proveEmail(deps, professionalId, (id) => deps.professionals.get(id), code, now);
  return { professionalId, emailVerified: true };
}

export async function getOwnProfile(
  repo: ProfessionalRepository,
  principal: Principal,
): Promise<Professional> {
  assertRole(principal, 'professional');
  const professional = await repo.get(principal.username);
  if (!professional) throw notFound('Professional profile', principal.username);
  return professional;
}

export async function listProfessionals(
  repo: ProfessionalRepository,
  principal: Principal,
  status: ProfessionalStatus,
  cursor: string | undefined,
  limit: number,
): Promise<Page<Professional>> {
  assertRole(principal, 'ministry_admin');
  return repo.listByStatus(status, cursor, limit);
}

/** The ministry verifies (or rejects) a pending registration; only verified professionals may file. */
export async function decideVerification(
  repo: ProfessionalRepository,
  principal: Principal,
  id: string,
  decision: VerificationDecision,
  now: Date,
): Promise<Professional> {
  assertRole(principal, 'ministry_admin');
  const professional = await repo.get(id);
  if (!professional) throw notFound('Professional', id);
  if (professional.status !== 'PENDING_VERIFICATION') {
    throw new DomainError({
      type: 'already-decided',
      kind: 'conflict',
      title: 'Already decided',
      detail: `This registration is already ${professional.status}; nothing was changed.`,
    });
  }
  const at = now.toISOString();
  const decided: Professional = {
    ...professional,
    status: decision.decision,
    verifiedAt: at,
    verifiedBy: principal.username,
    ...(decision.decision === 'REJECTED' ? { rejectionReason: decision.reason } : {}),
  };
  await repo.decide(decided, principal.username, at);
  return decided;
}

/** Filing needs a verified professional: the error says which step is missing. */
export async function assertVerifiedProfessional(
  repo: ProfessionalRepository,
  principal: Principal,
): Promise<Professional> {
  assertRole(principal, 'professional');
  const professional = await repo.get(principal.username);
  if (!professional) {
    throw new DomainError({
      type: 'professional-not-registered',
      kind: 'forbidden',
      title: 'No professional profile',
      detail: 'This account has no professional profile. Register with POST /professionals first.',
    });
  }
  if (professional.status !== 'VERIFIED') {
    throw new DomainError({
      type: 'professional-not-verified',
      kind: 'forbidden',
      title: 'Professional not verified',
      detail:
        professional.status === 'REJECTED'
          ? `Your registration was rejected (${professional.rejectionReason ?? 'no reason given'}); you cannot file applications.`
          : 'Your registration awaits verification by the ministry; you can file applications once it is verified.',
    });
  }
  return professional;
}
