import * as z from 'zod';
import { CHECKS } from '../checks.ts';
import { Cin, Email, Language, MoroccanPhone, PersonName } from '../contact.ts';
import { TrimmedText } from '../text.ts';

export const PROFESSIONS = ['architect', 'surveyor_engineer', 'topographer', 'engineer'] as const;
export const Profession = z.enum(PROFESSIONS);
export type Profession = z.infer<typeof Profession>;

/** Number in the professional order's register (e.g. CNOA for architects); unique per profession. */
export const RegistrationNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9/-]{1,29}$/, CHECKS.invalid_registration_number);

/** Cognito's policy for the pool, checked here too so the error names the rule. */
export const Password = z
  .string()
  .min(12, CHECKS.password_too_short)
  .max(256)
  .regex(/[a-z]/, CHECKS.password_needs_lowercase)
  .regex(/[A-Z]/, CHECKS.password_needs_uppercase)
  .regex(/\d/, CHECKS.password_needs_digit)
  .regex(/[^A-Za-z0-9]/, CHECKS.password_needs_symbol)
  // The four rules above as the one pattern OpenAPI can state (a schema has a single `pattern`). Four
  // patterns under allOf would say the same, but schemathesis 4.32.5 then takes a number for a valid
  // body; the lookaheads cost it ~2 minutes of generation per registration route instead.
  .meta({
    pattern: '^(?=[\\s\\S]*[a-z])(?=[\\s\\S]*[A-Z])(?=[\\s\\S]*[0-9])(?=[\\s\\S]*[^A-Za-z0-9])[\\s\\S]*$',
  });

export const ProfessionalRegistration = z.object({
  profession: Profession,
  registrationNumber: RegistrationNumber,
  firstName: PersonName,
  lastName: PersonName,
  cin: Cin,
  phone: MoroccanPhone,
  email: Email,
  preferredLanguage: Language.default('fr'),
  /** Engineering firm the professional files for, if any. */
  firm: TrimmedText(2, 120).optional(),
  password: Password,
});
export type ProfessionalRegistration = z.infer<typeof ProfessionalRegistration>;

export const PROFESSIONAL_STATUSES = ['PENDING_VERIFICATION', 'VERIFIED', 'REJECTED'] as const;
export const ProfessionalStatus = z.enum(PROFESSIONAL_STATUSES);
export type ProfessionalStatus = z.infer<typeof ProfessionalStatus>;

export const Professional = ProfessionalRegistration.omit({ password: true }).extend({
  /** Also the Cognito username, so the token's `cognito:username` finds the profile. */
  id: z.string(),
  status: ProfessionalStatus,
  registeredAt: z.iso.datetime(),
  verifiedAt: z.iso.datetime().optional(),
  verifiedBy: z.string().optional(),
  rejectionReason: z.string().optional(),
});
export type Professional = z.infer<typeof Professional>;

export const VerificationDecision = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('VERIFIED') }),
  z.object({ decision: z.literal('REJECTED'), reason: TrimmedText(5, 500) }),
]);
export type VerificationDecision = z.infer<typeof VerificationDecision>;
