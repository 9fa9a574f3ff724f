import { DomainError, notFound } from '../../errors.ts';
import type { GeoRepository } from '../../geo/ports.ts';
import { assertRole, hasRole, type Principal } from '../../identity/principal.ts';
import { contactDesignated } from '../../notifications/messages/contact-designated.ts';
import type { EmailSender } from '../../notifications/ports.ts';
import { renderEmail } from '../../notifications/render.ts';
import type { IdentityProvider } from '../../professionals/ports.ts';
import type { ContactRepository } from '../ports.ts';
import { contactUsername, type ProvinceContact, type ProvinceContactInput } from '../province-contact.ts';

export interface ContactDeps {
  contacts: ContactRepository;
  geo: GeoRepository;
  /** `suspendUser`: disabled and signed out everywhere (refresh tokens revoked). */
  identity: IdentityProvider & { suspendUser(username: string): Promise<void> };
  mailer: EmailSender;
  loginUrl: string;
}

/**
 * The ministry records the governor's designation: the new contact gets a `province_contact`
 * account scoped to the province (temporary password by e-mail), the previous one is closed (kept
 * in the history), its account disabled and its sessions ended.
 */
export async function designateContact(
  deps: ContactDeps,
  principal: Principal,
  provinceId: string,
  input: ProvinceContactInput,
  now: Date,
) {
  assertRole(principal, 'ministry_admin');
  const province = await deps.geo.getProvince(provinceId);
  if (!province) throw notFound('Province', provinceId);
  const previous = await deps.contacts.current(provinceId);
  const username = contactUsername(provinceId, input.email);
  const contact: ProvinceContact = {
    ...input,
    provinceId,
    username,
    designatedAt: now.toISOString(),
    designatedBy: principal.username,
    active: true,
  };
  const created = (await deps.identity.userExists(username))
    ? {}
    : await deps.identity.createUser({
        username,
        email: input.email,
        phone: input.phone,
        group: 'province_contact',
        attributes: { 'custom:province': provinceId, locale: input.preferredLanguage },
      });
  await deps.contacts.designate(contact, previous);
  // The contact replaced loses access at once: the designation's transaction marked their account
  // suspended (every token refused from now on); Cognito disables it and revokes its refresh tokens.
  if (previous && previous.username !== username) await deps.identity.suspendUser(previous.username);
  if (created.temporaryPassword) {
    const mail = renderEmail(contactDesignated, input.preferredLanguage, {
      applicationId: '-',
      procedureLabelFr: '-',
      procedureLabelAr: '-',
      communeNameFr: '-',
      communeNameAr: '-',
      provinceNameFr: province.nameFr,
      provinceNameAr: province.nameAr,
      recipientName: `${input.firstName} ${input.lastName}`,
      username,
      temporaryPassword: created.temporaryPassword,
      loginUrl: deps.loginUrl,
    });
    await deps.mailer.send({ to: input.email, ...mail });
  }
  return { contact, previous: previous ?? null, newAccount: Boolean(created.temporaryPassword) };
}

/** The ministry sees every province's contact; a contact sees their own province's record. */
export async function provinceContact(
  deps: Pick<ContactDeps, 'contacts'>,
  principal: Principal,
  provinceId: string,
) {
  const allowed =
    hasRole(principal, 'ministry_admin') ||
    (hasRole(principal, 'province_contact') && principal.scope.provinceId === provinceId);
  if (!allowed) {
    throw new DomainError({
      type: 'forbidden',
      kind: 'forbidden',
      title: 'Forbidden',
      detail: `Only the ministry or the contact of ${provinceId} can see this record.`,
    });
  }
  const current = await deps.contacts.current(provinceId);
  return { current: current ?? null, history: await deps.contacts.history(provinceId) };
}
