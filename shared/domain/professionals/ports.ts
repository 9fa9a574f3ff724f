import type { Page } from '../pagination.ts';
import type { EmailProof } from './email-proof.ts';
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
  /** The professional holding the e-mail's uniqueness claim, if any. */
  ownerOfEmail(email: string): Promise<string | undefined>;
}

/** The pending e-mail proofs of registrations (kept apart from the profiles: they hold a secret). */
export interface EmailProofs {
  put(proof: EmailProof): Promise<void>;
  get(professionalId: string): Promise<EmailProof | undefined>;
  /** Counts a wrong code if the proof still has `failedAttempts` (else 409: retry with the current count). */
  recordFailure(proof: EmailProof): Promise<void>;
  delete(professionalId: string): Promise<void>;
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
    /**
     * Whether the e-mail is known to be the person's (default true: an administrator vouches for
     * it and the temporary password goes there). An unverified address is no sign-in alias, so it
     * cannot stand in the way of its owner's own account.
     */
    emailVerified?: boolean;
    /** Created disabled: no sign-in until `confirmEmail`. */
    disabled?: boolean;
  }): Promise<{ temporaryPassword?: string }>;
  userExists(username: string): Promise<boolean>;
  deleteUser(username: string): Promise<void>;
  /** The e-mail is proven: mark it verified and let the account sign in. */
  confirmEmail(username: string): Promise<void>;
}
