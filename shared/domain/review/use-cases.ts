import { createHash } from 'node:crypto';
import {
  assertCanEdit,
  assertCanRead,
  assertCommuneStaff,
  assertConsultedMember,
} from '../applications/access.ts';
import type {
  Application,
  ApplicationEvent,
  ApplicationStatus,
  Opinion,
  Remark,
} from '../applications/application.ts';
import { completenessProblems } from '../applications/completeness.ts';
import type { ApplicationRepository } from '../applications/ports.ts';
import { type Actor, CLOCK_RUNNING, transition } from '../applications/state-machine.ts';
import { DomainError } from '../errors.ts';
import type { GeoRepository } from '../geo/ports.ts';
import { assertRole, type Principal } from '../identity/principal.ts';
import type { Page } from '../pagination.ts';
import type { PaymentOrder } from '../payments/payment.ts';
import type { TariffRepository } from '../payments/ports.ts';
import { openPaymentOrder } from '../payments/use-cases.ts';
import { casablancaDate, consultedAgencies, deadlineAfterReturn, getProcedure } from '../procedures/rules.ts';
import { AGENCY_CODES, type ProcedureCode } from '../procedures/schema.ts';
import type { DocumentSignature } from '../signing/document-signature.ts';
import { type DocumentSigningDeps, documentBytes, signDocument } from '../signing/signed-documents.ts';
import { clockEventsFromHistory, daysBetween, legalClock } from './clock.ts';
import { isOpinionReason, isReturnReason } from './reasons.ts';
import { opinionDocument, signingKeyForOpinion } from './signed-review.ts';

export interface ReviewDeps {
  applications: ApplicationRepository;
  /** Needed to approve: the payment order is computed from the commune's tariff. */
  tariffs?: TariffRepository;
  /** Needed to sign opinions: the members' keys, KMS, the platform CA and time-stamping authority. */
  signing?: DocumentSigningDeps;
}

const createHashHex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const roleOf = (principal: Principal): Actor => principal.roles[0] ?? 'applicant';

const event = (
  app: Application,
  type: ApplicationEvent['type'],
  principal: Principal | 'system',
  at: string,
  to: ApplicationStatus,
  details: Record<string, unknown> = {},
): ApplicationEvent => ({
  applicationId: app.id,
  type,
  at,
  actor: principal === 'system' ? 'system' : principal.username,
  role: principal === 'system' ? 'system' : roleOf(principal),
  from: app.status,
  to,
  details,
});

const unprocessable = (type: string, title: string, detail: string, details: Record<string, unknown> = {}) =>
  new DomainError({ type, kind: 'unprocessable', title, detail, details });

/** The client may send the version it read; if it did and the file moved on, it must reload (409). */
function checkVersion(app: Application, version: number | undefined) {
  if (version !== undefined && version !== app.version) {
    throw new DomainError({
      type: 'version-conflict',
      kind: 'conflict',
      title: 'Edited by someone else',
      detail: `The application changed since you read it (your version ${version}, current ${app.version}). Reload it.`,
    });
  }
}

