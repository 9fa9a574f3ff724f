import { describe, expect, it } from 'vitest';
import { conflict, DomainError } from '#shared/domain/errors.ts';
import type { Principal, Role } from '#shared/domain/identity/principal.ts';
import type { Page } from '#shared/domain/pagination.ts';
import type { EmailProof } from '#shared/domain/professionals/email-proof.ts';
import type {
  EmailProofs,
  IdentityProvider,
  ProfessionalRepository,
} from '#shared/domain/professionals/ports.ts';
import {
  type Professional,
  ProfessionalRegistration,
  type ProfessionalStatus,
} from '#shared/domain/professionals/professional.ts';
import {
  assertVerifiedProfessional,
  confirmEmail,
  decideVerification,
  getOwnProfile,
  listProfessionals,
  registerProfessional,
} from '#shared/domain/professionals/use-cases.ts';
import { statusOf } from '#shared/http/problem.ts';

// ---------------------------------------------------------------------------------------------------------
// In-memory fakes of the ports
// ---------------------------------------------------------------------------------------------------------

class InMemoryProfessionals implements ProfessionalRepository {
  readonly items = new Map<string, Professional>();
  readonly removed: Professional[] = [];
  readonly decisions: { professional: Professional; actor: string; at: string }[] = [];

  async register(professional: Professional): Promise<void> {
    for (const existing of this.items.values()) {
      if (
        (existing.profession === professional.profession &&
          existing.registrationNumber === professional.registrationNumber) ||
        existing.email === professional.email
      ) {
        throw conflict('This registration number or e-mail is already registered.');
      }
    }
    this.items.set(professional.id, structuredClone(professional));
  }

  async remove(professional: Professional): Promise<void> {
    this.removed.push(professional);
    this.items.delete(professional.id);
  }

  async get(id: string): Promise<Professional | undefined> {
    const found = this.items.get(id);
    return found ? structuredClone(found) : undefined;
  }

  async listByStatus(
    status: ProfessionalStatus,
    _cursor: string | undefined,
    limit: number,
  ): Promise<Page<Professional>> {
    return { items: [...this.items.values()].filter((p) => p.status === status).slice(0, limit) };
  }

  async ownerOfEmail(email: string): Promise<string | undefined> {
    return [...this.items.values()].find((p) => p.email === email)?.id;
  }

  async decide(professional: Professional, actor: string, at: string): Promise<void> {
    const current = this.items.get(professional.id);
    if (current?.status !== 'PENDING_VERIFICATION') throw conflict('Already decided.');
    this.items.set(professional.id, structuredClone(professional));
    this.decisions.push({ professional, actor, at });
  }
}

type CreatedUser = Parameters<IdentityProvider['createUser']>[0];

class FakeIdentityProvider implements IdentityProvider {
  readonly users = new Map<string, CreatedUser>();
  private readonly failWith: Error | undefined;

  constructor(failWith?: Error) {
    this.failWith = failWith;
  }

  async createUser(user: CreatedUser): Promise<{ temporaryPassword?: string }> {
    if (this.failWith) throw this.failWith;
    this.users.set(user.username, user);
    return {};
  }

  async userExists(username: string): Promise<boolean> {
    return this.users.has(username);
  }

  async deleteUser(username: string): Promise<void> {
    this.users.delete(username);
  }

  readonly confirmed = new Set<string>();
  async confirmEmail(username: string): Promise<void> {
    this.confirmed.add(username);
  }
}

