/** Signing keys: issuance, hand-over, PIN checks and changes, revocation, listings. */
import { randomUUID } from 'node:crypto';
import { fieldError } from '../../checks.ts';
import { DomainError, forbidden, notFound } from '../../errors.ts';
import type { Commune } from '../../geo/geo.ts';
import type { GeoRepository } from '../../geo/ports.ts';
import { assertRole, hasRole, type Principal } from '../../identity/principal.ts';
import { signingPin } from '../../notifications/messages/signing-pin.ts';
import type { EmailSender, SmsSender } from '../../notifications/ports.ts';
import { renderEmail, renderSms } from '../../notifications/render.ts';
import { CATALOGUE } from '../../procedures/catalogue.ts';
import {
  expiryFor,
  FINAL_KEY_STATUSES,
  type KeyAction,
  type KeyStatus,
  keyRuleOf,
  keyTransition,
  registerPinAttempt,
} from '../key-lifecycle.ts';
import { generatePin, hashPin, PIN_POLICY, validateNewPin, verifyPin } from '../pin.ts';
import {
  type AuthorityStore,
  certifySignatory,
  ensureAuthority,
  type PlatformKeys,
} from '../pki/authority.ts';
import { type KeySet, keySet } from '../pki/key-set.ts';
import type { ContactRepository, KeyManager, SignatoryAccounts, SigningKeyRepository } from '../ports.ts';
import {
  type IssueKeysInput,
  type KeyEvent,
  type KeyHolderInput,
  type KeyView,
  keyView,
  type PublicKeyEntry,
  publicKeyEntry,
  publicKeyFingerprint,
  type SigningKey,
} from '../signing-key.ts';

export interface SigningKeyDeps {
  keys: SigningKeyRepository;
  keyManager: KeyManager;
  geo: GeoRepository;
  signatories: SignatoryAccounts;
  sms: SmsSender;
  mailer: EmailSender;
  loginUrl: string;
  /** The platform CA (certifies each key) and where its certificates are kept. */
  platformKeys: PlatformKeys;
  authority: AuthorityStore;
  stage: string;
}

/**
 * The one answer to every refused PIN on a key that was accepting PINs: wrong, counted as the last
 * of the five, or never tried because the five were taken by racing attempts. It says nothing about
 * which, so parallel guesses cannot tell the right PIN from the others (the key list shows a lock).
 */
const pinRefused = () =>
  new DomainError({
    type: 'wrong-pin',
    kind: 'forbidden',
    title: 'PIN refused',
    detail: `The PIN was refused. After ${PIN_POLICY.maxAttempts} wrong PINs in a row the signing key locks and the ministry must issue a new PIN; your list of keys shows its status.`,
  });

/** The PIN messages, straight to the signatory (never to the contact): SMS and e-mail, in their language. */
async function sendPin(
  deps: Pick<SigningKeyDeps, 'sms' | 'mailer'>,
  key: SigningKey,
  commune: Pick<Commune, 'nameFr' | 'nameAr'>,
  pin: string,
  reset: boolean,
) {
  const data = {
    applicationId: '-',
    procedureLabelFr: '-',
    procedureLabelAr: '-',
    communeNameFr: commune.nameFr,
    communeNameAr: commune.nameAr,
    recipientName: `${key.firstName} ${key.lastName}`,
    pin,
    pinReset: reset,
    keyAlias: key.alias,
  };
  await deps.sms.send(key.phone, renderSms(signingPin, key.preferredLanguage, data));
  await deps.mailer.send({ to: key.email, ...renderEmail(signingPin, key.preferredLanguage, data) });
}

const event = (
  key: Pick<SigningKey, 'keyId'>,
  type: KeyEvent['type'],
  principal: Principal | 'system',
  at: Date,
  extra: Partial<KeyEvent> = {},
): KeyEvent => ({
  keyId: key.keyId,
  type,
  at: at.toISOString(),
  actor: principal === 'system' ? 'system' : principal.username,
  role: principal === 'system' ? 'system' : (principal.roles[0] ?? 'none'),
  details: {},
  ...extra,
});

