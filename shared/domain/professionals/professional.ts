import * as z from 'zod/mini';
import { CHECKS } from '../checks.ts';
import { Cin, Email, Language, MoroccanPhone, PersonName } from '../contact.ts';
import { TrimmedText } from '../text.ts';

export const PROFESSIONS = ['architect', 'surveyor_engineer', 'topographer', 'engineer'] as const;
export const Profession = /* @__PURE__ */ (() => z.enum(PROFESSIONS))();
export type Profession = z.infer<typeof Profession>;

/** Number in the professional order's register (e.g. CNOA for architects); unique per profession. */
export const RegistrationNumber = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.trim(),
      z.toUpperCase(),
      z.regex(/^[A-Z0-9][A-Z0-9/-]{1,29}$/, CHECKS.invalid_registration_number),
    ))();

/** The four kinds of character a password must each contain (Cognito's policy). */
const PASSWORD_CLASSES = ['[a-z]', '[A-Z]', '[0-9]', '[^A-Za-z0-9]'];

/** Every order of the items (4 classes: 24 orders). */
const orders = (items: string[]): string[][] =>
  items.length <= 1
    ? [items]
    : items.flatMap((item, i) => orders(items.filter((_, j) => j !== i)).map((rest) => [item, ...rest]));

/**
 * The four rules of {@link Password} as the one pattern OpenAPI can state (a schema has a single
 * `pattern`; four under allOf make schemathesis 4.32.5 take a number for a valid body): the classes
 * appear in one of their 24 orders. Lookaheads would say it shorter, but schemathesis's coverage
 * phase cannot fold a length (12, 13, 255, 256) into them and spent Hypothesis's whole budget on each
 * boundary, ~2.5 minutes for the business registration; this pattern it pins to a length outright.
 */
export const PASSWORD_PATTERN = /* @__PURE__ */ (() =>
  `^[\\s\\S]*(?:${orders(PASSWORD_CLASSES)
    .map((order) => order.join('[\\s\\S]*'))
    .join('|')})[\\s\\S]*$`)();

/** Cognito's policy for the pool, checked here too so the error names the rule. */
export const Password = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.minLength(12, CHECKS.password_too_short),
      z.maxLength(256),
      z.regex(/[a-z]/, CHECKS.password_needs_lowercase),
      z.regex(/[A-Z]/, CHECKS.password_needs_uppercase),
      z.regex(/\d/, CHECKS.password_needs_digit),
      z.regex(/[^A-Za-z0-9]/, CHECKS.password_needs_symbol),
      z.meta({ pattern: PASSWORD_PATTERN }),
    ))();

export const ProfessionalRegistration = /* @__PURE__ */ (() =>
  z.object({
    profession: Profession,
    registrationNumber: RegistrationNumber,
    firstName: PersonName,
    lastName: PersonName,
    cin: Cin,
    phone: MoroccanPhone,
    email: Email,
    preferredLanguage: z._default(Language, 'fr'),
    /** Engineering firm the professional files for, if any. */
    firm: z.optional(TrimmedText(2, 120)),
    password: Password,
  }))();
export type ProfessionalRegistration = z.infer<typeof ProfessionalRegistration>;

export const PROFESSIONAL_STATUSES = ['PENDING_VERIFICATION', 'VERIFIED', 'REJECTED'] as const;
export const ProfessionalStatus = /* @__PURE__ */ (() => z.enum(PROFESSIONAL_STATUSES))();
export type ProfessionalStatus = z.infer<typeof ProfessionalStatus>;

export const Professional = /* @__PURE__ */ (() =>
  z.extend(z.omit(ProfessionalRegistration, { password: true }), {
    /** Also the Cognito username, so the token's `cognito:username` finds the profile. */
    id: z.string(),
    status: ProfessionalStatus,
    registeredAt: z.iso.datetime(),
    verifiedAt: z.optional(z.iso.datetime()),
    verifiedBy: z.optional(z.string()),
    rejectionReason: z.optional(z.string()),
  }))();
export type Professional = z.infer<typeof Professional>;

export const VerificationDecision = /* @__PURE__ */ (() =>
  z.discriminatedUnion('decision', [
    z.object({ decision: z.literal('VERIFIED') }),
    z.object({ decision: z.literal('REJECTED'), reason: TrimmedText(5, 500) }),
  ]))();
export type VerificationDecision = z.infer<typeof VerificationDecision>;
