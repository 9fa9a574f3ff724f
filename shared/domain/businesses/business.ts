import * as z from 'zod';
import { Cin, Email, Language, MoroccanPhone, PersonName } from '../contact.ts';
import { Password } from '../professionals/professional.ts';
import { TrimmedText } from '../text.ts';

/** Identifiant commun de l'entreprise: 15 digits, one per company nationally. */
export const Ice = z
  .string()
  .trim()
  .regex(/^\d{15}$/, 'the ICE has 15 digits');
/** Registre du commerce number, as the court's register writes it (e.g. 123456 or RC-CASA-123456). */
export const RcNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9/-]{0,29}$/, 'letters, digits, / or -, e.g. 123456');

const Profile = z.object({
  kind: z.enum(['person', 'company']),
  /** Companies only: the registered name, its ICE and its RC number. */
  companyName: TrimmedText(2, 160).optional(),
  ice: Ice.optional(),
  rcNumber: RcNumber.optional(),
  /** Trade name (enseigne) the licences are issued for, if any. */
  tradeName: TrimmedText(2, 160).optional(),
  firstName: PersonName,
  lastName: PersonName,
  cin: Cin,
  phone: MoroccanPhone,
  email: Email,
  preferredLanguage: Language.default('fr'),
});

/**
 * A business applicant registering itself: a person trading in their own name, or a company with
 * its ICE and RC numbers. Either way a natural person (the trader, or the company's representative)
 * holds the account, with their CIN. One schema per kind, so the document says what a company must
 * give (a person's company fields, if sent, are checked and then dropped).
 */
const Registration = Profile.extend({ password: Password });
export const BusinessRegistration = z.discriminatedUnion('kind', [
  Registration.extend({ kind: z.literal('person') }),
  Registration.extend({
    kind: z.literal('company'),
    companyName: Profile.shape.companyName.unwrap(),
    ice: Ice,
    rcNumber: RcNumber,
  }),
]);
export type BusinessRegistration = z.infer<typeof BusinessRegistration>;

export const Business = Profile.extend({
  /** Also the Cognito username (`biz-<uuid>`), so the token's `cognito:username` finds the profile. */
  id: z.string(),
  registeredAt: z.iso.datetime(),
});
export type Business = z.infer<typeof Business>;

/** The name licences and messages address: the company, else the trader. */
export const businessName = (b: Business): string =>
  b.kind === 'company' && b.companyName ? b.companyName : `${b.firstName} ${b.lastName}`;
