import { createHash, X509Certificate } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/domain/errors.ts';
import type { Commune } from '#shared/domain/geo/geo.ts';
import type { GeoRepository } from '#shared/domain/geo/ports.ts';
import type { Principal } from '#shared/domain/identity/principal.ts';
import { type Permit, permitNumberFor, verificationUrlFor } from '#shared/domain/signing/permit.ts';
import { verifyPin } from '#shared/domain/signing/pin.ts';
import { certifySignatory, ensureAuthority } from '#shared/domain/signing/pki/authority.ts';
import { signPdf } from '#shared/domain/signing/pki/permit-signature.ts';
import type { KeyManager, SigningKeyRepository } from '#shared/domain/signing/ports.ts';
import type { ProvinceContact } from '#shared/domain/signing/province-contact.ts';
import { type PermitDocument, renderPermitPdf } from '#shared/domain/signing/rendering/permit-pdf.ts';
import { type KeyEvent, publicKeyEntry, type SigningKey } from '#shared/domain/signing/signing-key.ts';
import { changePin, issueKeys, moveKey, resetPin } from '#shared/domain/signing/use-cases/keys.ts';
import { verifyUploadedPermit } from '#shared/domain/signing/use-cases/permits.ts';
import { statusOf } from '#shared/http/problem.ts';
import { LocalEcdsaKey, localPki } from '../support/local-ecdsa.ts';

// ---------------------------------------------------------------------------------------------------------
// In-memory adapters: the same contract as DynamoDB (version-checked saves), real P-256 keys.
// ---------------------------------------------------------------------------------------------------------

class MemoryKeys implements SigningKeyRepository {
  readonly items = new Map<string, SigningKey>();
  readonly log: KeyEvent[] = [];
  async create(key: SigningKey, event: KeyEvent) {
    this.items.set(key.keyId, structuredClone(key));
    this.log.push(event);
  }
  async get(keyId: string) {
    const key = this.items.get(keyId);
    return key ? structuredClone(key) : undefined;
  }
  async save(next: SigningKey, expectedVersion: number, events: KeyEvent[]) {
    if (this.items.get(next.keyId)?.version !== expectedVersion)
      throw new DomainError({ type: 'conflict', kind: 'conflict', title: 'stale', detail: 'stale' });
    this.items.set(next.keyId, structuredClone(next));
    this.log.push(...events);
  }
  async listByCommune(communeId: string) {
    return [...this.items.values()].filter((k) => k.communeId === communeId);
  }
  async audit(events: KeyEvent[]) {
    this.log.push(...events);
  }
  /** The conditional updates, applied to the stored key at once (as DynamoDB does with one item). */
  private update(keyId: string, when: (k: SigningKey) => boolean, change: (k: SigningKey) => SigningKey) {
    const key = this.items.get(keyId);
    if (!key || !when(key)) return undefined;
    const next = { ...change(key), version: key.version + 1 };
    this.items.set(keyId, structuredClone(next));
    return structuredClone(next);
  }
  private accepting = (k: SigningKey) => k.status === 'ACTIVE' || k.status === 'DELIVERED_TO_COMMUNE';
  async countPinAttempt(keyId: string, max: number) {
    return this.update(
      keyId,
      (k) => this.accepting(k) && k.failedAttempts < max,
      (k) => ({ ...k, failedAttempts: k.failedAttempts + 1 }),
    );
  }
  async acceptPin(keyId: string, pinHash: string) {
    return this.update(
      keyId,
      (k) => this.accepting(k) && k.pinHash === pinHash,
      (k) => ({ ...k, failedAttempts: 0 }),
    );
  }
  async lockAfterFailures(keyId: string, max: number, at: string) {
    return this.update(
      keyId,
      (k) => this.accepting(k) && k.failedAttempts >= max,
      (k) => ({ ...k, status: 'LOCKED', handover: [...k.handover, { status: 'LOCKED', at, by: 'system' }] }),
    );
  }
  async listAll() {
    return { items: [...this.items.values()] };
  }
  async events(keyId: string) {
    return this.log.filter((e) => e.keyId === keyId);
  }
}

