import { createHash, randomUUID } from 'node:crypto';
import { applicationNotFound, assertCanRead } from '../../applications/access.ts';
import { type Application, applicantName } from '../../applications/application.ts';
import type { ApplicationRepository } from '../../applications/ports.ts';
import { transition } from '../../applications/state-machine.ts';
import { DomainError, type ErrorKind, notFound } from '../../errors.ts';
import type { GeoRepository } from '../../geo/ports.ts';
import { assertRole, type Principal } from '../../identity/principal.ts';
import type { Page } from '../../pagination.ts';
import type { PaymentRepository } from '../../payments/ports.ts';
import { getProcedure } from '../../procedures/rules.ts';
import type { ProfessionalRepository } from '../../professionals/ports.ts';
import { canSign } from '../key-lifecycle.ts';
import {
  type Permit,
  permitNumberFor,
  type VerificationCheck,
  type VerificationResult,
  verificationUrlFor,
} from '../permit.ts';
import type { AuthorityStore, PlatformKeys } from '../pki/authority.ts';
import type { Authority } from '../pki/detached-signature.ts';
import { verifyEmbeddedSignature } from '../pki/embedded-signature.ts';
import { contentSha256, signPermitToken } from '../pki/permit-token.ts';
import type { KeyManager, PermitRepository, PermitStorage, SigningKeyRepository } from '../ports.ts';
import type { PermitDocument } from '../rendering/permit-pdf.ts';
import { signatureChecks } from '../signature-checks.ts';
import type { SigningKey } from '../signing-key.ts';
import { checkPin } from './keys.ts';

export interface PermitDeps {
  applications: ApplicationRepository;
  professionals: ProfessionalRepository;
  payments: Pick<PaymentRepository, 'order' | 'attempt'>;
  geo: GeoRepository;
  keys: SigningKeyRepository;
  keyManager: KeyManager;
  permits: PermitRepository;
  storage: PermitStorage;
  /** The published CA and time-stamping certificates, and the time-stamping key. */
  authority: Pick<AuthorityStore, 'get'>;
  platformKeys: Pick<PlatformKeys, 'signAsTimestampAuthority'>;
  /** Origin of the web portal; the QR code opens its verification page `${webUrl}/verify/{permitNumber}`. */
  webUrl: string;
}

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
 * The PAdES signature: the CMS by the signatory's KMS key with their certificate and the CA's,
 * time-stamped by the platform (the proven signing time). Checked like any verifier would before
 * anything is stored: a signature that does not verify must never reach the write-once bucket.
 */
