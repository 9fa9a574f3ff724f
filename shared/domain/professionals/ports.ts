import type { Page } from '../pagination.ts';
import type { Professional, ProfessionalStatus } from './professional.ts';

export interface ProfessionalRepository {
  /** Stores a new profile; throws a 409 DomainError when the registration number or e-mail is taken. */
  register(professional: Professional): Promise<void>;
  /** Removes a profile and its uniqueness claims (compensation when the identity cannot be created). */
  remove(professional: Professional): Promise<void>;
  get(id: string): Promise<Professional | undefined>;
  listByStatus(
    status: ProfessionalStatus,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<Professional>>;
  /** Records the decision if the profile is still pending (else 409), with its audit event. */
  decide(professional: Professional, actor: string, at: string): Promise<void>;
}

/** The identity provider (Cognito): accounts and their role group. */
export interface IdentityProvider {
  createUser(user: {
    username: string;
    email: string;
    phone?: string;
    password?: string;
    group: string;
    attributes?: Record<string, string>;
  }): Promise<{ temporaryPassword?: string }>;
  userExists(username: string): Promise<boolean>;
  deleteUser(username: string): Promise<void>;
}