/**
 * The ministry issues keys for a batch of signatories. Everything is checked before anything is
 * created (communes exist, nobody already holds a usable key for the same commune), then for each
 * one: the signatory's civil-servant account (created if new; temporary password by e-mail), a
 * KMS key tagged and aliased with their id, a fresh PIN stored only as its scrypt hash, and the PIN
 * sent to the signatory alone by SMS and e-mail. The response never carries the PIN.
 */
export async function issueKeys(
  deps: SigningKeyDeps,
  principal: Principal,
  input: IssueKeysInput,
  now: Date,
): Promise<{ keys: KeyView[] }> {
  assertRole(principal, 'ministry_admin');
  const seats: Seat[] = [];
  for (const [index, s] of input.signatories.entries()) {
    const seat = await seatOf(deps, s, index);
    seats.push(seat);
    const held = (await deps.keys.listByCommune(seat.id)).find(
      (k) =>
        k.cin === s.cin &&
        !FINAL_KEY_STATUSES.includes(k.status) &&
        (k.agencyId ?? null) === (s.mandate === 'commission_member' ? s.agencyId : null),
    );
    if (held) {
      throw new DomainError({
        type: 'key-already-held',
        kind: 'conflict',
        title: 'Key already held',
        detail: `Signatory ${index + 1} already holds key ${held.keyId} (${held.status}) for ${seat.id}. Revoke it first, or reset its PIN if it is locked.`,
        details: { index, keyId: held.keyId, status: held.status },
      });
    }
  }
  // The CA certificate is created by the first issuance ever (this function alone may sign with the CA key).
  const authority = await ensureAuthority(deps, deps.stage, now);
  const issued: KeyView[] = [];
  for (const [index, s] of input.signatories.entries()) {
    const seat = seats[index] as Seat;
    const username = await deps.signatories.ensure(principal, s, now);
    const signatoryId = randomUUID();
    const kms = await deps.keyManager.createSigningKey({ id: signatoryId, communeId: seat.id });
    const publicKeyPem = await deps.keyManager.publicKeyPem(kms.keyId);
    const pin = generatePin();
    const takesOfficeOn = s.mandate === 'commission_member' ? undefined : s.takesOfficeOn;
    const validFrom = takesOfficeOn
      ? new Date(`${takesOfficeOn}T00:00:00+01:00`).toISOString()
      : now.toISOString();
    const expiresAt = expiryFor(new Date(validFrom));
    const certificatePem = await certifySignatory(deps, authority, {
      keyId: kms.keyId,
      publicKeyPem,
      firstName: s.firstName,
      lastName: s.lastName,
      title: s.title,
      communeNameFr: seat.nameFr,
      organization: seat.organization,
      validFrom,
      expiresAt,
    });
    const key: SigningKey = {
      keyId: kms.keyId,
      keyArn: kms.keyArn,
      alias: kms.alias,
      fingerprint: publicKeyFingerprint(publicKeyPem),
      publicKeyPem,
      certificatePem,
      signatoryId,
      signatoryUsername: username,
      firstName: s.firstName,
      lastName: s.lastName,
      title: s.title,
      mandate: s.mandate,
      ...(s.mandate === 'commission_member' ? { agencyId: s.agencyId } : {}),
      cin: s.cin,
      phone: s.phone,
      email: s.email,
      preferredLanguage: s.preferredLanguage,
      communeId: seat.id,
      provinceId: seat.provinceId,
      status: 'ISSUED',
      issuedAt: now.toISOString(),
      issuedBy: principal.username,
      validFrom,
      expiresAt,
      handover: [{ status: 'ISSUED', at: now.toISOString(), by: principal.username }],
      pinHash: await hashPin(pin),
      pinChanged: false,
      failedAttempts: 0,
      version: 1,
    };
    await deps.keys.create(key, event(key, 'KEY_ISSUED', principal, now, { to: 'ISSUED' }));
    await sendPin(deps, key, seat, pin, false);
    issued.push(keyView(key));
  }
  return { keys: issued };
}

