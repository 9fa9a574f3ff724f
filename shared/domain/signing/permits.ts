import { createHash, createPublicKey, randomUUID, verify } from 'node:crypto';
import * as z from 'zod';
import { applicationNotFound, assertCanRead } from '../applications/access.ts';
import { type Application, type ApplicationEvent, applicantName } from '../applications/application.ts';
import type { ApplicationRepository } from '../applications/ports.ts';
import { transition } from '../applications/state-machine.ts';
import { DomainError, type ErrorKind, notFound } from '../errors.ts';
import type { GeoRepository } from '../geo/ports.ts';
import { assertRole, type Principal } from '../identity/principal.ts';
import type { Page } from '../pagination.ts';
import type { PaymentRepository } from '../payments/ports.ts';
import { getProcedure } from '../procedures/rules.ts';
import type { ProfessionalRepository } from '../professionals/ports.ts';
import { canSign } from './key-lifecycle.ts';
import type { KeyManager, SigningKeyRepository } from './ports.ts';
import { type KeyEvent, publicKeyFingerprint, type SigningKey } from './signing-key.ts';
import { checkPin } from './use-cases/keys.ts';

/** What the permit record keeps: where the signed PDF is, what was signed and with which key. */
export const Permit = z.object({
  permitNumber: z.string(),
  applicationId: z.string(),
  communeId: z.string(),
  provinceId: z.string(),
  procedureCode: z.string(),
  procedureLabelFr: z.string(),
  communeNameFr: z.string(),
  /** Absent on permits signed before the API spoke Arabic: the verification falls back (procedure catalogue, French name). */
  procedureLabelAr: z.string().optional(),
  communeNameAr: z.string().optional(),
  issuedAt: z.iso.datetime(),
  signatory: z.object({ name: z.string(), title: z.string(), username: z.string() }),
  keyId: z.string(),
  keyFingerprint: z.string(),
  algorithm: z.literal('ECDSA_SHA_256'),
  sha256: z.string(),
  /** Base64 DER ECDSA signature of the PDF's SHA-256. */
  signature: z.string(),
  sizeBytes: z.number().int().positive(),
  pdf: z.object({ key: z.string(), versionId: z.string().optional() }),
  verificationUrl: z.string(),
});
export type Permit = z.infer<typeof Permit>;

/** The permits bucket (Object Lock COMPLIANCE): written once, read for verification and download. */
export interface PermitStorage {
  put(key: string, body: Uint8Array, contentType: string): Promise<{ versionId?: string }>;
  get(key: string, versionId?: string): Promise<Uint8Array | undefined>;
}

export interface PermitRepository {
  /**
   * Takes the permit number for one signing (409 while another holds it or once issued), before
   * anything reaches KMS or the write-once bucket: two signings of one file never both store a PDF.
   */
  claim(permitNumber: string, owner: string): Promise<void>;
  /** Gives the claim back after a signing failed before storing its PDF. */
  release(permitNumber: string, owner: string): Promise<void>;
  /**
   * Issues atomically: the application PAID → ISSUED (version-checked) with its event, the permit
   * record (once per number) in place of the caller's claim, the key still ACTIVE, and its audit events.
   */
  issue(args: {
    next: Application;
    expectedVersion: number;
    event: ApplicationEvent;
    permit: Permit;
    key: SigningKey;
    keyEvents: KeyEvent[];
    claimedBy: string;
  }): Promise<void>;
  get(permitNumber: string): Promise<Permit | undefined>;
}

export interface PermitDeps {
  applications: ApplicationRepository;
  professionals: ProfessionalRepository;
  payments: Pick<PaymentRepository, 'order' | 'attempt'>;
  geo: GeoRepository;
  keys: SigningKeyRepository;
  keyManager: KeyManager;
  permits: PermitRepository;
  storage: PermitStorage;
  /** Origin of the web portal; the QR code opens its verification page `${webUrl}/verify/{permitNumber}`. */
  webUrl: string;
}

