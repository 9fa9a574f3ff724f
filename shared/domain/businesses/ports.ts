import type { Business } from './business.ts';

export interface BusinessRepository {
  /** Stores a new profile with its uniqueness claims (e-mail, ICE); a 409 DomainError names the taken one. */
  register(business: Business): Promise<void>;
  /** Removes a profile and its claims (compensation when the sign-in account cannot be created). */
  remove(business: Business): Promise<void>;
  get(id: string): Promise<Business | undefined>;
}