/** Where a key sits: a commune (its signatories), or a province (its commission members). */
interface Seat {
  id: string;
  provinceId: string;
  nameFr: string;
  nameAr: string;
  /** The certificate's organization: the commune, or the member's agency. */
  organization: string;
}

const unknownPlace = (index: number, field: 'communeId' | 'provinceId', id: string) =>
  new DomainError({
    type: 'validation',
    kind: 'invalid',
    title: field === 'communeId' ? 'Unknown commune' : 'Unknown province',
    detail: `Signatory ${index + 1}: ${field === 'communeId' ? 'commune' : 'province'} '${id}' does not exist. Use an id from GET /geo/….`,
    details: {
      errors: [
        fieldError(
          `body.signatories.${index}.${field}`,
          field === 'communeId' ? 'unknown_commune' : 'unknown_province',
        ),
      ],
    },
  });

async function seatOf(deps: Pick<SigningKeyDeps, 'geo'>, s: KeyHolderInput, index: number): Promise<Seat> {
  if (s.mandate === 'commission_member') {
    const province = await deps.geo.getProvince(s.provinceId);
    if (!province) throw unknownPlace(index, 'provinceId', s.provinceId);
    const agency = CATALOGUE.agencies.find((a) => a.code === s.agencyId);
    return {
      id: province.id,
      provinceId: province.id,
      nameFr: province.nameFr,
      nameAr: province.nameAr,
      organization: `${agency?.labelFr ?? s.agencyId} (${province.nameFr})`,
    };
  }
  const commune = await deps.geo.getCommune(s.communeId);
  if (!commune) throw unknownPlace(index, 'communeId', s.communeId);
  return {
    id: commune.id,
    provinceId: commune.provinceId,
    nameFr: commune.nameFr,
    nameAr: commune.nameAr,
    organization: `Commune de ${commune.nameFr}`,
  };
}

/** The seat of an existing key (for a new PIN's message): its commune, or its province. */
async function seatOfKey(deps: Pick<SigningKeyDeps, 'geo'>, key: SigningKey) {
  const place =
    key.mandate === 'commission_member'
      ? await deps.geo.getProvince(key.provinceId)
      : await deps.geo.getCommune(key.communeId);
  if (!place) throw notFound(key.mandate === 'commission_member' ? 'Province' : 'Commune', key.communeId);
  return place;
}

async function loadKey(deps: Pick<SigningKeyDeps, 'keys'>, principal: Principal, keyId: string) {
  const key = await deps.keys.get(keyId);
  if (!key || !canSeeKey(principal, key)) throw notFound('Signing key', keyId);
  return key;
}

/** The ministry sees every key, a province contact those of their province, a signatory their own. */
export function canSeeKey(principal: Principal, key: SigningKey): boolean {
  if (hasRole(principal, 'ministry_admin')) return true;
  if (hasRole(principal, 'province_contact') && principal.scope.provinceId === key.provinceId) return true;
  return hasRole(principal, 'signatory', 'commission_member') && principal.username === key.signatoryUsername;
}

const TRANSITION_EVENTS: Partial<Record<KeyAction, KeyEvent['type']>> = {
  HAND_TO_CONTACT: 'KEY_HANDED_TO_CONTACT',
  CONFIRM_DELIVERY: 'KEY_DELIVERED_TO_COMMUNE',
  REVOKE: 'KEY_REVOKED',
};

/**
 * A handover step or a revocation: the ministry sends the key to the province contact (tracking
 * number), the contact of the key's province confirms its delivery to the commune, the ministry revokes.
 */