/** URL-safe and derived from the gapless récépissé: one permit per application, numbered like its file. */
export const permitNumberFor = (receiptNumber: string) => `RK-${receiptNumber.replaceAll('/', '-')}`;

/** The page a person reaches by scanning the QR (machines use the API's `GET /verify/{permitNumber}`). */
export const verificationUrlFor = (webUrl: string, permitNumber: string) =>
  `${webUrl.replace(/\/$/, '')}/verify/${encodeURIComponent(permitNumber)}`;

const permitObjectKey = (permitNumber: string) => `permits/${permitNumber}/permit.pdf`;

/** Paid files of the signatory's commune waiting for their signature, oldest payment first. */
export async function signatureWorklist(
  deps: Pick<PermitDeps, 'applications'>,
  principal: Principal,
  query: { cursor?: string | undefined; limit: number },
): Promise<Page<Application>> {
  assertRole(principal, 'signatory');
  return deps.applications.listByCommune(principal.scope.communeId as string, {
    open: false,
    status: 'PAID',
    ...(query.cursor ? { cursor: query.cursor } : {}),
    limit: query.limit,
  });
}

function refuse(code: string, detail: string, kind: ErrorKind = 'conflict'): never {
  throw new DomainError({ kind, type: code, title: 'Signing refused', detail, details: { reason: code } });
}

/** The signatory's own usable key in the commune: ACTIVE first, otherwise the one that explains the refusal. */
async function signatoryKey(deps: Pick<PermitDeps, 'keys'>, principal: Principal, communeId: string) {
  const own = (await deps.keys.listByCommune(communeId)).filter(
    (k) => k.signatoryUsername === principal.username && k.status !== 'REVOKED' && k.status !== 'EXPIRED',
  );
  const key = own.find((k) => k.status === 'ACTIVE') ?? own[0];
  if (!key) {
    refuse(
      'no-signing-key',
      'You hold no signing key for this commune. The ministry issues keys through the province contact.',
    );
  }
  return key;
}

/**
 * The signatory signs a paid application with their PIN. Refused unless their key can sign (active,
 * in validity, PIN changed); a wrong PIN counts towards the lock. The server builds the permit PDF,
 * has KMS sign its SHA-256, checks the signature against the key's public key, stores the PDF in
 * the write-once permits bucket, and moves the application to ISSUED in one transaction with the
 * permit record and the audit events.
 */
