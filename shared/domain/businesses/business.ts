import * as z from 'zod/mini';
import { Cin, Email, Language, MoroccanPhone, PersonName } from '../contact.ts';
import { Password } from '../professionals/professional.ts';
import { TrimmedText } from '../text.ts';

/** Identifiant commun de l'entreprise: 15 digits, one per company nationally. */
export const Ice = /* @__PURE__ */ (() =>
  z.string().check(z.trim(), z.regex(/^\d{15}$/, 'the ICE has 15 digits')))();
/** Registre du commerce number, as the court's register writes it (e.g. 123456 or RC-CASA-123456). */
export const RcNumber = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.trim(),
      z.toUpperCase(),
      z.regex(/^[A-Z0-9][A-Z0-9/-]{0,29}$/, 'letters, digits, / or -, e.g. 123456'),
    ))();

const Profile = /* @__PURE__ */ (() =>
  z.object({
    kind: z.enum(['person', 'company']),
    /** Companies only: the registered name, its ICE and its RC number. */
    companyName: z.optional(TrimmedText(2, 160)),
    ice: z.optional(Ice),
    rcNumber: z.optional(RcNumber),
    /** Trade name (enseigne) the licences are issued for, if any. */
    tradeName: z.optional(TrimmedText(2, 160)),
    firstName: PersonName,
    lastName: PersonName,
    cin: Cin,
    phone: MoroccanPhone,
    email: Email,
    preferredLanguage: z._default(Language, 'fr'),
  }))();

/**
 * A business applicant registering itself: a person trading in their own name, or a company with
 * its ICE and RC numbers. Either way a natural person (the trader, or the company's representative)
 * holds the account, with their CIN. One schema per kind, so the document says what a company must
 * give (a person's company fields, if sent, are checked and then dropped).
 */
const Registration = /* @__PURE__ */ (() => z.extend(Profile, { password: Password }))();
export const BusinessRegistration = /* @__PURE__ */ (() =>
  z.discriminatedUnion('kind', [
    z.extend(Registration, { kind: z.literal('person') }),
    z.extend(Registration, {
      kind: z.literal('company'),
      companyName: Profile.shape.companyName.def.innerType,
      ice: Ice,
      rcNumber: RcNumber,
    }),
  ]))();
export type BusinessRegistration = z.infer<typeof BusinessRegistration>;

export const Business = /* @__PURE__ */ (() =>
  z.extend(Profile, {
    /** Also the Cognito username (`biz-<uuid>`), so the token's `cognito:username` finds the profile. */
    id: z.string(),
    registeredAt: z.iso.datetime(),
  }))();
export type Business = z.infer<typeof Business>;

/** The name licences and messages address: the company, else the trader. */
export const businessName = (b: Business): string =>
  b.kind === 'company' && b.companyName ? b.companyName : `${b.firstName} ${b.lastName}`;
