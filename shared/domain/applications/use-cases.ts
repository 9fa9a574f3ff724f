import { createHash, randomUUID } from 'node:crypto';
import type { BusinessRepository } from '../businesses/ports.ts';
import { assertBusiness } from '../businesses/use-cases.ts';
import type { Language } from '../contact.ts';
import { DomainError, notFound } from '../errors.ts';
import type { GeoRepository } from '../geo/ports.ts';
import { assertRole, hasRole, type Principal } from '../identity/principal.ts';
import { applicantInvited } from '../notifications/messages/applicant-invited.ts';
import { applicationShared } from '../notifications/messages/application-shared.ts';
import type { EmailSender } from '../notifications/ports.ts';
import { renderEmail } from '../notifications/render.ts';
import type { Page } from '../pagination.ts';
import { CATALOGUE } from '../procedures/catalogue.ts';
import {
  casablancaDate,
  classifyProject,
  deadlineFor,
  getProcedure,
  licenceValidityMonths,
} from '../procedures/rules.ts';
import type { DocumentFormat } from '../procedures/schema.ts';
import type { IdentityProvider, ProfessionalRepository } from '../professionals/ports.ts';
import { assertVerifiedProfessional } from '../professionals/use-cases.ts';
import { assertCanEdit, assertCanRead } from './access.ts';
import {
  type Application,
  type ApplicationEvent,
  type ApplicationPatch,
  type ApplicationStatus,
  type DocumentVersion,
  formatReceiptNumber,
  type NewApplication,
} from './application.ts';
import { completenessProblems, documentProblems } from './completeness.ts';
import type { ApplicationRepository, DocumentStorage } from './ports.ts';
import { transition } from './state-machine.ts';

/** The rollout's gate: refuses (409) a commune that is not LIVE, listing what is missing. */
export interface CommuneGate {
  assertAcceptsApplications(
    commune: { id: string; provinceId: string; regionId: string },
    now: Date,
  ): Promise<void>;
}

export interface ApplicationDeps {
  applications: ApplicationRepository;
  professionals: ProfessionalRepository;
  businesses: BusinessRepository;
  geo: GeoRepository;
}

/** The permits of issued files, as far as a post-permit request needs them (the signing capability's records). */
export interface PermitLookup {
  get(permitNumber: string): Promise<
    | {
        permitNumber: string;
        applicationId: string;
        communeId: string;
        procedureCode: string;
        issuedAt: string;
      }
    | undefined
  >;
}

/** The document routes also reach the documents bucket. */
export type DocumentDeps = ApplicationDeps & { storage: DocumentStorage };

const event = (
  app: Pick<Application, 'id'>,
  type: ApplicationEvent['type'],
  actor: string,
  at: string,
  details: Record<string, unknown> = {},
): ApplicationEvent => ({ applicationId: app.id, type, actor, at, details });

const versionConflict = (expected: number, actual: number) =>
  new DomainError({
    type: 'version-conflict',
    kind: 'conflict',
    title: 'Edited by someone else',
    detail: `The application changed since you read it (your version ${expected}, current ${actual}). Reload it and apply your change again.`,
    details: { expectedVersion: expected, currentVersion: actual },
  });

/**
 * A verified professional opens a draft for a commune and a procedure of the catalogue; a business
 * applicant does the same for itself, for the procedures the catalogue opens to it (`filers`).
 */