class LocalKeys implements KeyManager {
  readonly pairs = new Map<string, LocalEcdsaKey>();
  readonly disabled = new Set<string>();
  async createSigningKey(s: { id: string }) {
    const keyId = `key-${this.pairs.size + 1}`;
    this.pairs.set(keyId, new LocalEcdsaKey());
    return {
      keyId,
      keyArn: `arn:aws:kms:test:000000000000:key/${keyId}`,
      alias: `alias/rukhsa/test/signatory/${s.id}`,
    };
  }
  async signDigest(keyId: string, digest: Uint8Array): Promise<Uint8Array> {
    // Like KMS: a disabled key cannot sign.
    if (this.disabled.has(keyId)) throw new Error(`DisabledException: ${keyId} is disabled`);
    return (this.pairs.get(keyId) as LocalEcdsaKey).signDigest(digest);
  }
  async disableKey(keyId: string) {
    this.disabled.add(keyId);
  }
  async publicKeyPem(keyId: string) {
    return (this.pairs.get(keyId) as LocalEcdsaKey).publicKeyPem;
  }
}

/** The platform CA and time-stamping keys, and the store of their certificates. */
function testPki() {
  const { platformKeys, authority } = localPki();
  return { platformKeys, authority, stage: 'test' };
}

const casablanca = {
  id: 'cas-casablanca',
  provinceId: 'MA-CAS',
  regionId: 'MA-06',
  nameFr: 'Casablanca',
  nameAr: 'الدار البيضاء',
} as Commune;
const geo = {
  getCommune: async (id: string) => (id === casablanca.id ? casablanca : undefined),
  getProvince: async (id: string) =>
    id === 'MA-CAS'
      ? { id, regionId: 'MA-06', kind: 'prefecture', nameFr: 'Casablanca-Anfa', nameAr: 'الدار البيضاء أنفا' }
      : undefined,
} as GeoRepository;
const admin: Principal = { userId: 'a', username: 'admin-1', roles: ['ministry_admin'], scope: {} };
const contactOf = (username: string): Principal => ({
  userId: username,
  username,
  roles: ['province_contact'],
  scope: { provinceId: 'MA-CAS' },
});

function world() {
  const sms: { to: string; text: string }[] = [];
  const mail: { to: string; text: string }[] = [];
  const created: string[] = [];
  const deps = {
    keys: new MemoryKeys(),
    keyManager: new LocalKeys(),
    geo,
    signatories: {
      ensure: async (_: Principal, s: { email: string }) => {
        const username = signatoryUsername(s.email);
        if (!created.includes(username)) created.push(username);
        return username;
      },
    },
    sms: { send: async (to: string, text: string) => void sms.push({ to, text }) },
    mailer: { send: async (m: { to: string; text: string }) => void mail.push({ to: m.to, text: m.text }) },
    loginUrl: 'https://rukhsa.ma/login',
    ...testPki(),
    contacts: {
      current: async () => ({ username: 'contact-ma-cas-1' }) as ProvinceContact,
    },
  };
  return { deps, sms, mail, created };
}

const signatory = {
  firstName: 'Karim',
  lastName: 'Tazi',
  cin: 'BK123456',
  phone: '+212612345678',
  email: 'karim@casablanca.ma',
  communeId: 'cas-casablanca',
  mandate: 'president' as const,
  title: 'Président du conseil communal',
  preferredLanguage: 'fr' as const,
};
/** The PINs in the messages to `to` (SMS: `…signature: 123456.`; e-mail: `Code PIN : 123456`). */
/** The fake accounts port names accounts after the e-mail. */
const signatoryUsername = (email: string) => `signatory-${email}`;

const pinSentTo = (messages: { to: string; text: string }[], to: string) =>
  messages
    .filter((m) => m.to === to)
    .map((m) => m.text.match(/(?:signature|Code PIN)\s*:\s*(\d{6,8})(?!\d)/)?.[1]);

