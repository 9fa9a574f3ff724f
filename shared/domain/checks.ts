/**
 * Our own input checks (beyond zod's built-in ones), each with a stable code a client can branch on
 * and its English text (the developers' fallback). Schemas use the text as their zod message
 * (`.regex(re, CHECKS.invalid_phone)`); the edge finds the code back from it and answers the
 * message in the caller's language (shared/http/i18n/fields.ts, which must translate every code).
 */
export const CHECKS = {
  required: 'required',
  invalid_phone: 'a Moroccan phone number, e.g. +212612345678 or 0612345678',
  invalid_cin: 'a CIN looks like BE123456',
  invalid_email: 'a valid e-mail address',
  invalid_registration_number: 'letters, digits, / or -, e.g. CNOA-12345',
  password_too_short: 'at least 12 characters',
  password_needs_lowercase: 'needs a lower-case letter',
  password_needs_uppercase: 'needs an upper-case letter',
  password_needs_digit: 'needs a digit',
  password_needs_symbol: 'needs a symbol',
  password_policy: 'does not meet the password policy',
  invalid_application_id: 'an application id looks like app-<uuid>',
  invalid_region_id: 'a region id looks like MA-01 … MA-12',
  invalid_province_id: 'a province id looks like MA-CAS (ISO 3166-2:MA)',
  invalid_commune_id: 'a commune id looks like cas-casablanca (province code + slug)',
  invalid_province_code: 'a province code looks like 01.511 (HCP geographic code)',
  invalid_commune_code: 'a commune code looks like 01.511.01.01 (HCP geographic code)',
  arabic_script_required: 'must be written in Arabic script',
  invalid_document_code: 'a document code looks like SITE_PLAN',
  invalid_tracking_number: 'A tracking number has 8 to 40 letters, digits or dashes.',
  unknown_commune: 'unknown commune',
  unknown_province: 'unknown province',
  invalid_cursor: 'unknown cursor',
  email_code_wrong: 'wrong code',
  pin_refused: 'the PIN does not meet the PIN policy',
  roles_repeated: 'each role once',
  range_min_above_max: 'min must not exceed max',
  scope_mismatch: 'the roles and the scope do not match',
  tariff_out_of_range: 'a rate outside its legal range',
} as const;

export type CheckCode = keyof typeof CHECKS;

let codeOfMessage: Map<string, CheckCode> | undefined;
/**
 * Our checks carry their English text as zod message (`.regex(re, CHECKS.x)`): the text finds the
 * code back. Built on the first call: a function that never fails a check never builds it.
 */
export function checkCodeOf(message: string): CheckCode | undefined {
  codeOfMessage ??= new Map(Object.entries(CHECKS).map(([code, text]) => [text, code as CheckCode]));
  return codeOfMessage.get(message);
}

/** A field error a use case raises itself (zod's come from the schemas): where, which check, its parameters. */
export const fieldError = (path: string, code: CheckCode, params?: Record<string, unknown>) => ({
  path,
  code,
  message: CHECKS[code],
  ...(params ? { params } : {}),
});
