import { randomUUID } from 'node:crypto';
import { fieldError } from '../checks.ts';
import { DomainError, notFound } from '../errors.ts';
import { assertRole, type Principal } from '../identity/principal.ts';
import { renderEmail } from '../notifications/messages.ts';
import type { EmailSender } from '../notifications/ports.ts';
import {
  codeMatches,
  EMAIL_PROOF_POLICY,
  emailProofExpired,
  newEmailProof,
} from '../professionals/email-proof.ts';
import type { EmailProofs, IdentityProvider } from '../professionals/ports.ts';
import { type Business, type BusinessRegistration, businessName } from './business.ts';
import type { BusinessRepository } from './ports.ts';

export interface BusinessDeps {
  businesses: BusinessRepository;
  identity: IdentityProvider;
  proofs: EmailProofs;
  mailer: EmailSender;
}

/**
 * Self-registration of a merchant, as for professionals (profile first, then a disabled account in
 * the `business` group, then a code mailed to the address) but with no ministry verification: a
 * business files only the procedures the catalogue opens to it, reviewed by the desk like any file.
 */
export async function registerBusiness(
  deps: BusinessDeps,
  input: BusinessRegistration,
  now: Date,
): Promise<Business> {
  const { password, companyName, ice, rcNumber, ...profile } = input;
  const business: Business = {
    ...profile,
    // A trader in their own name has no company numbers, whatever the form sent.
    ...(profile.kind === 'company' ? { companyName, ice, rcNumber } : {}),
    id: `biz-${randomUUID()}`,
    registeredAt: now.toISOString(),
  };
  await deps.businesses.register(business);
  try {
    await deps.identity.createUser({
      username: business.id,
      email: business.email,
      phone: business.phone,
      password,
      group: 'business',
      attributes: { locale: business.preferredLanguage },
      emailVerified: false,
      disabled: true,
    });
  } catch (error) {
    await deps.businesses.remove(business).catch(() => undefined);
    throw error;
  }
  const { proof, code } = newEmailProof(business.id, now);
  await deps.proofs.put(proof);
  const mail = renderEmail('EMAIL_CODE', business.preferredLanguage, {
    applicationId: '-',
    procedureLabelFr: '-',
    procedureLabelAr: '-',
    communeNameFr: '-',
    communeNameAr: '-',
    recipientName: businessName(business),
    emailCode: code,
  });
  await deps.mailer.send({ to: business.email, ...mail });
  return business;
}

const codeRefused = (remaining: number) =>
  new DomainError({
    type: 'wrong-email-code',
    kind: 'invalid',
    title: 'Wrong code',
    detail:
      remaining > 0
        ? `This is not the code we e-mailed. ${remaining} attempt(s) left.`
        : 'Too many wrong codes, or the code expired: register again to receive a new one.',
    details: { errors: [fieldError('body.code', 'email_code_wrong')] },
  });

/** The code mailed at registration comes back: the e-mail is proven and the account can sign in. */
export async function confirmBusinessEmail(
  deps: Pick<BusinessDeps, 'proofs' | 'identity' | 'businesses'>,
  businessId: string,
  code: string,
  now: Date,
): Promise<{ businessId: string; emailVerified: true }> {
  const proof = await deps.proofs.get(businessId);
  const business = await deps.businesses.get(businessId);
  if (!proof || !business) throw notFound('Pending registration', businessId);
  if (emailProofExpired(proof, now)) throw codeRefused(0);
  if (!codeMatches(proof, code)) {
    await deps.proofs.recordFailure(proof);
    throw codeRefused(EMAIL_PROOF_POLICY.maxAttempts - proof.failedAttempts - 1);
  }
  await deps.identity.confirmEmail(businessId);
  await deps.proofs.delete(businessId);
  return { businessId, emailVerified: true };
}

/** Filing as a business needs its profile (the account alone, e.g. made by hand, is not enough). */
export async function assertBusiness(repo: BusinessRepository, principal: Principal): Promise<Business> {
  assertRole(principal, 'business');
  const business = await repo.get(principal.username);
  if (!business) {
    throw new DomainError({
      type: 'business-not-registered',
      kind: 'forbidden',
      title: 'No business profile',
      detail: 'This account has no business profile. Register with POST /businesses first.',
    });
  }
  return business;
}
