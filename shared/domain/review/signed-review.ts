/**
 * Signed opinions and the commission's signed minutes (procès-verbal). A commission member who
 * holds a signing key (issued through the province contact like a commune signatory's) signs their
 * agency's opinion with it and their PIN; once every consulted agency has answered, the minutes are
 * written from the round's opinions and each member present signs them. The file lists who signed
 * what, and every signature verifies like a permit's (CMS, certificate chain to the platform CA,
 * key record, platform time-stamp) against the document as it is stored now.
 */
import { createHash } from 'node:crypto';
import { assertCanRead, assertConsultedMember } from '../applications/access.ts';
import type { Application, ApplicationEvent, Opinion } from '../applications/application.ts';
import { DomainError } from '../errors.ts';
import { assertRole, type Principal } from '../identity/principal.ts';
import type { DocumentSignature } from '../signing/document-signature.ts';
import {
  documentBytes,
  memberKey,
  type SignatureVerification,
  signDocument,
  verifyDocumentSignature,
} from '../signing/signed-documents.ts';
import type { ReviewDeps } from './use-cases.ts';

/** What a member's signature on an opinion covers: the file, the agency's answer, its author and instant. */
export const opinionDocument = (
  app: Pick<Application, 'id' | 'receiptNumber' | 'procedureCode' | 'communeId'>,
  opinion: Opinion,
) => ({
  document: 'rukhsa/opinion/1',
  applicationId: app.id,
  receiptNumber: app.receiptNumber ?? null,
  procedureCode: app.procedureCode,
  communeId: app.communeId,
  agency: opinion.agency,
  round: opinion.round,
  opinion: opinion.opinion,
  conditions: opinion.conditions,
  reasons: opinion.reasons,
  author: opinion.author,
  at: opinion.at,
});

const roundOpinions = (app: Application) => {
  const round = app.round ?? 1;
  return Object.values(app.opinions ?? {})
    .filter((o) => o.round === round)
    .sort((a, b) => (a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : 0));
};

/**
 * The minutes of the current round: every consulted agency's opinion (with the hash of the signed
 * opinion document, when it was signed), so a signature on the minutes also vouches for them.
 */
export const minutesDocument = (app: Application) => ({
  document: 'rukhsa/minutes/1',
  applicationId: app.id,
  receiptNumber: app.receiptNumber ?? null,
  procedureCode: app.procedureCode,
  communeId: app.communeId,
  provinceId: app.provinceId,
  round: app.round ?? 1,
  consultedAgencies: [...(app.consultedAgencies ?? [])].sort(),
  opinions: roundOpinions(app).map((o) => ({
    ...opinionDocument(app, o),
    binding: o.binding,
    signedDocumentSha256: o.signature?.sha256 ?? null,
  })),
});

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const problem = (type: string, kind: 'conflict' | 'unprocessable', title: string, detail: string) =>
  new DomainError({ type, kind, title, detail });

const noSigningKey = () =>
  problem(
    'no-signing-key',
    'conflict',
    'No signing key',
    'You hold no signing key for your agency in this province. The ministry issues keys through the province contact.',
  );

/**
 * The key an opinion is signed with: a member who holds one must give their PIN (422
 * `pin-required`); a PIN from a member without a key is a 409 `no-signing-key`. Members without a
 * key still give unsigned opinions while the keys are being handed over.
 */
export async function signingKeyForOpinion(deps: ReviewDeps, principal: Principal, pin: string | undefined) {
  if (!deps.signing) {
    if (pin) throw new Error('Signing an opinion needs the signing dependencies (kms sign grant)');
    return undefined;
  }
  const key = await memberKey(deps.signing, principal);
  if (key && !pin) {
    throw problem(
      'pin-required',
      'unprocessable',
      'PIN required',
      'You hold a signing key: your opinion is signed with it. Give your PIN (pin).',
    );
  }
  if (!key && pin) throw noSigningKey();
  return key;
}

function assertMinutesReady(app: Application) {
  const opinions = roundOpinions(app);
  const consulted = app.consultedAgencies ?? [];
  const missing = consulted.filter((a) => !opinions.some((o) => o.agency === a));
  if (consulted.length === 0 || missing.length > 0) {
    throw new DomainError({
      type: 'minutes-not-ready',
      kind: 'conflict',
      title: 'Minutes not ready',
      detail:
        consulted.length === 0
          ? 'This file was not referred to a commission: it has no minutes.'
          : `The minutes are written once every consulted agency has answered; missing: ${missing.join(', ')}.`,
      details: { missing },
    });
  }
}

/**
 * A member present signs the minutes of the round with their key and PIN (a member of an agency
 * consulted on the file, in its province). Each member signs once; members signing at the same
 * moment are retried on the fresh file, since their signatures do not conflict.
 */
