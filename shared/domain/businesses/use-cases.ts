import { randomUUID } from 'node:crypto';
import { DomainError } from '../errors.ts';
import { assertRole, type Principal } from '../identity/principal.ts';
import { emailCode } from '../notifications/messages/email-code.ts';
import type { EmailSender } from '../notifications/ports.ts';
import { renderEmail } from '../notifications/render.ts';
import { newEmailProof, proveEmail } from '../professionals/email-proof.ts';
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
  const mail = renderEmail(emailCode, business.preferredLanguage, {
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

/** The code mailed at registration comes back: the e-mail is proven and the account can sign in. */
export async function confirmBusinessEmail(
  deps: Pick<BusinessDeps, 'proofs' | 'identity' | 'businesses'>,
  businessId: string,
  code: string,
  now: Date,
): Promise<{ businessId: string; emailVerified: true }> {
  await proveEmail(deps, businessId, (id) => deps.businesses.get(id), code, now);
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