export async function signPermit(
  deps: PermitDeps,
  principal: Principal,
  applicationId: string,
  input: { pin: string },
  now: Date,
): Promise<{ permit: Permit }> {
  assertRole(principal, 'signatory');
  const app = await deps.applications.get(applicationId);
  if (!app || app.communeId !== principal.scope.communeId) throw applicationNotFound(applicationId);
  const to = transition(app.status, 'SIGN') as 'ISSUED';
  const loaded = await signatoryKey(deps, principal, app.communeId);
  const usable = canSign(loaded, now);
  const refusal = !usable.ok
    ? { code: `key-${usable.code}`, reason: usable.reason }
    : Date.parse(loaded.validFrom) > now.getTime()
      ? {
          code: 'key-not-yet-valid',
          reason: `Your signing key is valid from ${loaded.validFrom} (taking office).`,
        }
      : undefined;
  if (refusal) {
    // Audited like every attempt, though no PIN is checked on a key that cannot sign.
    await deps.keys.audit([
      {
        keyId: loaded.keyId,
        type: 'SIGN_REFUSED',
        at: now.toISOString(),
        actor: principal.username,
        role: 'signatory',
        details: { applicationId, reason: refusal.code, status: loaded.status },
      },
    ]);
    refuse(refusal.code, refusal.reason);
  }
  // The attempt is counted, and a right PIN accepted, in the table before anything below runs.
  const { key, events: keyEvents } = await checkPin(deps, principal, loaded, input.pin, 'sign', now);
  const claimedBy = randomUUID();
  await deps.permits.claim(permitNumberFor(app.receiptNumber ?? app.id), claimedBy);
  let stored: { versionId?: string } | undefined;
  const issueSigned = async (): Promise<{ permit: Permit }> => {
    if (!app.receiptNumber || !app.submittedAt || !app.decision) {
      throw new Error(`Application ${app.id} is PAID without receipt, submission or decision`);
    }
    const [commune, province, professional, order] = await Promise.all([
      deps.geo.getCommune(app.communeId),
      deps.geo.getProvince(app.provinceId),
      deps.professionals.get(app.professionalId),
      deps.payments.order(app.id),
    ]);
    const orderIds = [...new Set((order?.lines ?? []).flatMap((l) => (l.paidBy ? [l.paidBy] : [])))];
    const quittances = (await Promise.all(orderIds.map((id) => deps.payments.attempt(id))))
      .flatMap((p) => (p?.receiptNumber ? [p.receiptNumber] : []))
      .sort();
    const procedure = getProcedure(app.procedureCode);
    const permitNumber = permitNumberFor(app.receiptNumber);
    const issuedAt = now.toISOString();
    const verificationUrl = verificationUrlFor(deps.webUrl, permitNumber);
    const signatoryName = `${key.firstName} ${key.lastName}`;

    // Loaded here, on the one branch that draws a PDF: pdf-lib and qrcode stay out of every other cold start.
    const { renderPermitPdf } = await import('./rendering/permit-pdf.ts');
    const pdf = await renderPermitPdf({
      permitNumber,
      issuedAt,
      procedureLabelFr: procedure.labelFr,
      procedureLabelAr: procedure.labelAr,
      communeNameFr: commune?.nameFr ?? app.communeId,
      communeNameAr: commune?.nameAr ?? app.communeId,
      provinceNameFr: province?.nameFr ?? app.provinceId,
      provinceNameAr: province?.nameAr ?? app.provinceId,
      receiptNumber: app.receiptNumber,
      submittedAt: app.submittedAt,
      decidedAt: app.decision.decidedAt,
      applicant: applicantName(app.applicant),
      professional: professional ? `${professional.firstName} ${professional.lastName}` : app.professionalId,
      parcel: { landTitle: app.parcel.landTitle, address: app.parcel.address },
      conditions: app.decision.conditions ?? [],
      fees: (order?.lines ?? [])
        .filter((l) => l.amountCentimes > 0 && !l.exempted)
        .map((l) => ({ label: l.label, labelAr: l.labelAr, amountCentimes: l.amountCentimes })),
      quittanceNumbers: quittances,
      signatory: { name: signatoryName, title: key.title, keyFingerprint: key.fingerprint },
      verificationUrl,
    });
    const digest = createHash('sha256').update(pdf).digest();
    const signature = await deps.keyManager.signDigest(key.keyId, digest);
    // A signature that does not verify must never be stored in a write-once bucket.
    if (!verify('sha256', pdf, createPublicKey(key.publicKeyPem), signature)) {
      throw new Error(`KMS signature of ${permitNumber} does not verify against key ${key.keyId}`);
    }
    stored = await deps.storage.put(permitObjectKey(permitNumber), pdf, 'application/pdf');
    const permit: Permit = {
      permitNumber,
      applicationId: app.id,
      communeId: app.communeId,
      provinceId: app.provinceId,
      procedureCode: app.procedureCode,
      procedureLabelFr: procedure.labelFr,
      procedureLabelAr: procedure.labelAr,
      communeNameFr: commune?.nameFr ?? app.communeId,
      communeNameAr: commune?.nameAr ?? commune?.nameFr ?? app.communeId,
      issuedAt,
      signatory: { name: signatoryName, title: key.title, username: principal.username },
      keyId: key.keyId,
      keyFingerprint: key.fingerprint,
      algorithm: 'ECDSA_SHA_256',
      sha256: digest.toString('hex'),
      signature: Buffer.from(signature).toString('base64'),
      sizeBytes: pdf.length,
      pdf: {
        key: permitObjectKey(permitNumber),
        ...(stored.versionId ? { versionId: stored.versionId } : {}),
      },
      verificationUrl,
    };
    const next: Application = {
      ...app,
      status: to,
      version: app.version + 1,
      updatedAt: issuedAt,
      permit: {
        number: permitNumber,
        issuedAt,
        sha256: permit.sha256,
        verificationUrl,
        keyFingerprint: key.fingerprint,
      },
    };
    await deps.permits.issue({
      next,
      expectedVersion: app.version,
      event: {
        applicationId: app.id,
        type: 'PERMIT_ISSUED',
        at: issuedAt,
        actor: principal.username,
        role: 'signatory',
        from: app.status,
        to,
        details: { permitNumber, keyId: key.keyId, sha256: permit.sha256 },
      },
      permit,
      key,
      keyEvents,
      claimedBy,
    });
    return { permit };
  };
  try {
    return await issueSigned();
  } catch (error) {
    // Nothing reached the bucket: let a retry sign at once rather than after the lease.
    if (!stored) await deps.permits.release(permitNumberFor(app.receiptNumber ?? app.id), claimedBy);
    throw error;
  }
}