export async function createDraft(
  deps: ApplicationDeps & { permits: PermitLookup },
  principal: Principal,
  input: NewApplication,
  now: Date,
): Promise<Application> {
  const filer = await assertFiler(deps, principal, input.procedureCode);
  const commune = await deps.geo.getCommune(input.communeId);
  if (!commune) {
    throw new DomainError({
      type: 'unknown-commune',
      kind: 'unprocessable',
      title: 'Unknown commune',
      detail: `Commune '${input.communeId}' does not exist; pick one from GET /geo/provinces/{provinceId}/communes.`,
    });
  }
  const procedure = getProcedure(input.procedureCode);
  const followsPermit = await followedPermit(deps, input, filer);
  const at = now.toISOString();
  const app: Application = {
    ...input,
    ...(followsPermit ? { followsPermit, parcel: followsPermit.parcel } : {}),
    id: `app-${randomUUID()}`,
    status: 'DRAFT',
    catalogueVersion: CATALOGUE.version,
    provinceId: commune.provinceId,
    regionId: commune.regionId,
    // The filer: a professional, or the business filing for itself (same access and listing).
    professionalId: filer.id,
    size: classifyProject(procedure, input.project),
    documents: {},
    followers: [],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await deps.applications.create(
    app,
    event(app, 'APPLICATION_CREATED', principal.username, at, { procedureCode: app.procedureCode }),
  );
  return app;
}

/** Who files: a professional (verified), or for the procedures open to it, a business for itself. */
async function assertFiler(
  deps: Pick<ApplicationDeps, 'professionals' | 'businesses'>,
  principal: Principal,
  procedureCode: NewApplication['procedureCode'],
): Promise<{ id: string; kind: 'professional' | 'business' }> {
  if (!hasRole(principal, 'business') || hasRole(principal, 'professional')) {
    return { id: (await assertVerifiedProfessional(deps.professionals, principal)).id, kind: 'professional' };
  }
  const business = await assertBusiness(deps.businesses, principal);
  const filers = getProcedure(procedureCode).filers ?? ['professional'];
  if (!filers.includes('business')) {
    throw new DomainError({
      type: 'procedure-needs-professional',
      kind: 'forbidden',
      title: 'A professional files this procedure',
      detail: `A ${procedureCode} is filed by an architect or engineer; a business files only ${CATALOGUE.procedures
        .filter((p) => p.filers?.includes('business'))
        .map((p) => p.code)
        .join(', ')} itself.`,
      details: { procedureCode },
    });
  }
  return { id: business.id, kind: 'business' };
}

/** The day a licence issued at `issuedAt` expires, `months` later (Casablanca's calendar day). */
export function licenceValidUntil(issuedAt: string, months: number): string {
  const [year, month, day] = casablancaDate(new Date(issuedAt)).split('-').map(Number) as [
    number,
    number,
    number,
  ];
  const end = new Date(Date.UTC(year, month - 1 + months, day));
  return end.toISOString().slice(0, 10);
}

const permitRefused = (type: string, detail: string, details: Record<string, unknown>) =>
  new DomainError({ type, kind: 'unprocessable', title: 'Permit not followed', detail, details });

/**
 * The issued permit a post-permit request follows (occupancy permit, conformity certificate): it
 * must exist, be of a procedure this one may follow, and belong to the request's commune; the
 * request then carries its conditions and parcel. Other procedures take no permit number.
 */
async function followedPermit(
  deps: Pick<ApplicationDeps, 'applications'> & { permits: PermitLookup },
  input: NewApplication,
  filer: { id: string; kind: 'professional' | 'business' },
): Promise<Application['followsPermit']> {
  const follows = getProcedure(input.procedureCode).follows;
  if (!follows) {
    if (input.permitNumber === undefined) return undefined;
    throw permitRefused(
      'permit-not-expected',
      `A ${input.procedureCode} request does not follow a permit; remove permitNumber.`,
      { procedureCode: input.procedureCode },
    );
  }
  const number = input.permitNumber;
  if (!number) {
    throw permitRefused(
      'permit-required',
      `A ${input.procedureCode} request follows an issued permit: give its number (permitNumber, e.g. RK-CAS-CASABLANCA-2026-00042).`,
      { procedureCode: input.procedureCode, follows },
    );
  }
  const permit = await deps.permits.get(number);
  // Another commune's permit is refused in the same words as one that does not exist, so a
  // request cannot probe which numbers other communes issued.
  if (!permit || permit.communeId !== input.communeId) {
    throw permitRefused(
      'unknown-permit',
      `No permit ${number} was issued by commune ${input.communeId}. Give the number printed on the permit this request follows.`,
      { permitNumber: number, communeId: input.communeId },
    );
  }
  if (!follows.includes(permit.procedureCode as (typeof follows)[number])) {
    throw permitRefused(
      'permit-not-followable',
      `Permit ${number} is a ${permit.procedureCode}; a ${input.procedureCode} follows ${follows.join(', ')}.`,
      { permitNumber: number, procedureCode: permit.procedureCode, follows },
    );
  }
  const permitted = await deps.applications.get(permit.applicationId);
  if (!permitted) throw new Error(`Permit ${number} names file ${permit.applicationId}, which is missing`);
  // A business renews only its own licence; it is refused like an unknown number (no probing).
  if (filer.kind === 'business' && permitted.professionalId !== filer.id) {
    throw permitRefused(
      'unknown-permit',
      `No permit ${number} was issued by commune ${input.communeId}. Give the number printed on the permit this request follows.`,
      { permitNumber: number, communeId: input.communeId },
    );
  }
  const validity = licenceValidityMonths(getProcedure(permitted.procedureCode), permitted.project);
  return {
    number,
    applicationId: permit.applicationId,
    procedureCode: permitted.procedureCode,
    issuedAt: permit.issuedAt,
    ...(validity ? { validUntil: licenceValidUntil(permit.issuedAt, validity) } : {}),
    conditions: permitted.decision?.conditions ?? [],
    parcel: permitted.parcel,
  };
}

export async function readApplication(
  deps: Pick<ApplicationDeps, 'applications'>,
  principal: Principal,
  id: string,
) {
  return assertCanRead(principal, await deps.applications.get(id), id);
}

/** Edits a draft; the client sends the version it read, and loses (409) if someone changed it since. */
export async function updateDraft(
  deps: ApplicationDeps,
  principal: Principal,
  id: string,
  patch: ApplicationPatch,
  now: Date,
): Promise<Application> {
  const app = assertCanEdit(principal, await deps.applications.get(id), id);
  transition(app.status, 'EDIT');
  const { version, ...changes } = patch;
  if (version !== app.version) throw versionConflict(version, app.version);
  // A post-permit request keeps the parcel of the permit it follows.
  const merged = { ...app, ...changes, ...(app.followsPermit ? { parcel: app.followsPermit.parcel } : {}) };
  const next: Application = {
    ...merged,
    size: classifyProject(getProcedure(app.procedureCode), merged.project),
    version: app.version + 1,
    updatedAt: now.toISOString(),
  };
  await deps.applications.update(
    next,
    app.version,
    event(app, 'APPLICATION_UPDATED', principal.username, next.updatedAt, { fields: Object.keys(changes) }),
  );
  return next;
}

export async function deleteDraft(deps: ApplicationDeps, principal: Principal, id: string): Promise<void> {
  const app = assertCanEdit(principal, await deps.applications.get(id), id);
  transition(app.status, 'DELETE');
  await deps.applications.deleteDraft(app);
}

function requirementOf(app: Application, code: string) {
  const requirement = getProcedure(app.procedureCode).documents.find((d) => d.code === code);
  if (!requirement) {
    throw new DomainError({
      type: 'unknown-document',
      kind: 'unprocessable',
      title: 'Unknown document',
      detail: `${code} is not a document of ${app.procedureCode}; see GET /procedures for the list.`,
    });
  }
  return requirement;
}

const UPLOAD_URL_SECONDS = 15 * 60;

/** Issues a presigned upload bounded to the slot's formats and size, under the application's prefix. */
export async function requestUpload(
  deps: DocumentDeps,
  principal: Principal,
  id: string,
  code: string,
  file: { contentType: DocumentFormat; sizeBytes: number; fileName?: string },
  now: Date,
) {
  const app = assertCanEdit(principal, await deps.applications.get(id), id);
  transition(app.status, 'UPLOAD_DOCUMENT');
  const requirement = requirementOf(app, code);
  const problems = documentProblems(requirement, file.contentType, file.sizeBytes);
  if (problems.length > 0) {
    throw new DomainError({
      type: 'document-refused',
      kind: 'unprocessable',
      title: 'Document refused',
      detail: problems.map((p) => p.detail).join(' '),
      details: { problems },
    });
  }
  const key = `applications/${app.id}/${code}/${randomUUID()}`;
  const maxBytes = requirement.maxSizeMb * 1024 * 1024;
  const { url, fields } = await deps.storage.presignUpload({
    key,
    contentType: file.contentType,
    maxBytes,
    expiresInSeconds: UPLOAD_URL_SECONDS,
  });
  return {
    method: 'POST' as const,
    url,
    fields,
    key,
    maxBytes,
    contentType: file.contentType,
    expiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
  };
}

/** Magic numbers of the accepted formats: a renamed .exe is not a PDF. */
const SIGNATURES: Record<DocumentFormat, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

/**
 * After the upload the client confirms: the object must exist under this slot, with an accepted type,
 * size and content; its SHA-256 and S3 version become a new version of the slot (history kept).
 */
export async function confirmUpload(
  deps: DocumentDeps,
  principal: Principal,
  id: string,
  code: string,
  input: { key: string; fileName?: string; sha256?: string | undefined },
  now: Date,
): Promise<DocumentVersion> {
  const app = assertCanEdit(principal, await deps.applications.get(id), id);
  transition(app.status, 'UPLOAD_DOCUMENT');
  const requirement = requirementOf(app, code);
  if (!input.key.startsWith(`applications/${app.id}/${code}/`)) {
    throw new DomainError({
      type: 'upload-key-mismatch',
      kind: 'unprocessable',
      title: 'Wrong upload key',
      detail: `The key must be the one issued for ${code} of this application (it starts with applications/${app.id}/${code}/).`,
    });
  }
  const current = app.documents[code];
  if (current?.key === input.key) return current;
  const stored = await deps.storage.inspect(input.key);
  if (!stored) {
    throw new DomainError({
      type: 'upload-not-found',
      kind: 'unprocessable',
      title: 'Nothing uploaded',
      detail: 'No file was uploaded under this key. Upload it with the presigned form first, then confirm.',
    });
  }
  const problems = documentProblems(requirement, stored.contentType, stored.sizeBytes);
  const signature = SIGNATURES[stored.contentType as DocumentFormat];
  if (signature && !signature.every((byte, i) => stored.head[i] === byte)) {
    problems.push({
      code,
      reason: 'format-not-allowed',
      detail: `The file content is not a ${stored.contentType} file.`,
      contentType: stored.contentType,
    });
  }
  // The browser hashes the file before sending: what S3 holds must be exactly those bytes.
  if (input.sha256 && input.sha256 !== stored.sha256) {
    problems.push({
      code,
      reason: 'checksum-mismatch',
      detail: `The stored file's SHA-256 (${stored.sha256}) is not the one computed before sending (${input.sha256}); send it again.`,
    });
  }
  if (problems.length > 0) {
    throw new DomainError({
      type: 'document-refused',
      kind: 'unprocessable',
      title: 'Document refused',
      detail: problems.map((p) => p.detail).join(' '),
      details: { problems },
    });
  }
  const doc: DocumentVersion = {
    code,
    version: (current?.version ?? 0) + 1,
    key: input.key,
    ...(stored.versionId ? { s3VersionId: stored.versionId } : {}),
    sha256: stored.sha256,
    sizeBytes: stored.sizeBytes,
    contentType: stored.contentType as DocumentFormat,
    ...(input.fileName ? { fileName: input.fileName } : {}),
    uploadedAt: now.toISOString(),
    uploadedBy: principal.username,
  };
  await deps.applications.addDocumentVersion(
    app,
    doc,
    event(app, 'DOCUMENT_UPLOADED', principal.username, doc.uploadedAt, {
      code,
      version: doc.version,
      sha256: doc.sha256,
    }),
  );
  return doc;
}

export async function documentDownload(
  deps: DocumentDeps,
  principal: Principal,
  id: string,
  code: string,
  version: number | undefined,
) {
  const app = assertCanRead(principal, await deps.applications.get(id), id);
  const history = await deps.applications.documentHistory(app.id, code);
  const doc = version === undefined ? app.documents[code] : history.find((d) => d.version === version);
  if (!doc) throw notFound('Document', version === undefined ? code : `${code} v${version}`);
  const url = await deps.storage.presignDownload({
    key: doc.key,
    ...(doc.s3VersionId ? { versionId: doc.s3VersionId } : {}),
    fileName: doc.fileName ?? `${code}-v${doc.version}`,
    expiresInSeconds: 300,
  });
  return { document: doc, url, expiresInSeconds: 300, history };
}

/**
 * Submits a complete draft: every problem is reported at once (422); otherwise the receipt number,
 * the legal deadline and the SUBMITTED status are written in one transaction with the event.
 */
export async function submitApplication(
  deps: ApplicationDeps & { communeGate: CommuneGate },
  principal: Principal,
  id: string,
  now: Date,
): Promise<Application> {
  const app = assertCanEdit(principal, await deps.applications.get(id), id);
  const to = transition(app.status, 'SUBMIT') as ApplicationStatus;
  // Only a LIVE commune accepts new applications (409 naming what its bodies still lack).
  await deps.communeGate.assertAcceptsApplications(
    { id: app.communeId, provinceId: app.provinceId, regionId: app.regionId },
    now,
  );
  const procedure = getProcedure(app.procedureCode);
  const problems = completenessProblems(procedure, app);
  if (problems.length > 0) {
    throw new DomainError({
      type: 'application-incomplete',
      kind: 'unprocessable',
      title: 'Application incomplete',
      detail: `The application cannot be submitted yet: ${problems.map((p) => p.code).join(', ')}. Upload or fix these, then submit again.`,
      details: { problems, missing: problems.map((p) => p.code) },
    });
  }
  const at = now.toISOString();
  const deadline = deadlineFor(procedure, app.project, now);
  const year = Number(casablancaDate(now).slice(0, 4));
  return deps.applications.submit(app.version, { communeId: app.communeId, year }, (sequence) => {
    const receiptNumber = formatReceiptNumber(app.communeId, year, sequence);
    const next: Application = {
      ...app,
      status: to,
      size: deadline.size,
      receiptNumber,
      submittedAt: at,
      legalDeadlineDays: deadline.days,
      deadlineDate: deadline.deadlineDate,
      version: app.version + 1,
      updatedAt: at,
    };
    return {
      next,
      event: event(app, 'APPLICATION_SUBMITTED', principal.username, at, {
        receiptNumber,
        deadlineDate: deadline.deadlineDate,
        legalDeadlineDays: deadline.days,
      }),
    };
  });
}

export async function withdrawApplication(
  deps: ApplicationDeps,
  principal: Principal,
  id: string,
  reason: string,
  now: Date,
): Promise<Application> {
  const app = assertCanEdit(principal, await deps.applications.get(id), id);
  const to = transition(app.status, 'WITHDRAW') as ApplicationStatus;
  const at = now.toISOString();
  const next: Application = {
    ...app,
    status: to,
    withdrawnAt: at,
    withdrawalReason: reason,
    version: app.version + 1,
    updatedAt: at,
  };
  await deps.applications.update(
    next,
    app.version,
    event(app, 'APPLICATION_WITHDRAWN', principal.username, at, { reason }),
  );
  return next;
}

export async function applicationHistory(
  deps: Pick<ApplicationDeps, 'applications'>,
  principal: Principal,
  id: string,
) {
  const app = assertCanRead(principal, await deps.applications.get(id), id);
  return deps.applications.events(app.id);
}

/** Professionals list what they filed, applicants what they follow; newest first. */
export async function listApplications(
  deps: Pick<ApplicationDeps, 'applications'>,
  principal: Principal,
  query: { status?: ApplicationStatus; cursor?: string; limit: number },
): Promise<Page<Application>> {
  if (hasRole(principal, 'professional', 'business'))
    return deps.applications.listByProfessional(principal.username, query);
  if (hasRole(principal, 'applicant')) return deps.applications.listFollowed(principal.username, query);
  assertRole(principal, 'professional', 'applicant');
  return { items: [] };
}

/** Applicant accounts are keyed by a hash of their e-mail, so one person has one account across applications. */
export const applicantUsername = (email: string) =>
  `applicant-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 20)}`;

/**
 * The professional invites the applicant to follow the application with their own account: the
 * account is created (temporary password by e-mail, to change at first sign-in) or reused.
 */
export async function inviteApplicant(
  deps: ApplicationDeps & { identity: IdentityProvider; mailer: EmailSender; loginUrl: string },
  principal: Principal,
  id: string,
  invite: { email: string; phone?: string; preferredLanguage: Language },
  now: Date,
) {
  const app = assertCanEdit(principal, await deps.applications.get(id), id);
  if (app.status === 'WITHDRAWN') transition(app.status, 'EDIT');
  const username = applicantUsername(invite.email);
  const exists = await deps.identity.userExists(username);
  const created = exists
    ? {}
    : await deps.identity.createUser({
        username,
        email: invite.email,
        ...(invite.phone ? { phone: invite.phone } : {}),
        group: 'applicant',
        attributes: { locale: invite.preferredLanguage },
        // A professional typed this address: it stays unverified (no sign-in alias), so it never
        // stands in the way of its owner's own registration. The invitee signs in with the username.
        emailVerified: false,
      });
  const procedure = getProcedure(app.procedureCode);
  const commune = await deps.geo.getCommune(app.communeId);
  const message = created.temporaryPassword ? applicantInvited : applicationShared;
  const mail = renderEmail(message, invite.preferredLanguage, {
    applicationId: app.id,
    ...(app.receiptNumber ? { receiptNumber: app.receiptNumber } : {}),
    procedureLabelFr: procedure.labelFr,
    procedureLabelAr: procedure.labelAr,
    communeNameFr: commune?.nameFr ?? app.communeId,
    communeNameAr: commune?.nameAr ?? app.communeId,
    recipientName: invite.email,
    loginUrl: deps.loginUrl,
    username,
    ...(created.temporaryPassword ? { temporaryPassword: created.temporaryPassword } : {}),
  });
  await deps.mailer.send({ to: invite.email, ...mail });
  if (!app.followers.includes(username)) {
    await deps.applications.addFollower(
      app,
      username,
      event(app, 'APPLICANT_INVITED', principal.username, now.toISOString(), {
        username,
        newAccount: !exists,
      }),
    );
  }
  return { username, newAccount: !exists };
}