class InMemoryProofs implements EmailProofs {
  readonly items = new Map<string, EmailProof>();
  async put(proof: EmailProof) {
    this.items.set(proof.professionalId, structuredClone(proof));
  }
  async get(id: string) {
    const proof = this.items.get(id);
    return proof ? structuredClone(proof) : undefined;
  }
  async recordFailure(proof: EmailProof) {
    this.items.set(proof.professionalId, { ...proof, failedAttempts: proof.failedAttempts + 1 });
  }
  async delete(id: string) {
    this.items.delete(id);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------

const NOW = new Date('2026-11-20T09:30:00.000Z');
const LATER = new Date('2026-11-21T14:00:00.000Z');
const PASSWORD = 'Str0ng#Passw0rd';
const UUID = /^pro-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const principal = (username: string, roles: Role[]): Principal => ({
  userId: `sub-${username}`,
  username,
  roles,
  scope: {},
});
const admin = principal('admin-1', ['ministry_admin']);

const registration = (overrides: Record<string, unknown> = {}): ProfessionalRegistration =>
  ProfessionalRegistration.parse({
    profession: 'architect',
    registrationNumber: 'CNOA-12345',
    firstName: 'Karim',
    lastName: 'Tazi',
    cin: 'BK654321',
    phone: '0661234567',
    email: 'karim.tazi@archi.ma',
    preferredLanguage: 'ar',
    password: PASSWORD,
    ...overrides,
  });

function setup(identityError?: Error) {
  const professionals = new InMemoryProfessionals();
  const identity = new FakeIdentityProvider(identityError);
  const proofs = new InMemoryProofs();
  const mails: { to: string; text: string }[] = [];
  const mailer = { send: async (m: { to: string; text: string }) => void mails.push(m) };
  return { professionals, identity, proofs, mails, deps: { professionals, identity, proofs, mailer } };
}

async function registered(status: ProfessionalStatus = 'PENDING_VERIFICATION', rejectionReason?: string) {
  const ctx = setup();
  const pro = await registerProfessional(ctx.deps, registration(), NOW);
  if (status !== 'PENDING_VERIFICATION') {
    ctx.professionals.items.set(pro.id, {
      ...pro,
      status,
      verifiedAt: NOW.toISOString(),
      verifiedBy: 'admin-0',
      ...(rejectionReason ? { rejectionReason } : {}),
    });
  }
  return { ...ctx, pro };
}

async function domainErrorOf(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

// ---------------------------------------------------------------------------------------------------------
// registerProfessional
// ---------------------------------------------------------------------------------------------------------

describe('registerProfessional', () => {
  it('stores a pending profile with a pro-<uuid> id', async () => {
    const { deps, professionals } = setup();
    const pro = await registerProfessional(deps, registration(), NOW);

    expect(pro.id).toMatch(UUID);
    expect(pro).toEqual({
      id: pro.id,
      profession: 'architect',
      registrationNumber: 'CNOA-12345',
      firstName: 'Karim',
      lastName: 'Tazi',
      cin: 'BK654321',
      phone: '+212661234567',
      email: 'karim.tazi@archi.ma',
      preferredLanguage: 'ar',
      status: 'PENDING_VERIFICATION',
      registeredAt: '2026-11-20T09:30:00.000Z',
    });
    expect(professionals.items.get(pro.id)).toEqual(pro);
  });

  it('never returns nor stores the password', async () => {
    const { deps, professionals } = setup();
    const pro = await registerProfessional(deps, registration(), NOW);
    expect(pro).not.toHaveProperty('password');
    expect(JSON.stringify(pro)).not.toContain(PASSWORD);
    expect(JSON.stringify(professionals.items.get(pro.id))).not.toContain(PASSWORD);
  });

  it('creates the sign-in account in the professional group, with the password and the language as locale', async () => {
    const { deps, identity } = setup();
    const pro = await registerProfessional(deps, registration(), NOW);
    expect([...identity.users.values()]).toEqual([
      {
        username: pro.id,
        email: 'karim.tazi@archi.ma',
        phone: '+212661234567',
        password: PASSWORD,
        group: 'professional',
        attributes: { locale: pro.preferredLanguage },
        emailVerified: false,
        disabled: true,
      },
    ]);
  });

  it('gives every registration its own id', async () => {
    const { deps } = setup();
    const a = await registerProfessional(deps, registration(), NOW);
    const b = await registerProfessional(
      deps,
      registration({ registrationNumber: 'CNOA-99999', email: 'other@archi.ma' }),
      NOW,
    );
    expect(a.id).not.toBe(b.id);
  });

  it('removes the profile again when the account cannot be created, and propagates the error', async () => {
    const failure = new Error('UsernameExistsException');
    const { deps, professionals, identity } = setup(failure);

    await expect(registerProfessional(deps, registration(), NOW)).rejects.toBe(failure);

    expect(professionals.items.size).toBe(0);
    expect(professionals.removed).toHaveLength(1);
    expect(professionals.removed[0]?.registrationNumber).toBe('CNOA-12345');
    expect(professionals.removed[0]?.id).toMatch(UUID);
    expect(identity.users.size).toBe(0);
  });

  it('frees the registration number after a compensation, so the user can retry', async () => {
    const first = setup(new Error('Cognito down'));
    await expect(registerProfessional(first.deps, registration(), NOW)).rejects.toThrow('Cognito down');
    const retry = await registerProfessional(
      { ...first.deps, identity: new FakeIdentityProvider() },
      registration(),
      NOW,
    );
    expect(retry.status).toBe('PENDING_VERIFICATION');
  });

  it('does not create an account when the profile is refused (duplicate)', async () => {
    const { deps, identity, professionals } = setup();
    await registerProfessional(deps, registration(), NOW);
    const error = await domainErrorOf(
      registerProfessional(deps, registration({ email: 'someone.else@archi.ma' }), NOW),
    );
    expect(statusOf(error)).toBe(409);
    expect(identity.users.size).toBe(1);
    expect(professionals.items.size).toBe(1);
    expect(professionals.removed).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------------------
// decideVerification
// ---------------------------------------------------------------------------------------------------------

describe('proving the e-mail before the account signs in', () => {
  const codeIn = (mails: { to: string; text: string }[], to: string) =>
    mails
      .filter((m) => m.to === to)
      .at(-1)
      ?.text.match(/\b(\d{6})\b/)?.[1] as string;

  it('creates the account disabled with an unverified e-mail, and mails a code kept only as a salted hash', async () => {
    const { deps, identity, proofs, mails } = setup();
    const pro = await registerProfessional(deps, registration(), NOW);
    expect(identity.users.get(pro.id)).toMatchObject({ emailVerified: false, disabled: true });
    const code = codeIn(mails, pro.email);
    expect(code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(proofs.items.get(pro.id))).not.toContain(code);
    expect(identity.confirmed.has(pro.id)).toBe(false);
  });

  it('enables the account only with the mailed code; five wrong codes end the proof', async () => {
    const { deps, identity, mails } = setup();
    const pro = await registerProfessional(deps, registration(), NOW);
    const code = codeIn(mails, pro.email);
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await confirmEmail(deps, pro.id, wrong, NOW).catch((e: DomainError) => e);
    expect([statusOf(refused as DomainError), (refused as DomainError).type]).toEqual([
      422,
      'wrong-email-code',
    ]);
    expect(identity.confirmed.has(pro.id)).toBe(false);
    expect(await confirmEmail(deps, pro.id, code, NOW)).toEqual({
      professionalId: pro.id,
      emailVerified: true,
    });
    expect(identity.confirmed.has(pro.id)).toBe(true);

    const other = setup();
    const p2 = await registerProfessional(other.deps, registration(), NOW);
    const c2 = codeIn(other.mails, p2.email);
    for (let i = 0; i < 5; i++)
      await confirmEmail(other.deps, p2.id, c2 === '000000' ? '111111' : '000000', NOW).catch(
        () => undefined,
      );
    await expect(confirmEmail(other.deps, p2.id, c2, NOW)).rejects.toMatchObject({
      type: 'wrong-email-code',
    });
    expect(other.identity.confirmed.has(p2.id)).toBe(false);
  });

  it('lets the owner of an address take it over from a registration that never proved it', async () => {
    const { deps, identity, mails } = setup();
    const squatter = await registerProfessional(deps, registration(), NOW);
    // Within the day, the address is taken.
    await expect(
      registerProfessional(deps, registration({ registrationNumber: 'CNOA-99999' }), NOW),
    ).rejects.toMatchObject({ kind: 'conflict' });
    const nextDay = new Date(NOW.getTime() + 25 * 3_600_000);
    const owner = await registerProfessional(
      deps,
      registration({ registrationNumber: 'CNOA-99999' }),
      nextDay,
    );
    expect(identity.users.has(squatter.id)).toBe(false);
    expect(await confirmEmail(deps, owner.id, codeIn(mails, owner.email), nextDay)).toMatchObject({
      emailVerified: true,
    });
  });
});

describe('decideVerification', () => {
  it('lets the ministry verify a pending registration', async () => {
    const { professionals, pro } = await registered();
    const decided = await decideVerification(professionals, admin, pro.id, { decision: 'VERIFIED' }, LATER);

    expect(decided).toEqual({
      ...pro,
      status: 'VERIFIED',
      verifiedAt: '2026-11-21T14:00:00.000Z',
      verifiedBy: 'admin-1',
    });
    expect(decided).not.toHaveProperty('rejectionReason');
    expect(professionals.items.get(pro.id)).toEqual(decided);
    expect(professionals.decisions).toEqual([
      { professional: decided, actor: 'admin-1', at: '2026-11-21T14:00:00.000Z' },
    ]);
  });

  it('keeps the reason of a rejection', async () => {
    const { professionals, pro } = await registered();
    const decided = await decideVerification(
      professionals,
      admin,
      pro.id,
      { decision: 'REJECTED', reason: 'Numéro CNOA introuvable' },
      LATER,
    );
    expect(decided.status).toBe('REJECTED');
    expect(decided.rejectionReason).toBe('Numéro CNOA introuvable');
    expect(decided.verifiedBy).toBe('admin-1');
    expect(professionals.items.get(pro.id)?.rejectionReason).toBe('Numéro CNOA introuvable');
  });

  it.each<Role[]>([
    ['professional'],
    ['desk_agent'],
    ['province_contact'],
    ['signatory'],
    ['commission_member'],
    ['applicant'],
    [],
  ])('refuses %j with a 403 and changes nothing', async (...roles) => {
    const { professionals, pro } = await registered();
    const error = await domainErrorOf(
      decideVerification(professionals, principal('someone', roles), pro.id, { decision: 'VERIFIED' }, LATER),
    );
    expect(statusOf(error)).toBe(403);
    expect(error.type).toBe('forbidden');
    expect(error.message).toContain('ministry_admin');
    expect(professionals.items.get(pro.id)?.status).toBe('PENDING_VERIFICATION');
    expect(professionals.decisions).toEqual([]);
  });

  it('answers 404 for an unknown professional', async () => {
    const { professionals } = setup();
    const error = await domainErrorOf(
      decideVerification(professionals, admin, 'pro-unknown', { decision: 'VERIFIED' }, LATER),
    );
    expect(statusOf(error)).toBe(404);
    expect(error.type).toBe('not-found');
    expect(error.details).toEqual({ resource: 'Professional', id: 'pro-unknown' });
  });

  it.each([
    ['VERIFIED', undefined],
    ['REJECTED', 'Diplôme non reconnu'],
  ] as const)('answers 409 when the registration is already %s', async (status, reason) => {
    const { professionals, pro } = await registered(status, reason);
    const before = professionals.items.get(pro.id);
    const error = await domainErrorOf(
      decideVerification(
        professionals,
        admin,
        pro.id,
        { decision: 'REJECTED', reason: 'changed my mind' },
        LATER,
      ),
    );
    expect(statusOf(error)).toBe(409);
    expect(error.type).toBe('already-decided');
    expect(error.message).toContain(status);
    expect(professionals.items.get(pro.id)).toEqual(before);
    expect(professionals.decisions).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// assertVerifiedProfessional
// ---------------------------------------------------------------------------------------------------------

describe('assertVerifiedProfessional', () => {
  it('returns the profile of a verified professional', async () => {
    const { professionals, pro } = await registered('VERIFIED');
    const found = await assertVerifiedProfessional(professionals, principal(pro.id, ['professional']));
    expect(found.id).toBe(pro.id);
    expect(found.status).toBe('VERIFIED');
  });

  it('refuses a user without the professional role (403 forbidden)', async () => {
    const { professionals, pro } = await registered('VERIFIED');
    const error = await domainErrorOf(
      assertVerifiedProfessional(professionals, principal(pro.id, ['applicant'])),
    );
    expect(statusOf(error)).toBe(403);
    expect(error.type).toBe('forbidden');
  });

  it('refuses a professional without a profile', async () => {
    const { professionals } = setup();
    const error = await domainErrorOf(
      assertVerifiedProfessional(professionals, principal('pro-ghost', ['professional'])),
    );
    expect(statusOf(error)).toBe(403);
    expect(error.type).toBe('professional-not-registered');
    expect(error.message).toContain('POST /professionals');
  });

  it('refuses a pending professional, saying the registration awaits verification', async () => {
    const { professionals, pro } = await registered();
    const error = await domainErrorOf(
      assertVerifiedProfessional(professionals, principal(pro.id, ['professional'])),
    );
    expect(statusOf(error)).toBe(403);
    expect(error.type).toBe('professional-not-verified');
    expect(error.message).toMatch(/verification/i);
    expect(error.message).not.toMatch(/rejected/i);
  });

  it('refuses a rejected professional, giving the rejection reason', async () => {
    const { professionals, pro } = await registered('REJECTED', 'Numéro CNOA introuvable');
    const error = await domainErrorOf(
      assertVerifiedProfessional(professionals, principal(pro.id, ['professional'])),
    );
    expect(statusOf(error)).toBe(403);
    expect(error.type).toBe('professional-not-verified');
    expect(error.message).toContain('rejected');
    expect(error.message).toContain('Numéro CNOA introuvable');
  });
});

// ---------------------------------------------------------------------------------------------------------
// getOwnProfile / listProfessionals
// ---------------------------------------------------------------------------------------------------------

describe('getOwnProfile and listProfessionals', () => {
  it('returns the own profile, 404 when there is none', async () => {
    const { professionals, pro } = await registered();
    expect((await getOwnProfile(professionals, principal(pro.id, ['professional']))).id).toBe(pro.id);
    const error = await domainErrorOf(getOwnProfile(professionals, principal('pro-ghost', ['professional'])));
    expect(statusOf(error)).toBe(404);
  });

  it('lists by status for the ministry only', async () => {
    const { professionals, pro } = await registered();
    const page = await listProfessionals(professionals, admin, 'PENDING_VERIFICATION', undefined, 10);
    expect(page.items.map((p) => p.id)).toEqual([pro.id]);
    expect((await listProfessionals(professionals, admin, 'VERIFIED', undefined, 10)).items).toEqual([]);
    const error = await domainErrorOf(
      listProfessionals(
        professionals,
        principal(pro.id, ['professional']),
        'PENDING_VERIFICATION',
        undefined,
        10,
      ),
    );
    expect(statusOf(error)).toBe(403);
  });
});

// ---------------------------------------------------------------------------------------------------------
// ProfessionalRegistration schema
// ---------------------------------------------------------------------------------------------------------

describe('ProfessionalRegistration', () => {
  const raw = {
    profession: 'architect',
    registrationNumber: 'cnoa-12345',
    firstName: 'Karim',
    lastName: 'Tazi',
    cin: 'bk654321',
    phone: '+212 6 61 23 45 67',
    email: 'Karim.Tazi@Archi.MA',
    password: PASSWORD,
  };

  const messagesFor = (overrides: Record<string, unknown>): string[] => {
    const result = ProfessionalRegistration.safeParse({ ...raw, ...overrides });
    expect(result.success).toBe(false);
    return result.error?.issues.map((i) => i.message) ?? [];
  };

  it('normalises the fields and defaults the language to fr', () => {
    expect(ProfessionalRegistration.parse(raw)).toEqual({
      profession: 'architect',
      registrationNumber: 'CNOA-12345',
      firstName: 'Karim',
      lastName: 'Tazi',
      cin: 'BK654321',
      phone: '+212661234567',
      email: 'karim.tazi@archi.ma',
      preferredLanguage: 'fr',
      password: PASSWORD,
    });
  });

  it('keeps an explicit preferred language', () => {
    expect(ProfessionalRegistration.parse({ ...raw, preferredLanguage: 'ar' }).preferredLanguage).toBe('ar');
  });

  it.each([
    ['Sh0rt#pass', 'at least 12 characters'],
    ['LongPassword1234', 'needs a symbol'],
    ['longpassword#1234', 'needs an upper-case letter'],
    ['LONGPASSWORD#1234', 'needs a lower-case letter'],
    ['LongPassword#abcd', 'needs a digit'],
  ])('refuses password %j: %s', (password, message) => {
    expect(messagesFor({ password })).toEqual([message]);
  });

  it('names every broken password rule at once', () => {
    expect(messagesFor({ password: 'short' })).toEqual([
      'at least 12 characters',
      'needs an upper-case letter',
      'needs a digit',
      'needs a symbol',
    ]);
  });

  it.each(['C', 'CNOA 12345', 'CNOA_12345', '-12345'])(
    'refuses registration number %j',
    (registrationNumber) => {
      expect(messagesFor({ registrationNumber })).toEqual(['letters, digits, / or -, e.g. CNOA-12345']);
    },
  );

  it('refuses an unknown profession and a foreign phone', () => {
    expect(ProfessionalRegistration.safeParse({ ...raw, profession: 'plumber' }).success).toBe(false);
    expect(messagesFor({ phone: '+33612345678' })).toEqual([
      'a Moroccan phone number, e.g. +212612345678 or 0612345678',
    ]);
  });
});
