import type { Page } from '../pagination.ts';
import type { CommuneRollout, RegionWave, SigningKeyView } from './onboarding.ts';
import type { StaffEvent, StaffMember } from './staff.ts';
import type { DayCount } from './stats.ts';

export interface StaffRepository {
  get(username: string): Promise<StaffMember | undefined>;
  findByEmail(email: string): Promise<StaffMember | undefined>;
  /**
   * Stores a new account with its e-mail claim, its audit event and its access marker, in one
   * transaction; 409 if the e-mail or the username is taken.
   */
  create(member: StaffMember, event: StaffEvent): Promise<void>;
  /** Replaces the account if still at `expectedVersion` (else 409), moving the e-mail claim if it changed. */
  update(next: StaffMember, previous: StaffMember, event: StaffEvent): Promise<void>;
  /** Removes an account whose identity could not be created (compensation). */
  remove(member: StaffMember): Promise<void>;
  /** Every account whose scope is in a province (commune staff, commission members, province contacts). */
  listByProvince(provinceId: string): Promise<StaffMember[]>;
  /** Every account (ministry listing, public figures), paged. */
  list(cursor: string | undefined, limit: number): Promise<Page<StaffMember>>;
  listAll(): Promise<StaffMember[]>;
  history(username: string): Promise<StaffEvent[]>;
}

/** The platform's own session check, read on every authenticated request. */
export interface AccessMarker {
  username: string;
  suspended: boolean;
  /** Tokens issued at or before this instant are refused (set on suspension, kept on reactivation). */
  revokedAt?: string;
}

export interface RolloutRepository {
  get(communeId: string): Promise<CommuneRollout | undefined>;
  /** Writes the new status if the record is still at `expectedVersion` (0 = no record yet); else 409. */
  save(next: CommuneRollout, expectedVersion: number, event: RolloutEvent): Promise<void>;
  /** Rollout records of a province (communes without one have not started). */
  listByProvince(provinceId: string): Promise<CommuneRollout[]>;
  /** Rollout records in a status, nationally. */
  listByStatus(status: CommuneRollout['status']): Promise<CommuneRollout[]>;
  history(communeId: string): Promise<RolloutEvent[]>;
  waves(): Promise<RegionWave[]>;
  putWave(wave: RegionWave): Promise<void>;
  /** The commune's signing keys in ACTIVE state (records owned by the signing capability). */
  activeKeys(communeId: string): Promise<SigningKeyView[]>;
  /** The effective date of the commune's tariff in force on a date (the payments capability's record). */
  tariffInForce(communeId: string, date: string): Promise<string | undefined>;
  /** Daily application counters between two days (inclusive). */
  days(from: string, to: string): Promise<DayCount[]>;
  /** Professions of the verified professionals. */
  verifiedProfessions(): Promise<string[]>;
}

export interface RolloutEvent {
  communeId: string;
  at: string;
  actor: string;
  from: CommuneRollout['status'];
  to: CommuneRollout['status'];
  note?: string;
  /** The checklist when the status changed (what was complete when it went live). */
  missing: string[];
}

/** Cognito administration of civil-servant accounts. */
export interface StaffDirectory {
  /** Creates the account with a temporary password (to change at first sign-in) and puts it in its groups. */
  createStaffUser(user: {
    username: string;
    email: string;
    phone: string;
    givenName: string;
    familyName: string;
    groups: readonly string[];
    attributes: Record<string, string | undefined>;
  }): Promise<{ temporaryPassword: string }>;
  updateStaffUser(
    username: string,
    change: {
      attributes: Record<string, string | undefined>;
      addGroups: readonly string[];
      removeGroups: readonly string[];
    },
  ): Promise<void>;
  /** Disables the account and signs it out everywhere (refresh tokens revoked). */
  suspendUser(username: string): Promise<void>;
  /** Revokes the account's refresh tokens (it must sign in again to get tokens with its new claims). */
  signOutEverywhere(username: string): Promise<void>;
  enableUser(username: string): Promise<void>;
  deleteUser(username: string): Promise<void>;
}