/** Desk worklist of the agent's commune: open files by default, soonest legal deadline first, overdue flagged. */
export async function deskWorklist(
  deps: ReviewDeps,
  principal: Principal,
  query: {
    status?: ApplicationStatus;
    procedureCode?: ProcedureCode;
    closed?: boolean;
    cursor?: string;
    limit: number;
  },
  now: Date,
): Promise<Page<Application & { overdue: boolean }>> {
  assertRole(principal, 'desk_agent', 'signatory');
  const communeId = principal.scope.communeId as string;
  const page = await deps.applications.listByCommune(communeId, {
    open: !query.closed,
    ...(query.status ? { status: query.status } : {}),
    ...(query.procedureCode ? { procedureCode: query.procedureCode } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
    limit: query.limit,
  });
  const today = casablancaDate(now);
  return {
    ...page,
    items: page.items.map((app) => ({
      ...app,
      overdue:
        CLOCK_RUNNING.includes(app.status) &&
        Boolean(app.deadlineDate) &&
        (app.deadlineDate as string) < today,
    })),
  };
}

/** Files referred to the member's agency in their territory. */
export async function commissionWorklist(
  deps: ReviewDeps,
  principal: Principal,
  query: { answered?: boolean; cursor?: string; limit: number },
): Promise<Page<Application>> {
  assertRole(principal, 'commission_member');
  return deps.applications.listReferrals(
    principal.scope.agencyId as string,
    principal.scope.provinceId as string,
    query.answered ? 'ANSWERED' : 'PENDING',
    query.cursor,
    query.limit,
  );
}

/**
 * Returns the file for completion with every remark in one round (coded reasons). The legal clock
 * stops until the professional resubmits; what the desk judged is remembered to show what changed.
 */
export async function returnForCompletion(
  deps: ReviewDeps,
  principal: Principal,
  id: string,
  input: { remarks: Remark[]; version?: number },
  now: Date,
): Promise<Application> {
  const app = assertCommuneStaff(principal, await deps.applications.get(id), id, ['desk_agent']);
  const to = transition(app.status, 'RETURN_FOR_COMPLETION') as ApplicationStatus;
  checkVersion(app, input.version);
  if (app.lastReturn) {
    // The law allows one round of returns: what is still missing after it is a reason to reject.
    throw new DomainError({
      kind: 'conflict',
      type: 'return-round-used',
      title: 'Already returned once',
      detail: `Application ${id} was already returned for completion (round ${app.lastReturn.round}, ${app.lastReturn.at}); the law allows one round. Declare it admissible or reject it.`,
      details: { id, returnedAt: app.lastReturn.at, round: app.lastReturn.round },
    });
  }
  const procedure = getProcedure(app.procedureCode);
  const problems = input.remarks.flatMap((remark, i) => [
    ...(isReturnReason(remark.reasonCode)
      ? []
      : [`remarks.${i}.reasonCode: unknown reason ${remark.reasonCode}`]),
    ...(remark.documentCode && !procedure.documents.some((d) => d.code === remark.documentCode)
      ? [`remarks.${i}.documentCode: ${remark.documentCode} is not a document of ${app.procedureCode}`]
      : []),
    ...(remark.reasonCode === 'OTHER' && !remark.text ? [`remarks.${i}.text: explain the OTHER reason`] : []),
  ]);
  if (problems.length > 0) {
    throw unprocessable('invalid-remarks', 'Invalid remarks', problems.join('; '), { problems });
  }
  const at = now.toISOString();
  const round = app.round ?? 1;
  const next: Application = {
    ...app,
    status: to,
    returnedAt: at,
    lastReturn: {
      round,
      at,
      remarks: input.remarks,
      documents: Object.fromEntries(Object.entries(app.documents).map(([code, doc]) => [code, doc.version])),
    },
    version: app.version + 1,
    updatedAt: at,
  };
  await deps.applications.saveTransition({
    next,
    expectedVersion: app.version,
    events: [event(app, 'APPLICATION_RETURNED', principal, at, to, { round, remarks: input.remarks })],
  });
  return next;
}

/** What changed since the last return: new document versions and new documents. */
export function changesSinceLastReturn(app: Application) {
  const judged = app.lastReturn?.documents ?? {};
  const documents = Object.values(app.documents)
    .filter((doc) => doc.version > (judged[doc.code] ?? 0))
    .map((doc) => ({
      code: doc.code,
      fromVersion: judged[doc.code] ?? null,
      toVersion: doc.version,
      uploadedAt: doc.uploadedAt,
    }));
  return { round: app.round ?? 1, lastReturn: app.lastReturn ?? null, documents };
}

export async function applicationChanges(deps: ReviewDeps, principal: Principal, id: string) {
  return changesSinceLastReturn(assertCanRead(principal, await deps.applications.get(id), id));
}

/** The professional resubmits after completing: a new round; the deadline moves by the days the file was away. */
export async function resubmit(
  deps: ReviewDeps,
  principal: Principal,
  id: string,
  now: Date,
): Promise<Application> {
  const app = assertCanEdit(principal, await deps.applications.get(id), id);
  const to = transition(app.status, 'RESUBMIT') as ApplicationStatus;
  const problems = completenessProblems(getProcedure(app.procedureCode), app);
  if (problems.length > 0) {
    throw unprocessable(
      'application-incomplete',
      'Application incomplete',
      `The application cannot be resubmitted yet: ${problems.map((p) => p.code).join(', ')}.`,
      { problems, missing: problems.map((p) => p.code) },
    );
  }
  const at = now.toISOString();
  // pausedDays are calendar days (the ranking's delays); the deadline moves by the same dates as
  // the procedure counts days (working days skip weekends and public holidays).
  const returnedOn = app.returnedAt ? casablancaDate(new Date(app.returnedAt)) : undefined;
  const resubmittedOn = casablancaDate(now);
  const paused = returnedOn ? Math.max(0, daysBetween(returnedOn, resubmittedOn)) : 0;
  const { returnedAt, ...rest } = app;
  const next: Application = {
    ...rest,
    status: to,
    round: (app.round ?? 1) + 1,
    pausedDays: (app.pausedDays ?? 0) + paused,
    ...(app.deadlineDate
      ? {
          deadlineDate: returnedOn
            ? deadlineAfterReturn(
                getProcedure(app.procedureCode),
                app.deadlineDate,
                returnedOn,
                resubmittedOn,
              )
            : app.deadlineDate,
        }
      : {}),
    version: app.version + 1,
    updatedAt: at,
  };
  await deps.applications.saveTransition({
    next,
    expectedVersion: app.version,
    events: [
      event(app, 'APPLICATION_RESUBMITTED', principal, at, to, {
        round: next.round,
        pausedDays: paused,
        deadlineDate: next.deadlineDate,
        changes: changesSinceLastReturn(app).documents,
      }),
    ],
  });
  return next;
}

/**
 * Declares the file admissible and refers it to the commission: the procedure's agencies unless the
 * desk adjusts them. Without agencies (desk-only procedures) it goes straight to decision.
 */
export async function declareAdmissible(
  deps: ReviewDeps,
  principal: Principal,
  id: string,
  input: { agencies?: string[]; version?: number },
  now: Date,
): Promise<Application> {
  const app = assertCommuneStaff(principal, await deps.applications.get(id), id, ['desk_agent']);
  transition(app.status, 'DECLARE_ADMISSIBLE');
  checkVersion(app, input.version);
  const procedure = getProcedure(app.procedureCode);
  const agencies = [...new Set(input.agencies ?? consultedAgencies(procedure, app.size))];
  const unknown = agencies.filter((a) => !(AGENCY_CODES as readonly string[]).includes(a));
  if (unknown.length > 0) {
    throw unprocessable(
      'unknown-agency',
      'Unknown agency',
      `Unknown agencies: ${unknown.join(', ')}; known: ${AGENCY_CODES.join(', ')}.`,
    );
  }
  const to = transition(
    app.status,
    'DECLARE_ADMISSIBLE',
    agencies.length > 0 ? 'IN_COMMISSION' : 'READY_FOR_DECISION',
  ) as ApplicationStatus;
  const at = now.toISOString();
  const binding = procedure.commission.binding.filter((a) => agencies.includes(a));
  const next: Application = {
    ...app,
    status: to,
    consultedAgencies: agencies,
    bindingAgencies: binding,
    opinions: {},
    version: app.version + 1,
    updatedAt: at,
  };
  await deps.applications.saveTransition({
    next,
    expectedVersion: app.version,
    events: [
      event(app, 'APPLICATION_ADMISSIBLE', principal, at, to, { round: app.round ?? 1, agencies, binding }),
    ],
    referrals: agencies.map((agency) => ({ agency, state: 'PENDING' as const })),
  });
  return next;
}

/**
 * One opinion per consulted agency and round, final once given, bound to its author and time. The
 * last one moves the file to decision. Another agency answering at the same moment is not a
 * conflict for the member: the write is retried on the fresh application.
 */
export async function giveOpinion(
  deps: ReviewDeps,
  principal: Principal,
  id: string,
  input: {
    opinion: Opinion['opinion'];
    conditions?: string[];
    reasons?: { reasonCode: string; text?: string }[];
    /** The member's PIN: required once they hold a signing key, which then signs the opinion. */
    pin?: string;
  },
  now: Date,
): Promise<Application> {
  assertRole(principal, 'commission_member');
  const agency = principal.scope.agencyId as string;
  const conditions = input.conditions ?? [];
  const reasons = input.reasons ?? [];
  if (input.opinion === 'FAVOURABLE_WITH_CONDITIONS' && conditions.length === 0) {
    throw unprocessable(
      'invalid-opinion',
      'Conditions missing',
      'A favourable opinion with conditions must list its conditions.',
    );
  }
  if (input.opinion === 'UNFAVOURABLE' && reasons.length === 0) {
    throw unprocessable(
      'invalid-opinion',
      'Reasons missing',
      'An unfavourable opinion must give its coded reasons.',
    );
  }
  const unknown = reasons.filter((r) => !isOpinionReason(r.reasonCode)).map((r) => r.reasonCode);
  if (unknown.length > 0)
    throw unprocessable(
      'invalid-opinion',
      'Unknown reason',
      `Unknown opinion reasons: ${unknown.join(', ')}.`,
    );
  const key = await signingKeyForOpinion(deps, principal, input.pin);
  let signature: DocumentSignature | undefined;
  for (let attempt = 1; ; attempt++) {
    const app = assertCanRead(principal, await deps.applications.get(id), id);
    assertConsultedMember(principal, app);
    transition(app.status, 'GIVE_OPINION');
    const round = app.round ?? 1;
    if (app.opinions?.[agency]) {
      throw new DomainError({
        type: 'conflict',
        kind: 'conflict',
        title: 'Opinion already given',
        detail: `The ${agency} opinion for round ${round} was already given; an opinion is final.`,
      });
    }
    const at = now.toISOString();
    const opinion: Opinion = {
      agency,
      round,
      opinion: input.opinion,
      conditions,
      reasons,
      binding: (app.bindingAgencies ?? []).includes(agency),
      author: principal.username,
      at,
    };
    if (key && deps.signing && input.pin) {
      // Signed once, after the file is known to take this opinion (a refused opinion costs no PIN);
      // a retry on a fresh file signs nothing again: the document it covers cannot have changed.
      const document = opinionDocument(app, opinion);
      signature ??= await signDocument(
        deps.signing,
        principal,
        key,
        input.pin,
        document,
        { applicationId: id },
        now,
      );
      if (createHashHex(documentBytes(document)) !== signature.sha256) {
        throw new DomainError({
          type: 'version-conflict',
          kind: 'conflict',
          title: 'Edited by someone else',
          detail: 'The file moved to another round while you signed. Reload it and give the opinion again.',
        });
      }
      opinion.signature = signature;
    }
    const opinions = { ...(app.opinions ?? {}), [agency]: opinion };
    const complete = (app.consultedAgencies ?? []).every((a) => opinions[a]);
    const to = transition(
      app.status,
      'GIVE_OPINION',
      complete ? 'READY_FOR_DECISION' : 'IN_COMMISSION',
    ) as ApplicationStatus;
    const next: Application = { ...app, status: to, opinions, version: app.version + 1, updatedAt: at };
    const events = [
      event(app, 'OPINION_GIVEN', principal, at, to, {
        agency,
        round,
        opinion: input.opinion,
        conditions,
        reasons,
        ...(opinion.signature
          ? { signedWith: opinion.signature.keyId, documentSha256: opinion.signature.sha256 }
          : {}),
      }),
    ];
    if (complete) events.push(event(app, 'OPINIONS_COMPLETE', 'system', at, to, { round }));
    try {
      await deps.applications.saveTransition({
        next,
        expectedVersion: app.version,
        events,
        opinion,
        referrals: [{ agency, state: 'ANSWERED' }],
      });
      return next;
    } catch (error) {
      const conflictOnVersion = error instanceof DomainError && error.type === 'version-conflict';
      if (!conflictOnVersion || attempt >= 5) throw error;
    }
  }
}

/**
 * The commune's decision. Approval carries the union of the opinions' conditions and is refused
 * while a binding agency is unfavourable; rejection carries the coded reasons of the opinions.
 */
export async function decide(
  deps: ReviewDeps,
  principal: Principal,
  id: string,
  input: {
    decision: 'APPROVED' | 'REJECTED';
    conditions?: string[];
    reasons?: { reasonCode: string; text?: string }[];
    version?: number;
  },
  now: Date,
): Promise<Application> {
  const app = assertCommuneStaff(principal, await deps.applications.get(id), id, ['desk_agent', 'signatory']);
  const to = transition(
    app.status,
    input.decision === 'APPROVED' ? 'APPROVE' : 'REJECT',
  ) as ApplicationStatus;
  checkVersion(app, input.version);
  const opinions = Object.values(app.opinions ?? {});
  const blocking = opinions.filter((o) => o.binding && o.opinion === 'UNFAVOURABLE');
  if (input.decision === 'APPROVED' && blocking.length > 0) {
    throw unprocessable(
      'binding-opinion-unfavourable',
      'Approval impossible',
      `The binding opinion of ${blocking.map((o) => o.agency).join(', ')} is unfavourable (${blocking
        .flatMap((o) => o.reasons.map((r) => r.reasonCode))
        .join(', ')}); the application can only be rejected.`,
      { agencies: blocking.map((o) => o.agency), reasons: blocking.flatMap((o) => o.reasons) },
    );
  }
  const conditions = [...new Set([...opinions.flatMap((o) => o.conditions), ...(input.conditions ?? [])])];
  const reasons = [
    ...opinions
      .filter((o) => o.opinion === 'UNFAVOURABLE')
      .flatMap((o) => o.reasons.map((r) => ({ ...r, agency: o.agency }))),
    ...(input.reasons ?? []),
  ];
  if (input.decision === 'REJECTED' && reasons.length === 0) {
    throw unprocessable(
      'reasons-required',
      'Reasons required',
      'A rejection must give its coded reasons (none came from the opinions).',
    );
  }
  const at = now.toISOString();
  // Approval opens the payment order, from the tariff in force on the decision date.
  let paymentOrder: PaymentOrder | undefined;
  let decided = to;
  if (input.decision === 'APPROVED') {
    if (!deps.tariffs) throw new Error('decide: approving needs the tariff repository');
    paymentOrder = await openPaymentOrder({ tariffs: deps.tariffs }, app, now);
    decided = transition(
      app.status,
      'APPROVE',
      paymentOrder.status === 'PAID' ? 'PAID' : 'AWAITING_PAYMENT',
    ) as ApplicationStatus;
  }
  const next: Application = {
    ...app,
    status: decided,
    decision: {
      decision: input.decision,
      conditions: input.decision === 'APPROVED' ? conditions : [],
      reasons: input.decision === 'REJECTED' ? reasons : [],
      decidedBy: principal.username,
      decidedAt: at,
    },
    version: app.version + 1,
    updatedAt: at,
  };
  await deps.applications.saveTransition({
    next,
    expectedVersion: app.version,
    events: [
      event(
        app,
        input.decision === 'APPROVED' ? 'APPLICATION_APPROVED' : 'APPLICATION_REJECTED',
        principal,
        at,
        decided,
        {
          conditions: next.decision?.conditions,
          reasons: next.decision?.reasons,
          ...(paymentOrder ? { dueCentimes: paymentOrder.dueCentimes } : {}),
        },
      ),
    ],
    ...(paymentOrder ? { paymentOrder } : {}),
  });
  return next;
}

/** The legal clock of one file: elapsed days per phase and in total, returned time excluded. */
export async function applicationClock(deps: ReviewDeps, principal: Principal, id: string, now: Date) {
  const app = assertCanRead(principal, await deps.applications.get(id), id);
  const history = await deps.applications.events(app.id);
  return legalClock(getProcedure(app.procedureCode), app.size, clockEventsFromHistory(history), now);
}

export interface SweepResult {
  communes: number;
  examined: number;
  tacitlyApproved: string[];
  flaggedOverdue: string[];
  skipped: number;
}

/**
 * The daily sweep: every open file past its legal deadline is tacitly approved where silence counts
 * as consent (law 55-19), otherwise flagged overdue once (which notifies). Returned files are not
 * past their deadline: their clock is stopped.
 */
export async function sweepDeadlines(
  deps: ReviewDeps & { geo: GeoRepository },
  now: Date,
  communeIds?: string[],
): Promise<SweepResult> {
  const today = casablancaDate(now);
  const ids = communeIds ?? (await allCommuneIds(deps.geo));
  const result: SweepResult = {
    communes: ids.length,
    examined: 0,
    tacitlyApproved: [],
    flaggedOverdue: [],
    skipped: 0,
  };
  const at = now.toISOString();
  for (const communeId of ids) {
    for (const app of await deps.applications.listPastDeadline(communeId, today)) {
      if (!CLOCK_RUNNING.includes(app.status) || !app.deadlineDate || app.deadlineDate >= today) continue;
      result.examined++;
      const procedure = getProcedure(app.procedureCode);
      try {
        if (procedure.deadline.silenceIsConsent) {
          const to = transition(app.status, 'TACITLY_APPROVE') as ApplicationStatus;
          // Silence is consent, not exemption: the fees fall due as after an approval (#16).
          // A commune without a tariff cannot go LIVE (readiness); should one still lack it, consent is
          // not held back by the fees: the file is approved and the event says no order was opened.
          const paymentOrder = deps.tariffs
            ? await openPaymentOrder({ tariffs: deps.tariffs }, app, now).catch((error) => {
                if (error instanceof DomainError && error.kind === 'unprocessable') return undefined;
                throw error;
              })
            : undefined;
          const next: Application = {
            ...app,
            status: to,
            overdue: true,
            decision: {
              decision: 'TACITLY_APPROVED',
              conditions: [],
              reasons: [],
              decidedBy: 'system',
              decidedAt: at,
            },
            version: app.version + 1,
            updatedAt: at,
          };
          await deps.applications.saveTransition({
            next,
            expectedVersion: app.version,
            events: [
              event(app, 'APPLICATION_TACITLY_APPROVED', 'system', at, to, {
                deadlineDate: app.deadlineDate,
                law: '55-19',
                ...(paymentOrder
                  ? { dueCentimes: paymentOrder.dueCentimes }
                  : { paymentOrder: 'not-opened' }),
              }),
            ],
            ...(paymentOrder ? { paymentOrder } : {}),
          });
          result.tacitlyApproved.push(app.id);
        } else if (!app.overdue) {
          transition(app.status, 'FLAG_OVERDUE');
          await deps.applications.saveTransition({
            next: { ...app, overdue: true, version: app.version + 1, updatedAt: at },
            expectedVersion: app.version,
            events: [
              event(app, 'APPLICATION_OVERDUE', 'system', at, app.status, { deadlineDate: app.deadlineDate }),
            ],
          });
          result.flaggedOverdue.push(app.id);
        }
      } catch (error) {
        // Someone acted on the file meanwhile: the next sweep looks again.
        if (error instanceof DomainError && error.kind === 'conflict') result.skipped++;
        else throw error;
      }
    }
  }
  return result;
}

export async function allCommuneIds(geo: GeoRepository): Promise<string[]> {
  const ids: string[] = [];
  for (const region of await geo.listRegions()) {
    for (const province of await geo.listProvinces(region.id)) {
      for (const commune of await geo.listCommunes(province.id)) ids.push(commune.id);
    }
  }
  return ids;
}