/** The signed permit's PDF, for whoever may read its application. */
export async function downloadPermit(
  deps: Pick<PermitDeps, 'applications' | 'permits' | 'storage'>,
  principal: Principal,
  applicationId: string,
): Promise<{ fileName: string; pdf: Uint8Array }> {
  const app = assertCanRead(principal, await deps.applications.get(applicationId), applicationId);
  if (!app.permit) throw notFound('Permit of application', applicationId);
  const permit = await deps.permits.get(app.permit.number);
  const pdf = permit ? await deps.storage.get(permit.pdf.key, permit.pdf.versionId) : undefined;
  if (!permit || !pdf) throw notFound('Permit', app.permit.number);
  return { fileName: `${permit.permitNumber}.pdf`, pdf };
}

export const VerificationCheck = z.object({
  name: z.enum([
    'pdf-hash',
    'signature',
    'key-fingerprint',
    'key-valid-at-signing',
    'key-not-revoked-before-signing',
  ]),
  ok: z.boolean(),
  detail: z.string(),
});
export type VerificationCheck = z.infer<typeof VerificationCheck>;

export const VerificationResult = z.object({
  permitNumber: z.string(),
  valid: z.boolean(),
  /** The first check that failed, when invalid. */
  failedCheck: VerificationCheck.shape.name.nullable(),
  checks: z.array(VerificationCheck),
  /**
   * In both languages whatever Accept-Language says: the answer is the same for everyone (a QR page
   * switches language without asking again) and names the permit as its PDF does. `procedure` and
   * `commune` are the French names.
   */
  permit: z.object({
    procedure: z.string(),
    procedureAr: z.string(),
    commune: z.string(),
    communeAr: z.string(),
    issuedAt: z.iso.datetime(),
    signatory: z.object({ name: z.string(), title: z.string() }),
    keyId: z.string(),
    keyFingerprint: z.string(),
    keyStatus: z.string(),
    sha256: z.string(),
    algorithm: z.literal('ECDSA_SHA_256'),
  }),
});
export type VerificationResult = z.infer<typeof VerificationResult>;

