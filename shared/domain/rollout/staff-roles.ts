import type { Role } from '../identity/principal.ts';

/**
 * The roles of civil servants (accounts created by an administrator, never self-registered). Kept
 * free of any library so the web portal imports these same lists (the ministry's staff filter, the
 * staff form) without bundling the domain's schemas.
 */
export const STAFF_ROLES = [
  'desk_agent',
  'commission_member',
  'signatory',
  'commune_treasurer',
  'province_contact',
  'ministry_admin',
] as const satisfies readonly Role[];

/** Roles a province contact may grant, for the communes (and the agencies' territory) of their province. */
export const PROVINCE_GRANTABLE = [
  'desk_agent',
  'commission_member',
  'signatory',
  'commune_treasurer',
] as const satisfies readonly (typeof STAFF_ROLES)[number][];