export async function moveKey(
  deps: Pick<SigningKeyDeps, 'keys'> & {
    contacts: Pick<ContactRepository, 'current'>;
    /** Revocation disables the KMS key. */
    keyManager?: Pick<KeyManager, 'disableKey'>;
  },
  principal: Principal,
  keyId: string,
  action: 'HAND_TO_CONTACT' | 'CONFIRM_DELIVERY' | 'REVOKE',
  input: { trackingNumber?: string; reason?: string },
  now: Date,
): Promise<KeyView> {
  assertRole(principal, action === 'CONFIRM_DELIVERY' ? 'province_contact' : 'ministry_admin');
  const key = await loadKey(deps, principal, keyId);
  const to = keyTransition(key.status, action, input);
  let contact: string | undefined;
  if (action === 'HAND_TO_CONTACT') {
    const current = await deps.contacts.current(key.provinceId);
    if (!current) {
      throw new DomainError({
        type: 'no-province-contact',
        kind: 'conflict',
        title: 'No province contact',
        detail: `Province ${key.provinceId} has no designated contact to send the key to. Record the governor's designation first (PUT /provinces/${key.provinceId}/contact).`,
        details: { provinceId: key.provinceId },
      });
    }
    contact = current.username;
  }
  if (action === 'CONFIRM_DELIVERY') {
    const sentTo = key.handover.findLast((step) => step.status === 'HANDED_TO_CONTACT')?.contact;
    if (principal.username !== sentTo) {
      throw forbidden(
        'Only the province contact the key was sent to can confirm its delivery to the commune.',
      );
    }
  }
  const step = {
    status: to,
    at: now.toISOString(),
    by: principal.username,
    ...(contact ? { contact } : {}),
    ...(input.trackingNumber && action === 'HAND_TO_CONTACT'
      ? { trackingNumber: input.trackingNumber.trim().toUpperCase() }
      : {}),
    ...(input.reason && action === 'REVOKE' ? { reason: input.reason } : {}),
  };
  if (action === 'REVOKE') {
    // Disabled in KMS before the record says REVOKED: if the write then fails, the key already
    // cannot sign (the safe side), and a retry disables it again (KMS accepts that).
    if (!deps.keyManager) throw new Error('Revoking a key needs the key manager (kms revoke grant)');
    await deps.keyManager.disableKey(key.keyId);
  }
  const next: SigningKey = {
    ...key,
    status: to,
    handover: [...key.handover, step],
    ...(action === 'REVOKE' ? { revokedAt: now.toISOString() } : {}),
    version: key.version + 1,
  };
  await deps.keys.save(next, key.version, [
    event(key, TRANSITION_EVENTS[action] as KeyEvent['type'], principal, now, {
      from: key.status,
      to,
      details: {
        ...(step.trackingNumber ? { trackingNumber: step.trackingNumber } : {}),
        ...(step.reason ? { reason: step.reason } : {}),
      },
    }),
  ]);
  return keyView(next);
}

/** Rounds of re-reading the key after a version conflict before an attempt gives up, untried. */
const PIN_WRITE_ROUNDS = 50;

/**
 * Writes `change(current)` on the key, re-reading it after each version conflict; `change` returns
 * undefined to write nothing. Returns the key as saved, or undefined when nothing was (or could be) written.
 */
async function updateKey(
  deps: Pick<SigningKeyDeps, 'keys'>,
  key: SigningKey,
  change: (current: SigningKey) => { next: SigningKey; events: KeyEvent[] } | undefined,
): Promise<SigningKey | undefined> {
  let current: SigningKey | undefined = key;
  for (let round = 0; current && round < PIN_WRITE_ROUNDS; round++) {
    const update = change(current);
    if (!update) return undefined;
    try {
      await deps.keys.save(update.next, current.version, update.events);
      return update.next;
    } catch (error) {
      if (!(error instanceof DomainError && error.kind === 'conflict')) throw error;
      current = await deps.keys.get(key.keyId);
    }
  }
  return undefined;
}

const acceptsPins = (key: SigningKey) =>
  ((keyRuleOf('LOCK')?.from ?? []) as readonly KeyStatus[]).includes(key.status);

/**
 * Checks a PIN entry on the key; every entry is audited. The attempt is counted as a failure and
 * committed *before* the PIN is looked at (`PIN_ATTEMPT`), so at most five PINs are ever tried
 * between a lock and the previous right PIN, however many requests race: an attempt that cannot
 * take one of the five places is refused untried. A wrong PIN stays counted (the fifth locks the
 * key); a right one gives its place back (`PIN_ACCEPTED`, counter at 0), also committed before
 * the caller does anything with the key. Every refusal is the same 403 `wrong-pin`. A key that
 * was not accepting PINs when the caller loaded it is a 409 `key-not-usable`, as before any PIN.
 */
