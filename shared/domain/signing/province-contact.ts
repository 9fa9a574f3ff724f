import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { Email, Language, MoroccanPhone, PersonName } from '../contact.ts';
import { TrimmedText } from '../text.ts';

/** The person the governor designates to hand signing keys over to the communes of the province. */
export const ProvinceContactInput = /* @__PURE__ */ (() =>
  z.object({
    firstName: PersonName,
    lastName: PersonName,
    /** Function, e.g. "Chef de la division des collectivités territoriales". */
    title: TrimmedText(3, 160),
    phone: MoroccanPhone,
    address: TrimmedText(5, 300),
    email: Email,
    preferredLanguage: z._default(Language, 'fr'),
  }))();
export type ProvinceContactInput = z.infer<typeof ProvinceContactInput>;

export const ProvinceContact = /* @__PURE__ */ (() =>
  z.extend(ProvinceContactInput, {
    provinceId: z.string(),
    username: z.string(),
    designatedAt: z.iso.datetime(),
    designatedBy: z.string(),
    active: z.boolean(),
    replacedAt: z.optional(z.iso.datetime()),
  }))();
export type ProvinceContact = z.infer<typeof ProvinceContact>;

/** One account per contact person and province, whatever the designation order. */
export const contactUsername = (provinceId: string, email: string) =>
  `contact-${provinceId.toLowerCase()}-${createHash('sha256').update(email).digest('hex').slice(0, 12)}`;