async function rejects(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('issuing keys', { timeout: 30_000 }, () => {
  it('creates a key, an account and a hashed PIN per signatory, and sends the PIN only to the signatory by SMS and e-mail', async () => {
    const { deps, sms, mail, created } = world();
    const now = new Date('2026-11-29T09:00:00Z');
    const { keys } = await issueKeys(deps, admin, { signatories: [signatory] }, now);
    const [view] = keys;
    expect(view).not.toHaveProperty('pinHash');
    expect(view).toMatchObject({
      status: 'ISSUED',
      pinChanged: false,
      failedAttempts: 0,
      expiresAt: '2028-11-29T09:00:00.000Z',
    });
    expect(created).toEqual([signatoryUsername(signatory.email)]);
    const [smsPin] = pinSentTo(sms, signatory.phone);
    const emailPins = pinSentTo(mail, signatory.email).filter(Boolean);
    expect(smsPin).toMatch(/^\d{6,8}$/);
    expect(emailPins).toEqual([smsPin]);
    expect(sms.map((m) => m.to)).toEqual([signatory.phone]);
    const stored = await deps.keys.get(view?.keyId as string);
    expect(await verifyPin(smsPin as string, stored?.pinHash as string)).toBe(true);
    expect(JSON.stringify(keys)).not.toContain(smsPin);
    expect(JSON.stringify(deps.keys.log)).not.toContain(smsPin);
  });

  it('checks the whole batch before creating anything: an unknown commune is a 400 naming the signatory', async () => {
    const { deps, sms } = world();
    const error = await rejects(
      issueKeys(
        deps,
        admin,
        { signatories: [signatory, { ...signatory, cin: 'BK1', communeId: 'nowhere' }] },
        new Date(),
      ),
    );
    expect(statusOf(error)).toBe(400);
    expect(error.message).toMatch(/Signatory 2/);
    expect(deps.keys.items.size).toBe(0);
    expect(sms).toEqual([]);
  });

  it('refuses a second usable key for the same person and commune (409), and lets only the ministry issue', async () => {
    const { deps } = world();
    await issueKeys(deps, admin, { signatories: [signatory] }, new Date());
    expect(statusOf(await rejects(issueKeys(deps, admin, { signatories: [signatory] }, new Date())))).toBe(
      409,
    );
    expect(
      statusOf(await rejects(issueKeys(deps, contactOf('c'), { signatories: [signatory] }, new Date()))),
    ).toBe(403);
  });
});

describe('keys for commission members', { timeout: 30_000 }, () => {
  const member = {
    ...signatory,
    cin: 'BK777888',
    email: 'samira@agence-urbaine.ma',
    mandate: 'commission_member' as const,
    provinceId: 'MA-CAS',
    agencyId: 'urban-agency' as const,
    title: 'Architecte',
  };
  const { communeId: _none, ...memberInput } = member;

  it('seats a member’s key in the province, certified for their agency, PIN to the member alone', async () => {
    const { deps, sms } = world();
    const now = new Date('2026-11-29T09:00:00Z');
    const [view] = (await issueKeys(deps, admin, { signatories: [memberInput] }, now)).keys;
    expect(view).toMatchObject({
      mandate: 'commission_member',
      agencyId: 'urban-agency',
      communeId: 'MA-CAS',
      provinceId: 'MA-CAS',
      status: 'ISSUED',
    });
    const certificate = new X509Certificate(view?.certificatePem as string);
    expect(certificate.subject).toContain('O=Agence urbaine (Casablanca-Anfa)');
    expect(certificate.subject).toContain('L=Casablanca-Anfa');
    expect(sms.map((m) => m.to)).toEqual([member.phone]);
    // The same person may also hold a key as a signatory; a second member key for the agency is a 409.
    await issueKeys(deps, admin, { signatories: [{ ...signatory, cin: member.cin }] }, now);
    const again = await rejects(issueKeys(deps, admin, { signatories: [memberInput] }, now));
    expect(statusOf(again)).toBe(409);
  });

  it('refuses an unknown province, naming the field', async () => {
    const { deps } = world();
    const error = await rejects(
      issueKeys(deps, admin, { signatories: [{ ...memberInput, provinceId: 'MA-XXX' }] }, new Date()),
    );
    expect(statusOf(error)).toBe(400);
    expect(JSON.stringify(error.details)).toContain('signatories.0.provinceId');
  });
});

describe('certificates and revocation', { timeout: 30_000 }, () => {
  it('certifies each issued key (name, title, commune, the key’s validity) and disables it in KMS on revocation', async () => {
    const { deps } = world();
    const now = new Date('2026-11-29T09:00:00Z');
    const [view] = (await issueKeys(deps, admin, { signatories: [signatory] }, now)).keys;
    const certificate = new X509Certificate(view?.certificatePem as string);
    expect(certificate.subject).toContain('CN=Karim Tazi');
    expect(certificate.subject).toContain('title=Président du conseil communal');
    expect(certificate.subject).toContain('O=Commune de Casablanca');
    expect(new Date(certificate.validFrom).toISOString()).toBe(view?.validFrom);
    expect(new Date(certificate.validTo).toISOString()).toBe(view?.expiresAt);
    const ca = new X509Certificate((await deps.authority.get())?.caCertificatePem as string);
    expect(certificate.verify(ca.publicKey)).toBe(true);
    const keyId = view?.keyId as string;
    const revoked = await moveKey(deps, admin, keyId, 'REVOKE', { reason: 'Fin de mandat' }, now);
    expect(revoked).toMatchObject({ status: 'REVOKED', revokedAt: now.toISOString() });
    expect(deps.keyManager.disabled.has(keyId)).toBe(true);
    await expect(deps.keyManager.signDigest(keyId, new Uint8Array(32))).rejects.toThrow(/Disabled/);
  });
});

describe('handover, PIN change, lock and reset', { timeout: 60_000 }, () => {
  async function deliveredKey() {
    const w = world();
    const { keys } = await issueKeys(
      w.deps,
      admin,
      { signatories: [signatory] },
      new Date('2026-11-29T09:00:00Z'),
    );
    const keyId = keys[0]?.keyId as string;
    const pin = pinSentTo(w.sms, signatory.phone)[0] as string;
    await moveKey(w.deps, admin, keyId, 'HAND_TO_CONTACT', { trackingNumber: 'ee123456789ma' }, new Date());
    await expect(
      moveKey(w.deps, contactOf('someone-else'), keyId, 'CONFIRM_DELIVERY', {}, new Date()),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    const delivered = await moveKey(
      w.deps,
      contactOf('contact-ma-cas-1'),
      keyId,
      'CONFIRM_DELIVERY',
      {},
      new Date(),
    );
    expect(delivered.handover.map((s) => [s.status, s.trackingNumber, s.contact])).toEqual([
      ['ISSUED', undefined, undefined],
      ['HANDED_TO_CONTACT', 'EE123456789MA', 'contact-ma-cas-1'],
      ['DELIVERED_TO_COMMUNE', undefined, undefined],
    ]);
    const me: Principal = {
      userId: 's',
      username: signatoryUsername(signatory.email),
      roles: ['signatory'],
      scope: { communeId: 'cas-casablanca', provinceId: 'MA-CAS' },
    };
    return { ...w, keyId, pin, me };
  }

  it('sends a key to the province contact only when the province has one', async () => {
    const { deps } = world();
    const { keys } = await issueKeys(deps, admin, { signatories: [signatory] }, new Date());
    const none = { ...deps, contacts: { current: async () => undefined } };
    const error = await rejects(
      moveKey(
        none,
        admin,
        keys[0]?.keyId as string,
        'HAND_TO_CONTACT',
        { trackingNumber: 'EE123456789MA' },
        new Date(),
      ),
    );
    expect(error).toMatchObject({ kind: 'conflict', type: 'no-province-contact' });
  });

  it('activates the key on the first PIN change; the new PIN must differ and not be trivial', async () => {
    const { deps, keyId, pin, me } = await deliveredKey();
    expect(
      statusOf(await rejects(changePin(deps, me, keyId, { currentPin: pin, newPin: '123456' }, new Date()))),
    ).toBe(400);
    expect(
      statusOf(await rejects(changePin(deps, me, keyId, { currentPin: pin, newPin: pin }, new Date()))),
    ).toBe(400);
    const active = await changePin(deps, me, keyId, { currentPin: pin, newPin: '48213795' }, new Date());
    expect(active).toMatchObject({ status: 'ACTIVE', pinChanged: true });
    expect(await verifyPin('48213795', (await deps.keys.get(keyId))?.pinHash as string)).toBe(true);
    const stranger = { ...me, username: 'signatory-other' };
    expect(
      statusOf(
        await rejects(
          changePin(deps, stranger, keyId, { currentPin: '48213795', newPin: '59371846' }, new Date()),
        ),
      ),
    ).toBe(404);
  });

  it('counts every wrong PIN even when guesses race each other (no free attempt on a version conflict)', async () => {
    const { deps, keyId, me } = await deliveredKey();
    const guesses = ['11223344', '22334455', '33445566'].map((guess) =>
      rejects(changePin(deps, me, keyId, { currentPin: guess, newPin: '59371846' }, new Date())),
    );
    const statuses = (await Promise.all(guesses)).map((e) => statusOf(e));
    expect(statuses).toEqual([403, 403, 403]);
    expect((await deps.keys.get(keyId))?.failedAttempts).toBe(3);
    expect(deps.keys.log.filter((e) => e.type === 'PIN_ATTEMPT')).toHaveLength(3);
  });

  it('locks after five wrong PINs in a row; the right PIN is then refused until the ministry resets it', async () => {
    const { deps, keyId, pin, me, sms, mail } = await deliveredKey();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const error = await rejects(
        changePin(deps, me, keyId, { currentPin: '11223344', newPin: '59371846' }, new Date()),
      );
      statuses.push(statusOf(error));
    }
    // The fifth is refused like the others: a refusal never says which attempt locked the key.
    expect(statuses).toEqual([403, 403, 403, 403, 403]);
    expect((await deps.keys.get(keyId))?.status).toBe('LOCKED');
    expect(
      statusOf(
        await rejects(changePin(deps, me, keyId, { currentPin: pin, newPin: '59371846' }, new Date())),
      ),
    ).toBe(409);
    const attempts = deps.keys.log.filter((e) => e.type === 'PIN_ATTEMPT');
    expect(attempts.map((e) => e.details.failedAttempts)).toEqual([1, 2, 3, 4, 5]);
    expect(deps.keys.log.map((e) => e.type)).not.toContain('PIN_ACCEPTED');
    expect(deps.keys.log.map((e) => e.type)).toContain('KEY_LOCKED');

    const reset = await resetPin(deps, admin, keyId, new Date());
    expect(reset).toMatchObject({ status: 'DELIVERED_TO_COMMUNE', pinChanged: false, failedAttempts: 0 });
    const newPin = pinSentTo(sms, signatory.phone)[1] as string;
    expect(pinSentTo(mail, signatory.email).filter(Boolean)).toEqual([pin, newPin]);
    expect(newPin).not.toBe(pin);
    expect(
      statusOf(
        await rejects(changePin(deps, me, keyId, { currentPin: pin, newPin: '59371846' }, new Date())),
      ),
    ).toBe(403);
    expect(
      await changePin(deps, me, keyId, { currentPin: newPin, newPin: '59371846' }, new Date()),
    ).toMatchObject({ status: 'ACTIVE' });
  });
});

// ---------------------------------------------------------------------------------------------------------
// The permit document and its verification.
// ---------------------------------------------------------------------------------------------------------

const document: PermitDocument = {
  permitNumber: 'RK-CAS-CASABLANCA-2026-00042',
  issuedAt: '2026-11-29T10:15:00.000Z',
  procedureLabelFr: 'Permis de construire',
  procedureLabelAr: 'رخصة البناء',
  communeNameFr: 'Casablanca',
  communeNameAr: 'الدار البيضاء',
  provinceNameFr: 'Casablanca-Anfa',
  provinceNameAr: 'عمالة الدار البيضاء أنفا',
  receiptNumber: 'CAS-CASABLANCA/2026/00042',
  submittedAt: '2026-10-01T08:00:00.000Z',
  decidedAt: '2026-11-20T08:00:00.000Z',
  applicant: 'Youssef Alami',
  professional: 'Salma Bennani',
  parcel: { landTitle: '12345/C', address: '12 rue des Orangers, Casablanca' },
  conditions: ['Respecter l’alignement.'],
  fees: [{ label: 'Taxe sur les opérations de construction', amountCentimes: 550_000 }],
  quittanceNumbers: ['CAS-CASABLANCA/2026/Q00007'],
  signatory: { name: 'Karim Tazi', title: 'Président du conseil communal', keyFingerprint: 'ab'.repeat(32) },
  verificationUrl: 'https://rukhsa.ma/verify/RK-CAS-CASABLANCA-2026-00042',
};

describe('the permit PDF', () => {
  it('is numbered from the récépissé and links to its public verification', () => {
    expect(permitNumberFor('CAS-CASABLANCA/2026/00042')).toBe('RK-CAS-CASABLANCA-2026-00042');
    expect(verificationUrlFor('https://rukhsa.ma/', 'RK-A-1')).toBe('https://rukhsa.ma/verify/RK-A-1');
  });

  it('renders the same bytes for the same permit (the signed hash is reproducible), with its number in the metadata', async () => {
    const [a, b] = await Promise.all([renderPermitPdf(document), renderPermitPdf(document)]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const other = await renderPermitPdf({ ...document, conditions: [] });
    expect(Buffer.from(other).equals(Buffer.from(a))).toBe(false);
    const parsed = await PDFDocument.load(a, { updateMetadata: false });
    expect(parsed.getSubject()).toBe(document.permitNumber);
    expect(parsed.getTitle()).toBe(`Autorisation ${document.permitNumber}`);
    expect(parsed.getPageCount()).toBe(1);
  });
});

describe('verifying a permit', { timeout: 30_000 }, () => {
  const signer = new LocalEcdsaKey();
  const fingerprint = createHash('sha256')
    .update(signer.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');

  /** A permit signed the PAdES way at `signingTime` (the time-stamp says so), with its record and key. */
  async function signed(signingTime = new Date(document.issuedAt), pki = testPki()) {
    const authority = await ensureAuthority(pki, 'test', new Date('2026-01-01T00:00:00Z'));
    const keyFacts = {
      keyId: 'key-1',
      publicKeyPem: signer.publicKeyPem,
      firstName: 'Karim',
      lastName: 'Tazi',
      title: 'Président',
      communeNameFr: 'Casablanca',
      validFrom: '2026-01-01T00:00:00.000Z',
      expiresAt: '2028-01-01T00:00:00.000Z',
    };
    const certificatePem = await certifySignatory(pki, authority, keyFacts);
    const pdf = await signPdf(await renderPermitPdf(document), {
      authority,
      certificatePem,
      name: 'Karim Tazi',
      reason: `Permis de construire n° ${document.permitNumber}`,
      location: 'Casablanca',
      signingTime,
      signAsSignatory: signer.signDigest,
      signAsTimestampAuthority: pki.platformKeys.signAsTimestampAuthority,
    });
    const permit: Permit = {
      permitNumber: document.permitNumber,
      applicationId: 'app-1',
      communeId: 'cas-casablanca',
      provinceId: 'MA-CAS',
      procedureCode: 'BUILDING_PERMIT',
      procedureLabelFr: 'Permis de construire',
      communeNameFr: 'Casablanca',
      issuedAt: signingTime.toISOString(),
      signatory: { name: 'Karim Tazi', title: 'Président', username: 'signatory-1' },
      keyId: 'key-1',
      keyFingerprint: fingerprint,
      algorithm: 'ECDSA_SHA_256',
      sha256: createHash('sha256').update(pdf).digest('hex'),
      signedAt: signingTime.toISOString(),
      sizeBytes: pdf.length,
      pdf: { key: 'permits/x/permit.pdf' },
      verificationUrl: document.verificationUrl,
    };
    const key = { ...keyFacts, fingerprint, certificatePem, status: 'ACTIVE' } as unknown as SigningKey;
    const deps = (k: SigningKey) => ({
      permits: {
        get: async () => permit,
        issue: async () => undefined,
        claim: async () => undefined,
        release: async () => undefined,
      },
      keys: { get: async () => k } as unknown as SigningKeyRepository,
      authority: pki.authority,
    });
    return { pdf, key, deps, pki };
  }

  it('says valid for the signed bytes, and names the failed check when one byte is flipped', async () => {
    const { pdf, key, deps } = await signed();
    const ok = await verifyUploadedPermit(deps(key), { permitNumber: document.permitNumber, pdf });
    expect(ok.checks.filter((c) => !c.ok)).toEqual([]);
    expect(ok).toMatchObject({ valid: true, failedCheck: null, permit: { signedAt: document.issuedAt } });
    const tampered = Buffer.from(pdf);
    tampered[100] = (tampered[100] as number) ^ 0x01;
    const bad = await verifyUploadedPermit(deps(key), { permitNumber: document.permitNumber, pdf: tampered });
    expect(bad).toMatchObject({ valid: false, failedCheck: 'pdf-hash' });
    expect(bad.checks.find((c) => c.name === 'signature')?.ok).toBe(false);
  });

  it('keeps a permit time-stamped before the revocation valid; one time-stamped after fails', async () => {
    const revokedAt = '2026-12-01T00:00:00.000Z';
    const before = await signed(new Date('2026-11-29T10:00:00Z'));
    const revoked = { ...before.key, status: 'REVOKED', revokedAt } as SigningKey;
    expect(
      await verifyUploadedPermit(before.deps(revoked), {
        permitNumber: document.permitNumber,
        pdf: before.pdf,
      }),
    ).toMatchObject({ valid: true, permit: { keyRevokedAt: revokedAt } });
    // A signature made after the revocation (KMS refuses it once the key is disabled; here the key
    // signs anyway, as a leaked key would): the platform time-stamp gives it away.
    const after = await signed(new Date('2026-12-02T10:00:00Z'));
    expect(
      await verifyUploadedPermit(after.deps(revoked), {
        permitNumber: document.permitNumber,
        pdf: after.pdf,
      }),
    ).toMatchObject({ valid: false, failedCheck: 'key-not-revoked-before-signing' });
  });

  it('trusts only the published CA: a certificate from another CA fails the chain', async () => {
    const { pdf, key } = await signed(new Date(document.issuedAt), testPki());
    const { deps } = await signed(); // another platform: its own CA
    const result = await verifyUploadedPermit(
      {
        ...deps(key),
        permits: {
          get: async () => ({
            ...(await deps(key).permits.get()),
            sha256: createHash('sha256').update(pdf).digest('hex'),
          }),
          issue: async () => undefined,
          claim: async () => undefined,
          release: async () => undefined,
        },
      },
      { permitNumber: document.permitNumber, pdf },
    );
    expect(result).toMatchObject({ valid: false, failedCheck: 'certificate-chain' });
  });

  it('publishes the key as PEM and as a P-256 JWK whose thumbprint id is the fingerprint', async () => {
    const { key } = await signed();
    const entry = publicKeyEntry({
      ...key,
      firstName: 'K',
      lastName: 'T',
      title: 'P',
      mandate: 'president',
      communeId: 'c',
    } as SigningKey);
    expect(entry.jwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: fingerprint });
    expect(entry).not.toHaveProperty('pinHash');
    expect(entry).not.toHaveProperty('cin');
  });
});