function checkBytes(
  permit: Permit,
  key: SigningKey | undefined,
  pdf: Uint8Array | undefined,
): VerificationResult {
  const hash = pdf ? createHash('sha256').update(pdf).digest('hex') : undefined;
  let signatureOk = false;
  if (pdf && key) {
    try {
      signatureOk = verify(
        'sha256',
        pdf,
        createPublicKey(key.publicKeyPem),
        Buffer.from(permit.signature, 'base64'),
      );
    } catch {
      signatureOk = false;
    }
  }
  const issued = Date.parse(permit.issuedAt);
  const checks: VerificationCheck[] = [
    {
      name: 'pdf-hash',
      ok: hash === permit.sha256,
      detail:
        hash === permit.sha256
          ? 'The PDF is the one that was signed (SHA-256 matches the record).'
          : pdf
            ? `The PDF's SHA-256 ${hash} differs from the signed one ${permit.sha256}: the file was altered.`
            : 'The stored PDF could not be read.',
    },
    {
      name: 'signature',
      ok: signatureOk,
      detail: signatureOk
        ? 'The ECDSA P-256 signature verifies against the signatory’s public key.'
        : 'The signature does not verify against the signatory’s public key for these bytes.',
    },
    {
      name: 'key-fingerprint',
      ok: Boolean(key) && publicKeyFingerprint((key as SigningKey).publicKeyPem) === permit.keyFingerprint,
      detail: key ? `Key ${key.keyId}, fingerprint ${key.fingerprint}.` : `Key ${permit.keyId} is unknown.`,
    },
    {
      name: 'key-valid-at-signing',
      ok:
        Boolean(key) &&
        Date.parse((key as SigningKey).validFrom) <= issued &&
        issued < Date.parse((key as SigningKey).expiresAt),
      detail: key ? `The key is valid from ${key.validFrom} to ${key.expiresAt}.` : 'No key.',
    },
    {
      name: 'key-not-revoked-before-signing',
      ok: Boolean(key) && (!key?.revokedAt || Date.parse(key.revokedAt) > issued),
      detail: key?.revokedAt ? `The key was revoked on ${key.revokedAt}.` : 'The key is not revoked.',
    },
  ];
  const failed = checks.find((c) => !c.ok);
  return {
    permitNumber: permit.permitNumber,
    valid: !failed,
    failedCheck: failed?.name ?? null,
    checks,
    permit: {
      procedure: permit.procedureLabelFr,
      procedureAr: permit.procedureLabelAr ?? procedureLabelAr(permit),
      commune: permit.communeNameFr,
      communeAr: permit.communeNameAr ?? permit.communeNameFr,
      issuedAt: permit.issuedAt,
      signatory: { name: permit.signatory.name, title: permit.signatory.title },
      keyId: permit.keyId,
      keyFingerprint: permit.keyFingerprint,
      keyStatus: key?.status ?? 'UNKNOWN',
      sha256: permit.sha256,
      algorithm: permit.algorithm,
    },
  };
}

function procedureLabelAr(permit: Permit): string {
  try {
    return getProcedure(permit.procedureCode as Parameters<typeof getProcedure>[0]).labelAr;
  } catch {
    return permit.procedureLabelFr;
  }
}

async function loadPermit(deps: Pick<PermitDeps, 'permits' | 'keys'>, permitNumber: string) {
  const permit = await deps.permits.get(permitNumber);
  if (!permit) {
    throw new DomainError({
      type: 'not-found',
      kind: 'not-found',
      title: 'Unknown permit',
      detail: `No permit numbered '${permitNumber}' was issued on Rukhsa. Check the number printed under the QR code.`,
      details: { resource: 'Permit', id: permitNumber },
    });
  }
  return { permit, key: await deps.keys.get(permit.keyId) };
}

/** Public: whether the stored PDF and signature of a permit verify against the signatory's key. */
export async function verifyStoredPermit(
  deps: Pick<PermitDeps, 'permits' | 'keys' | 'storage'>,
  permitNumber: string,
): Promise<VerificationResult> {
  const { permit, key } = await loadPermit(deps, permitNumber);
  return checkBytes(permit, key, await deps.storage.get(permit.pdf.key, permit.pdf.versionId));
}

export const MAX_VERIFIED_PDF_BYTES = 5 * 1024 * 1024;

/** Public: whether an uploaded PDF is the permit that was signed (tampered → which check failed). */
export async function verifyUploadedPermit(
  deps: Pick<PermitDeps, 'permits' | 'keys'>,
  input: { permitNumber: string; pdf: Uint8Array },
): Promise<VerificationResult> {
  const { permit, key } = await loadPermit(deps, input.permitNumber);
  return checkBytes(permit, key, input.pdf);
}