export async function signMinutes(
  deps: ReviewDeps,
  principal: Principal,
  id: string,
  input: { pin: string },
  now: Date,
): Promise<NonNullable<Application['minutes']>> {
  assertRole(principal, 'commission_member');
  if (!deps.signing) throw new Error('Signing the minutes needs the signing dependencies (kms sign grant)');
  const app = assertCanRead(principal, await deps.applications.get(id), id);
  assertConsultedMember(principal, app);
  assertMinutesReady(app);
  const document = minutesDocument(app);
  const sha256 = sha256Hex(documentBytes(document));
  const alreadySigned = (a: Application) =>
    a.minutes?.sha256 === sha256 &&
    a.minutes.signatures.some((s) => s.signer.username === principal.username);
  if (alreadySigned(app)) {
    throw problem(
      'minutes-already-signed',
      'conflict',
      'Already signed',
      'You already signed these minutes.',
    );
  }
  const key = await memberKey(deps.signing, principal);
  if (!key) throw noSigningKey();
  const signature = await signDocument(
    deps.signing,
    principal,
    key,
    input.pin,
    document,
    { applicationId: id, minutes: true },
    now,
  );
  for (let attempt = 1; ; attempt++) {
    const current = attempt === 1 ? app : assertCanRead(principal, await deps.applications.get(id), id);
    if (sha256Hex(documentBytes(minutesDocument(current))) !== sha256) {
      throw problem(
        'version-conflict',
        'conflict',
        'Edited by someone else',
        'The minutes changed while you signed. Reload the file.',
      );
    }
    if (alreadySigned(current)) {
      throw problem(
        'minutes-already-signed',
        'conflict',
        'Already signed',
        'You already signed these minutes.',
      );
    }
    const previous: DocumentSignature[] =
      current.minutes?.sha256 === sha256 ? current.minutes.signatures : [];
    const minutes = { round: document.round, sha256, signatures: [...previous, signature] };
    const at = now.toISOString();
    const next: Application = { ...current, minutes, version: current.version + 1, updatedAt: at };
    const event: ApplicationEvent = {
      applicationId: id,
      type: 'MINUTES_SIGNED',
      at,
      actor: principal.username,
      role: 'commission_member',
      details: {
        round: document.round,
        agency: principal.scope.agencyId,
        keyId: signature.keyId,
        documentSha256: sha256,
        signatures: minutes.signatures.length,
      },
    };
    try {
      await deps.applications.update(next, current.version, event);
      return minutes;
    } catch (error) {
      const onVersion = error instanceof DomainError && error.type === 'version-conflict';
      if (!onVersion || attempt >= 10) throw error;
    }
  }
}

export interface FileSignatures {
  applicationId: string;
  round: number;
  opinions: {
    agency: string;
    opinion: Opinion['opinion'];
    author: string;
    at: string;
    signed: boolean;
    /** The canonical opinion document as stored now (what a verifier hashes). */
    document: string;
    signature: DocumentSignature | null;
    verification: SignatureVerification | null;
  }[];
  minutes: {
    round: number;
    /** The canonical minutes document as it would be written now from the stored opinions. */
    document: string;
    sha256: string;
    valid: boolean;
    signatures: (SignatureVerification & { cms: string })[];
  } | null;
}

/**
 * Who signed what on a file, each signature checked against the documents as stored now: an
 * opinion altered after its signature fails its own check and the minutes' (which cover its hash).
 */
export async function fileSignatures(
  deps: Pick<ReviewDeps, 'applications'> & Parameters<typeof verifyDocumentSignature>[0],
  principal: Principal,
  id: string,
): Promise<FileSignatures> {
  const app = assertCanRead(principal, await deps.applications.get(id), id);
  const signing = deps;
  const opinions = await Promise.all(
    roundOpinions(app).map(async (o) => {
      const document = opinionDocument(app, o);
      return {
        agency: o.agency,
        opinion: o.opinion,
        author: o.author,
        at: o.at,
        signed: Boolean(o.signature),
        document: new TextDecoder().decode(documentBytes(document)),
        signature: o.signature ?? null,
        verification: o.signature ? await verifyDocumentSignature(signing, document, o.signature) : null,
      };
    }),
  );
  let minutes: FileSignatures['minutes'] = null;
  if (app.minutes) {
    const document = minutesDocument(app);
    const signatures = await Promise.all(
      app.minutes.signatures.map(async (s) => ({
        ...(await verifyDocumentSignature(signing, document, s)),
        cms: s.cms,
      })),
    );
    minutes = {
      round: app.minutes.round,
      document: new TextDecoder().decode(documentBytes(document)),
      sha256: app.minutes.sha256,
      valid: signatures.length > 0 && signatures.every((s) => s.valid),
      signatures,
    };
  }
  return { applicationId: app.id, round: app.round ?? 1, opinions, minutes };
}