async function sealPermit(
  deps: Pick<PermitDeps, 'keyManager' | 'authority' | 'platformKeys'>,
  key: SigningKey,
  unsigned: Uint8Array,
  signature: { name: string; reason: string; location: string; now: Date },
): Promise<Uint8Array> {
  if (!key.certificatePem) {
    refuse(
      'key-not-certified',
      'Your signing key has no certificate from the platform CA. Ask the ministry to issue you a new key.',
    );
  }
  const authority = await deps.authority.get();
  if (!authority) throw new Error('The platform CA has no certificate yet, though a key exists');
  // Loaded here, not at the top: pdf-lib stays out of every function but the one that signs.
  const { signPdf } = await import('../pki/permit-signature.ts');
  const pdf = await signPdf(unsigned, {
    authority,
    certificatePem: key.certificatePem,
    name: signature.name,
    reason: signature.reason,
    location: signature.location,
    signingTime: signature.now,
    signAsSignatory: (digest) => deps.keyManager.signDigest(key.keyId, digest),
    signAsTimestampAuthority: deps.platformKeys.signAsTimestampAuthority,
  });
  const report = verifyEmbeddedSignature(pdf, authority);
  const failed = [report.signature, report.chain, report.timestamp].find((c) => !c.ok);
  if (failed || report.signerFingerprint !== key.fingerprint) {
    throw new Error(
      `The PAdES signature made with key ${key.keyId} does not verify: ${failed?.detail ?? 'another key'}`,
    );
  }
  return pdf;
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
    const procedure = getProcedure(app.procedureCode);
    const document = await permitDocument(deps, app, key, now);
    const { permitNumber, issuedAt, verificationUrl } = document;
    const signatoryName = document.signatory.name;
    // The QR's signed token (see permit-token.ts for what its hash covers), by the same KMS key.
    const { verificationUrl: _url, ...content } = document;
    const sha = contentSha256(content);
    const token = await signPermitToken(
      {
        n: permitNumber,
        p: app.procedureCode,
        c: app.communeId,
        h: document.applicant,
        l: app.parcel.landTitle,
        d: issuedAt,
        sha,
        k: key.keyId,
      },
      (digest) => deps.keyManager.signDigest(key.keyId, digest),
    );
    const qr = `${verificationUrl}#${token}`;
    // Loaded here, on the one branch that draws a PDF: the PDF libraries stay out of every other cold start.
    const { renderPermitPdf } = await import('../rendering/permit-pdf.ts');
    const unsigned = await renderPermitPdf({ ...document, qrContent: qr });
    const pdf = await sealPermit(deps, key, unsigned, {
      name: signatoryName,
      reason: `${procedure.labelFr} n° ${permitNumber}`,
      location: document.communeNameFr,
      now,
    });
    const digest = createHash('sha256').update(pdf).digest();
    stored = await deps.storage.put(permitObjectKey(permitNumber), pdf, 'application/pdf');
    const permit: Permit = {
      permitNumber,
      applicationId: app.id,
      communeId: app.communeId,
      provinceId: app.provinceId,
      procedureCode: app.procedureCode,
      procedureLabelFr: procedure.labelFr,
      procedureLabelAr: procedure.labelAr,
      communeNameFr: document.communeNameFr,
      communeNameAr: document.communeNameAr,
      issuedAt,
      signatory: { name: signatoryName, title: key.title, username: principal.username },
      keyId: key.keyId,
      keyFingerprint: key.fingerprint,
      algorithm: 'ECDSA_SHA_256',
      sha256: digest.toString('hex'),
      signedAt: new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString(),
      sizeBytes: pdf.length,
      pdf: {
        key: permitObjectKey(permitNumber),
        ...(stored.versionId ? { versionId: stored.versionId } : {}),
      },
      verificationUrl,
      contentSha256: sha,
      qr,
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

/**
 * What the permit of a PAID file says, as the signatory's key would sign it at `now`: read from the
 * file, its commune and province, its professional and its paid fee lines. The signing and the
 * signatory's preview draw the same document.
 */
async function permitDocument(
  deps: Pick<PermitDeps, 'geo' | 'professionals' | 'payments' | 'webUrl'>,
  app: Application,
  key: Pick<SigningKey, 'firstName' | 'lastName' | 'title' | 'fingerprint'>,
  now: Date,
): Promise<PermitDocument> {
  if (!app.receiptNumber || !app.submittedAt || !app.decision) {
    throw new Error(`Application ${app.id} is PAID without receipt, submission or decision`);
  }
  const procedure = getProcedure(app.procedureCode);
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
  const permitNumber = permitNumberFor(app.receiptNumber);
  const issuedAt = now.toISOString();
  const verificationUrl = verificationUrlFor(deps.webUrl, permitNumber);
  const signatoryName = `${key.firstName} ${key.lastName}`;

  return {
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
  };
}

/**
 * The permit as it will be signed, for the signatory to read before giving their PIN: the same
 * document, marked as an unsigned preview on every page, with a QR code that carries no token. The
 * file must be PAID and of the signatory's commune, and the signatory must hold a key (its name and
 * title are printed). Nothing is stored, counted or signed.
 */
export async function previewPermit(
  deps: Pick<PermitDeps, 'applications' | 'keys' | 'geo' | 'professionals' | 'payments' | 'webUrl'>,
  principal: Principal,
  applicationId: string,
  now: Date,
): Promise<{ fileName: string; pdf: Uint8Array }> {
  assertRole(principal, 'signatory');
  const app = await deps.applications.get(applicationId);
  if (!app || app.communeId !== principal.scope.communeId) throw applicationNotFound(applicationId);
  transition(app.status, 'SIGN');
  const key = await signatoryKey(deps, principal, app.communeId);
  const document = await permitDocument(deps, app, key, now);
  const { renderPermitPdf } = await import('../rendering/permit-pdf.ts');
  const pdf = await renderPermitPdf(document, { preview: true });
  return { fileName: `apercu-${document.permitNumber.replaceAll('/', '-')}.pdf`, pdf };
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

/**
 * Checks a PDF the way an independent verifier would: the embedded PAdES signature against the
 * published CA (never against certificates the PDF brings), the key it names against the key
 * record, and the proven signing time against the key's validity and revocation.
 */
function checkBytes(
  permit: Permit,
  key: SigningKey | undefined,
  authority: Authority | undefined,
  pdf: Uint8Array | undefined,
): VerificationResult {
  const hash = pdf ? createHash('sha256').update(pdf).digest('hex') : undefined;
  const report = pdf && authority ? verifyEmbeddedSignature(pdf, authority) : undefined;
  const signedAt = report?.timestamp.ok ? report.signedAt : undefined;
  const unread = pdf ? 'The platform CA is not published yet.' : 'The PDF could not be read.';
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
    ...signatureChecks(report, key, { keyId: permit.keyId, fingerprint: permit.keyFingerprint }, unread),
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
      signedAt: signedAt?.toISOString() ?? null,
      signatory: { name: permit.signatory.name, title: permit.signatory.title },
      keyId: permit.keyId,
      keyFingerprint: permit.keyFingerprint,
      keyStatus: key?.status ?? 'UNKNOWN',
      keyRevokedAt: key?.revokedAt ?? null,
      sha256: permit.sha256,
      contentSha256: permit.contentSha256 ?? null,
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

async function loadPermit(deps: Pick<PermitDeps, 'permits' | 'keys' | 'authority'>, permitNumber: string) {
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
  const [key, authority] = await Promise.all([deps.keys.get(permit.keyId), deps.authority.get()]);
  return { permit, key, authority };
}

/** Results already computed, by a key that names everything they depend on (see `verifyStoredPermit`). */
export interface VerificationMemo {
  get(key: string): VerificationResult | undefined;
  set(key: string, result: VerificationResult): void;
}

/**
 * Public: whether the stored PDF and signature of a permit verify against the signatory's key. The
 * stored PDF is write-once, so the expensive part (reading it back and checking its signatures) is
 * kept in `memo` under everything the answer depends on: the PDF version, the key's status,
 * revocation and certificate, the authority. A revocation changes the key, so it shows at once.
 */
export async function verifyStoredPermit(
  deps: Pick<PermitDeps, 'permits' | 'keys' | 'storage' | 'authority'> & { memo?: VerificationMemo },
  permitNumber: string,
): Promise<VerificationResult> {
  const { permit, key, authority } = await loadPermit(deps, permitNumber);
  const memoKey = createHash('sha256')
    .update(
      JSON.stringify([
        permit,
        key && [
          key.keyId,
          key.status,
          key.revokedAt ?? null,
          key.validFrom,
          key.expiresAt,
          key.certificatePem,
        ],
        authority ?? null,
      ]),
    )
    .digest('base64url');
  const known = deps.memo?.get(memoKey);
  if (known) return known;
  const result = checkBytes(
    permit,
    key,
    authority,
    await deps.storage.get(permit.pdf.key, permit.pdf.versionId),
  );
  deps.memo?.set(memoKey, result);
  return result;
}

/** Public: whether an uploaded PDF is the permit that was signed (tampered → which check failed). */
export async function verifyUploadedPermit(
  deps: Pick<PermitDeps, 'permits' | 'keys' | 'authority'>,
  input: { permitNumber: string; pdf: Uint8Array },
): Promise<VerificationResult> {
  const { permit, key, authority } = await loadPermit(deps, input.permitNumber);
  return checkBytes(permit, key, authority, input.pdf);
}