export async function checkPin(
  deps: Pick<SigningKeyDeps, 'keys'>,
  principal: Principal,
  key: SigningKey,
  pin: string,
  purpose: 'change' | 'sign',
  now: Date,
): Promise<{ key: SigningKey; events: KeyEvent[] }> {
  registerPinAttempt(key, false); // 409 key-not-usable on a key that does not take PINs
  const { maxAttempts } = PIN_POLICY;
  const lock = async () => {
    const locked = await deps.keys.lockAfterFailures(key.keyId, maxAttempts, now.toISOString());
    if (locked) {
      await deps.keys.audit([
        event(key, 'KEY_LOCKED', 'system', now, { from: key.status, to: locked.status }),
      ]);
    }
  };
  const reserved = await deps.keys.countPinAttempt(key.keyId, maxAttempts);
  if (!reserved) {
    // Five attempts are counted and not settled (or the key just locked): this one is not tried.
    await lock();
    throw pinRefused();
  }
  await deps.keys.audit([
    event(key, 'PIN_ATTEMPT', principal, now, {
      details: { purpose, failedAttempts: reserved.failedAttempts },
    }),
  ]);
  if (!(await verifyPin(pin, reserved.pinHash))) {
    if (reserved.failedAttempts >= maxAttempts) await lock();
    throw pinRefused();
  }
  const accepted = await deps.keys.acceptPin(key.keyId, reserved.pinHash);
  // Locked meanwhile by a fifth wrong PIN racing this one, or the PIN was reset: refused like the rest.
  if (!accepted) throw pinRefused();
  await deps.keys.audit([event(key, 'PIN_ACCEPTED', principal, now, { details: { purpose } })]);
  return { key: accepted, events: [] };
}

/**
 * The signatory changes the PIN they received (required once before signing): the current PIN
 * must be right (a wrong one counts towards the lock), the new one must differ and not be trivial.
 * The first change activates a key delivered to the commune.
 */
export async function changePin(
  deps: Pick<SigningKeyDeps, 'keys'>,
  principal: Principal,
  keyId: string,
  input: { currentPin: string; newPin: string },
  now: Date,
): Promise<KeyView> {
  assertRole(principal, 'signatory', 'commission_member');
  const loaded = await loadKey(deps, principal, keyId);
  if (loaded.signatoryUsername !== principal.username) throw notFound('Signing key', keyId);
  const problems = validateNewPin(input.newPin, input.currentPin);
  if (problems.length > 0) {
    throw new DomainError({
      type: 'validation',
      kind: 'invalid',
      title: 'New PIN refused',
      detail: `Choose another PIN: ${problems.join('; ')}.`,
      details: {
        errors: [
          fieldError('body.newPin', 'pin_refused', {
            minLength: PIN_POLICY.minLength,
            maxLength: PIN_POLICY.maxLength,
            problems,
          }),
        ],
      },
    });
  }
  const { key } = await checkPin(deps, principal, loaded, input.currentPin, 'change', now);
  const pinHash = await hashPin(input.newPin);
  // Re-applied to the key as it now is: a racing attempt must not turn a right PIN into a 409.
  const next = await updateKey(deps, key, (current) => {
    if (!acceptsPins(current) || current.pinHash !== key.pinHash) return undefined;
    const activates = current.status === 'DELIVERED_TO_COMMUNE';
    const to = activates ? keyTransition(current.status, 'ACTIVATE') : current.status;
    return {
      next: {
        ...current,
        pinHash,
        pinChanged: true,
        failedAttempts: 0,
        status: to,
        ...(activates
          ? { handover: [...current.handover, { status: to, at: now.toISOString(), by: principal.username }] }
          : {}),
        version: current.version + 1,
      },
      events: activates
        ? [event(current, 'KEY_ACTIVATED', principal, now, { from: current.status, to })]
        : [],
    };
  });
  if (!next) throw pinRefused();
  return keyView(next);
}

