import { createHash } from 'node:crypto';
import * as z from 'zod';
import { Email, Language, MoroccanPhone, PersonName } from '../contact.ts';
import { DomainError, notFound } from '../errors.ts';
import type { GeoRepository } from '../geo/ports.ts';
import { assertRole, hasRole, type Principal } from '../identity/principal.ts';
import { renderEmail } from '../notifications/messages.ts';
import type { EmailSender } from '../notifications/ports.ts';
import type { IdentityProvider } from '../professionals/ports.ts';

/** The person the governor designates to hand signing keys over to the communes of the province. */
export const ProvinceContactInput = z.object({
  firstName: PersonName,
  lastName: PersonName,
  /** Function, e.g. "Chef de la division des collectivités territoriales". */
  title: z.string().trim().min(3).max(160),
  phone: MoroccanPhone,
  address: z.string().trim().min(5).max(300),
  email: Email,
  preferredLanguage: Language.default('fr'),
});
export type ProvinceContactInput = z.infer<typeof ProvinceContactInput>;

export const ProvinceContact = ProvinceContactInput.extend({
  provinceId: z.string(),
  username: z.string(),
  designatedAt: z.iso.datetime(),
  designatedBy: z.string(),
  active: z.boolean(),
  replacedAt: z.iso.datetime().optional(),
});
export type ProvinceContact = z.infer<typeof ProvinceContact>;

export interface ContactRepository {
  current(provinceId: string): Promise<ProvinceContact | undefined>;
  history(provinceId: string): Promise<ProvinceContact[]>;
  /**
   * Makes `next` the province's only active contact and closes `previous`, atomically; refused
   * (409) if another designation happened since `previous` was read.
   */
  designate(next: ProvinceContact, previous: ProvinceContact | undefined): Promise<void>;
}

export interface ContactDeps {
  contacts: ContactRepository;
  geo: GeoRepository;
  /** `suspendUser`: disabled and signed out everywhere (refresh tokens revoked). */
  identity: IdentityProvider & { suspendUser(username: string): Promise<void> };
  mailer: EmailSender;
  loginUrl: string;
}

/** One account per contact person and province, whatever the designation order. */
export const contactUsername = (provinceId: string, email: string) =>
  `contact-${provinceId.toLowerCase()}-${createHash('sha256').update(email).digest('hex').slice(0, 12)}`;

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
    const mail = renderEmail('CONTACT_DESIGNATED', input.preferredLanguage, {
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