/**
 * The ministry unlocks a locked key by issuing a new PIN through the same channels (SMS and
 * e-mail to the signatory). The key goes back to DELIVERED_TO_COMMUNE: the new PIN must be changed
 * before the key signs again.
 */
export async function resetPin(
  deps: Pick<SigningKeyDeps, 'keys' | 'geo' | 'sms' | 'mailer'>,
  principal: Principal,
  keyId: string,
  now: Date,
): Promise<KeyView> {
  assertRole(principal, 'ministry_admin');
  const key = await loadKey(deps, principal, keyId);
  const to = keyTransition(key.status, 'UNLOCK');
  const seat = await seatOfKey(deps, key);
  const pin = generatePin();
  const next: SigningKey = {
    ...key,
    status: to,
    pinHash: await hashPin(pin),
    pinChanged: false,
    failedAttempts: 0,
    handover: [...key.handover, { status: to, at: now.toISOString(), by: principal.username }],
    version: key.version + 1,
  };
  await deps.keys.save(next, key.version, [
    event(key, 'KEY_PIN_RESET', principal, now, { from: key.status, to }),
  ]);
  await sendPin(deps, next, seat, pin, true);
  return keyView(next);
}

/** Keys the caller may see: the ministry by commune, a province contact in their province, a signatory their own. */
export async function listKeys(
  deps: Pick<SigningKeyDeps, 'keys' | 'geo'>,
  principal: Principal,
  query: { communeId?: string | undefined },
): Promise<{ keys: KeyView[] }> {
  assertRole(principal, 'ministry_admin', 'province_contact', 'signatory', 'commission_member');
  // A holder's own seat by default: a signatory's commune, a commission member's province.
  const communeId =
    query.communeId ??
    (hasRole(principal, 'signatory')
      ? principal.scope.communeId
      : hasRole(principal, 'commission_member')
        ? principal.scope.provinceId
        : undefined);
  if (!communeId) {
    throw new DomainError({
      type: 'validation',
      kind: 'invalid',
      title: 'Commune required',
      detail: 'Give the commune whose keys to list: ?communeId=…',
      details: { errors: [fieldError('query.communeId', 'required')] },
    });
  }
  const keys = await deps.keys.listByCommune(communeId);
  return { keys: keys.filter((k) => canSeeKey(principal, k)).map(keyView) };
}

export async function keyHistory(
  deps: Pick<SigningKeyDeps, 'keys'>,
  principal: Principal,
  keyId: string,
): Promise<{ key: KeyView; events: KeyEvent[] }> {
  const key = await loadKey(deps, principal, keyId);
  return { key: keyView(key), events: await deps.keys.events(keyId) };
}

/** The public key directory: every key with its validity and revocation status, for offline checks. */
export async function publicKeys(
  deps: Pick<SigningKeyDeps, 'keys'>,
  query: { cursor?: string | undefined; limit: number },
): Promise<{ keys: PublicKeyEntry[]; nextCursor: string | null }> {
  const page = await deps.keys.listAll(query.cursor, query.limit);
  return { keys: page.items.map((key) => publicKeyEntry(key)), nextCursor: page.nextCursor ?? null };
}

/** Public: every key with its certificate chain, the CA, and the revocation list (the JWKS). */
export async function publishedKeySet(
  deps: Pick<SigningKeyDeps, 'keys'> & { authority: Pick<AuthorityStore, 'get'> },
  now: Date,
): Promise<KeySet> {
  const all: SigningKey[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.keys.listAll(cursor, 100);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return keySet(all, await deps.authority.get(), now);
}

/** Public: the platform CA certificate (PEM), the trust anchor of every permit signature. */
export async function caCertificate(deps: { authority: Pick<AuthorityStore, 'get'> }): Promise<string> {
  const authority = await deps.authority.get();
  if (!authority) throw notFound('Certification authority', 'ca');
  return authority.caCertificatePem;
}
