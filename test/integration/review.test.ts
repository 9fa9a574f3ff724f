import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler as getApplication } from '#functions/applications/get-application.ts';
import { handler as submitApplication } from '#functions/applications/submit-application.ts';
import { handler as decide } from '#functions/review/decide.ts';
import { handler as declareAdmissible } from '#functions/review/declare-admissible.ts';
import { handler as deskWorklist } from '#functions/review/desk-worklist.ts';
import { handler as getClock } from '#functions/review/get-clock.ts';
import { handler as giveOpinion } from '#functions/review/give-opinion.ts';
import { handler as resubmit } from '#functions/review/resubmit.ts';
import { handler as returnForCompletion } from '#functions/review/return-for-completion.ts';
import { handler as sweepDeadlines } from '#functions/review/sweep-deadlines.ts';
import { handler as tacitApproval } from '#functions/review/tacit-approval.ts';
import { casablancaDate } from '#shared/domain/calendar.ts';
import { addWorkingDays, workingDaysBetween } from '#shared/domain/holidays.ts';
import { testCloud } from '../support/cloud.ts';
import { claimsOf, httpEvent, lambdaContext } from '../support/events.ts';
import {
  adminClaims,
  contactClaims,
  deskClaims,
  givenCompleteDraft,
  givenProfessional,
  givenTariff,
  memberClaims,
  signatoryClaims,
} from '../support/fixtures.ts';

const cloud = testCloud();
const json = (r: { body?: string }) => JSON.parse(r.body ?? 'null');
type Claims = Record<string, unknown>;
type Handler = (
  event: ReturnType<typeof httpEvent>,
  context: ReturnType<typeof lambdaContext>,
) => Promise<{ statusCode?: number; body?: string }>;

const call = (
  handler: Handler,
  method: string,
  path: string,
  id: string,
  claims: Claims,
  body?: unknown,
  at?: Date,
) =>
  handler(
    httpEvent({
      method,
      path: `/applications/${id}${path}`,
      pathParameters: { applicationId: id },
      ...(body === undefined ? {} : { body }),
      claims,
      headers: { 'idempotency-key': randomUUID(), ...(at ? { 'x-rukhsa-now': at.toISOString() } : {}) },
    }),
    lambdaContext('review'),
  );

const communeOf = () => `cas-review-${randomUUID().slice(0, 8)}`;
const day = (base: Date, days: number) => new Date(base.getTime() + days * 86_400_000);

/**
 * The commune of the files of every test that reads no worklist and sweeps nothing (each acts on a
 * file of its own): made LIVE once, with its staff and KMS signing key, rather than once per test.
 */
const sharedCommune = communeOf();

/** A submitted file, of the shared commune unless given another (worklists and sweeps take a fresh one). */
async function givenSubmitted(size: 'small' | 'large' = 'large', communeId = sharedCommune, at?: Date) {
  const { professional, claims } = await givenProfessional(cloud);
  await givenTariff(cloud, communeId);
  const draft = await givenCompleteDraft(cloud, professional.id, communeId, { size });
  const submitted = await call(
    submitApplication as Handler,
    'POST',
    '/submission',
    draft.id,
    claims,
    undefined,
    at,
  );
  expect(submitted.statusCode).toBe(200);
  return { app: json(submitted), pro: claims, desk: deskClaims(communeId), communeId };
}

async function givenInCommission(communeId?: string) {
  const given = await givenSubmitted('large', communeId);
  const admissible = await call(
    declareAdmissible as Handler,
    'POST',
    '/admissibility',
    given.app.id,
    given.desk,
    {},
  );
  expect(json(admissible)).toMatchObject({
    status: 'IN_COMMISSION',
    consultedAgencies: ['urban-agency', 'civil-protection', 'utilities'],
    bindingAgencies: ['urban-agency'],
  });
  return { ...given, app: json(admissible) };
}

const opinion = (id: string, agency: string, body: unknown) =>
  call(giveOpinion as Handler, 'POST', '/opinions', id, memberClaims(agency), body);

describe('commission and decision', () => {
  it('refuses approval after a binding unfavourable opinion (422 naming it) and rejects with the coded reasons', async () => {
    const { app, desk } = await givenInCommission();
    expect(
      (
        await opinion(app.id, 'urban-agency', {
          opinion: 'UNFAVOURABLE',
          reasons: [{ reasonCode: 'ZONING_NON_COMPLIANT' }],
        })
      ).statusCode,
    ).toBe(201);
    await opinion(app.id, 'civil-protection', {
      opinion: 'FAVOURABLE_WITH_CONDITIONS',
      conditions: ['Extincteurs à chaque étage'],
    });
    const last = await opinion(app.id, 'utilities', { opinion: 'FAVOURABLE' });
    expect(json(last).status).toBe('READY_FOR_DECISION');
    const approval = await call(decide as Handler, 'POST', '/decision', app.id, desk, {
      decision: 'APPROVED',
    });
    expect(approval.statusCode).toBe(422);
    expect(json(approval)).toMatchObject({
      type: 'https://rukhsa.ma/problems/binding-opinion-unfavourable',
      agencies: ['urban-agency'],
      detail: expect.stringContaining('ZONING_NON_COMPLIANT'),
    });
    const rejection = await call(
      decide as Handler,
      'POST',
      '/decision',
      app.id,
      signatoryClaims(app.communeId),
      { decision: 'REJECTED' },
    );
    expect(rejection.statusCode).toBe(200);
    expect(json(rejection)).toMatchObject({
      status: 'REJECTED',
      decision: {
        decision: 'REJECTED',
        reasons: [{ reasonCode: 'ZONING_NON_COMPLIANT', agency: 'urban-agency' }],
      },
    });
  });

  it('lets exactly one of two desk agents acting at once succeed; the other gets 409', async () => {
    const { app, communeId } = await givenSubmitted();
    const [a, b] = await Promise.all([
      call(
        declareAdmissible as Handler,
        'POST',
        '/admissibility',
        app.id,
        deskClaims(communeId, 'MA-CAS', 'desk-a'),
        {},
      ),
      call(
        returnForCompletion as Handler,
        'POST',
        '/return',
        app.id,
        deskClaims(communeId, 'MA-CAS', 'desk-b'),
        {
          remarks: [{ reasonCode: 'ILLEGIBLE_DOCUMENT', documentCode: 'SITE_PLAN' }],
        },
      ),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
  });

  it('takes one opinion per agency and round: a second one is 409 and changes nothing', async () => {
    const { app } = await givenInCommission();
    const first = await opinion(app.id, 'civil-protection', { opinion: 'FAVOURABLE' });
    expect(first.statusCode).toBe(201);
    const second = await call(
      giveOpinion as Handler,
      'POST',
      '/opinions',
      app.id,
      memberClaims('civil-protection', 'MA-CAS', 'member-2'),
      {
        opinion: 'UNFAVOURABLE',
        reasons: [{ reasonCode: 'FIRE_SAFETY' }],
      },
    );
    expect(second.statusCode).toBe(409);
    const current = json(
      await getApplication(
        httpEvent({
          path: `/applications/${app.id}`,
          pathParameters: { applicationId: app.id },
          claims: adminClaims(),
        }),
        lambdaContext(),
      ),
    );
    expect(current.opinions['civil-protection']).toMatchObject({
      opinion: 'FAVOURABLE',
      author: 'member-civil-protection',
    });
  });

  it('refuses an opinion of an agency that is not consulted, or from another territory (404)', async () => {
    const { app } = await givenInCommission();
    expect((await opinion(app.id, 'heritage', { opinion: 'FAVOURABLE' })).statusCode).toBe(404);
    const elsewhere = await call(
      giveOpinion as Handler,
      'POST',
      '/opinions',
      app.id,
      memberClaims('urban-agency', 'MA-RAB'),
      { opinion: 'FAVOURABLE' },
    );
    expect(elsewhere.statusCode).toBe(404);
  });

  it('refuses an opinion for an unconsulted agency from an account that can read the file through another role (403)', async () => {
    const { app, communeId } = await givenInCommission();
    // Desk agent of the commune and member of the heritage agency: reads the file as desk staff,
    // but heritage was never consulted.
    const mixed = claimsOf(['desk_agent', 'commission_member'], {
      'custom:commune': communeId,
      'custom:province': 'MA-CAS',
      'custom:agency': 'heritage',
      'cognito:username': `mixed-${randomUUID().slice(0, 6)}`,
      sub: 'sub-mixed',
    });
    const refused = await call(giveOpinion as Handler, 'POST', '/opinions', app.id, mixed, {
      opinion: 'FAVOURABLE',
    });
    expect(refused.statusCode, refused.body).toBe(403);
    const after = json(await call(getApplication as Handler, 'GET', '', app.id, deskClaims(communeId)));
    expect(after.opinions?.heritage).toBeUndefined();
  });
});

describe('return for completion and the legal clock', () => {
  it('stops the clock while returned: the deadline moves by the days away and the elapsed time excludes them', async () => {
    const t0 = new Date();
    const { app, pro, desk } = await givenSubmitted('small', sharedCommune, t0);
    const returned = await call(
      returnForCompletion as Handler,
      'POST',
      '/return',
      app.id,
      desk,
      {
        remarks: [
          { reasonCode: 'ILLEGIBLE_DOCUMENT', documentCode: 'SITE_PLAN', text: 'Scan flou' },
          { reasonCode: 'UNSIGNED_DOCUMENT', documentCode: 'ARCHITECT_CONTRACT' },
        ],
      },
      day(t0, 2),
    );
    expect(json(returned)).toMatchObject({ status: 'RETURNED_FOR_COMPLETION', lastReturn: { round: 1 } });
    const back = await call(resubmit as Handler, 'POST', '/resubmission', app.id, pro, undefined, day(t0, 7));
    expect(json(back)).toMatchObject({ status: 'SUBMITTED', round: 2, pausedDays: 5 });
    // pausedDays are calendar days; a building permit's deadline moves by the working days away.
    const away = workingDaysBetween(casablancaDate(day(t0, 2)), casablancaDate(day(t0, 7)));
    expect(json(back).deadlineDate).toBe(addWorkingDays(app.deadlineDate, away));
    const clock = json(
      await call(getClock as Handler, 'GET', '/clock', app.id, desk, undefined, day(t0, 10)),
    );
    expect(clock).toMatchObject({
      running: true,
      paused: false,
      pausedDays: 5,
      deadlineDays: 15,
      deadlineDate: json(back).deadlineDate,
    });
    expect(clock.elapsedDays).toBeCloseTo(5, 1);
  });

  it('refuses remarks with unknown codes or documents, all listed at once (422)', async () => {
    const { app, desk } = await givenSubmitted();
    const response = await call(returnForCompletion as Handler, 'POST', '/return', app.id, desk, {
      remarks: [
        { reasonCode: 'BAD_MOOD' },
        { reasonCode: 'MISSING_DOCUMENT', documentCode: 'PASSPORT' },
        { reasonCode: 'OTHER' },
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(json(response).problems).toHaveLength(3);
  });
});

describe('worklist', () => {
  it("shows the desk its commune's open files, soonest deadline first, with overdue flagged, and nothing of other communes", async () => {
    const communeId = communeOf();
    const { professional } = await givenProfessional(cloud);
    const mk = (deadlineDate: string, status: 'SUBMITTED' | 'IN_COMMISSION' | 'DRAFT') =>
      givenCompleteDraft(cloud, professional.id, communeId, {
        overrides: { status, deadlineDate, receiptNumber: `X/${deadlineDate}` },
      });
    const later = await mk('2030-01-10', 'SUBMITTED');
    const overdue = await mk('2020-01-01', 'IN_COMMISSION');
    await mk('2020-01-02', 'DRAFT');
    const response = await deskWorklist(
      httpEvent({ path: '/worklists/desk', query: { limit: '10' }, claims: deskClaims(communeId) }),
      lambdaContext(),
    );
    const items = json(response).items;
    expect(items.map((a: { id: string }) => a.id)).toEqual([overdue.id, later.id]);
    expect(items.map((a: { overdue: boolean }) => a.overdue)).toEqual([true, false]);
    const other = await deskWorklist(
      httpEvent({ path: '/worklists/desk', claims: deskClaims(communeOf()) }),
      lambdaContext(),
    );
    expect(json(other).items).toEqual([]);
  });
});

describe('deadline sweep', () => {
  it('tacitly approves where silence is consent, flags the others once, and leaves returned or not-yet-due files alone', async () => {
    const communeId = communeOf();
    const { professional } = await givenProfessional(cloud);
    const past = '2026-01-05';
    const consent = await givenCompleteDraft(cloud, professional.id, communeId, {
      overrides: {
        status: 'IN_COMMISSION',
        deadlineDate: past,
        receiptNumber: `${communeId.toUpperCase()}/2026/00001`,
        submittedAt: '2025-12-20T10:00:00.000Z',
      },
    });
    const licence = await givenCompleteDraft(cloud, professional.id, communeId, {
      overrides: {
        procedureCode: 'ACTIVITY_LICENCE',
        status: 'SUBMITTED',
        deadlineDate: past,
        receiptNumber: 'L/1',
      },
    });
    const returned = await givenCompleteDraft(cloud, professional.id, communeId, {
      overrides: { status: 'RETURNED_FOR_COMPLETION', deadlineDate: past, receiptNumber: 'R/1' },
    });
    const notDue = await givenCompleteDraft(cloud, professional.id, communeId, {
      overrides: { status: 'SUBMITTED', deadlineDate: '2026-01-20', receiptNumber: 'N/1' },
    });
    const now = '2026-01-10T08:00:00.000Z';
    const first = await sweepDeadlines({ communeIds: [communeId], now });
    expect(first).toMatchObject({
      communes: 1,
      tacitlyApproved: [consent.id],
      flaggedOverdue: [licence.id],
      skipped: 0,
    });
    const second = await sweepDeadlines({ communeIds: [communeId], now });
    expect(second).toMatchObject({ tacitlyApproved: [], flaggedOverdue: [] });
    const read = async (id: string) =>
      json(
        await getApplication(
          httpEvent({
            path: `/applications/${id}`,
            pathParameters: { applicationId: id },
            claims: adminClaims(),
          }),
          lambdaContext(),
        ),
      );
    expect(await read(consent.id)).toMatchObject({
      status: 'TACITLY_APPROVED',
      decision: { decision: 'TACITLY_APPROVED', decidedBy: 'system' },
    });
    expect(await read(licence.id)).toMatchObject({ status: 'SUBMITTED', overdue: true });
    expect(await read(returned.id)).toMatchObject({ status: 'RETURNED_FOR_COMPLETION' });
    expect((await read(notDue.id)).overdue).toBeUndefined();
    const attestation = await tacitApproval(
      httpEvent({
        path: `/applications/${consent.id}/tacit-approval`,
        pathParameters: { applicationId: consent.id },
        claims: adminClaims(),
      }),
      lambdaContext(),
    );
    expect(attestation.statusCode).toBe(200);
    expect(attestation.headers?.['content-type']).toMatch(/text\/html/);
    expect(attestation.body).toContain(`${communeId.toUpperCase()}/2026/00001`);
    expect(attestation.body).toContain('loi n° 55-19');
    expect(attestation.body).toContain('dir="rtl"');
  });
});

// Each case on a file of its own, side by side: nothing of one case depends on another.
describe.concurrent('authorisation matrix', () => {
  type Setup = () => Promise<{ id: string; communeId: string; owner: Claims }>;
  const submitted: Setup = async () => {
    const g = await givenSubmitted('large');
    return { id: g.app.id, communeId: g.communeId, owner: g.pro };
  };
  const inCommission: Setup = async () => {
    const g = await givenInCommission();
    return { id: g.app.id, communeId: g.communeId, owner: g.pro };
  };
  const returned: Setup = async () => {
    const g = await givenSubmitted('small');
    await call(returnForCompletion as Handler, 'POST', '/return', g.app.id, g.desk, {
      remarks: [{ reasonCode: 'ILLEGIBLE_DOCUMENT' }],
    });
    return { id: g.app.id, communeId: g.communeId, owner: g.pro };
  };
  const ready: Setup = async () => {
    const g = await givenSubmitted('small');
    await call(declareAdmissible as Handler, 'POST', '/admissibility', g.app.id, g.desk, {});
    return { id: g.app.id, communeId: g.communeId, owner: g.pro };
  };
  const routes: {
    name: string;
    handler: Handler;
    path: string;
    setup: Setup;
    body: unknown;
    allowed: string[];
    ok: number;
  }[] = [
    {
      name: 'return',
      handler: returnForCompletion as Handler,
      path: '/return',
      setup: submitted,
      body: { remarks: [{ reasonCode: 'WRONG_SCALE' }] },
      allowed: ['desk_agent'],
      ok: 200,
    },
    {
      name: 'admissibility',
      handler: declareAdmissible as Handler,
      path: '/admissibility',
      setup: submitted,
      body: {},
      allowed: ['desk_agent'],
      ok: 200,
    },
    {
      name: 'opinion',
      handler: giveOpinion as Handler,
      path: '/opinions',
      setup: inCommission,
      body: { opinion: 'FAVOURABLE' },
      allowed: ['commission_member'],
      ok: 201,
    },
    {
      name: 'decision',
      handler: decide as Handler,
      path: '/decision',
      setup: ready,
      body: { decision: 'APPROVED' },
      allowed: ['desk_agent', 'signatory'],
      ok: 200,
    },
    {
      name: 'resubmission',
      handler: resubmit as Handler,
      path: '/resubmission',
      setup: returned,
      body: undefined,
      allowed: ['professional'],
      ok: 200,
    },
  ];
  // Each role acting on a file of its own commune/province/agency (own) or of another one (other).
  const principals = (communeId: string, owner: Claims): Record<string, { own: Claims; other: Claims }> => ({
    professional: { own: owner, other: claimsOf(['professional'], { 'cognito:username': 'pro-stranger' }) },
    applicant: { own: claimsOf(['applicant']), other: claimsOf(['applicant']) },
    desk_agent: { own: deskClaims(communeId), other: deskClaims('cas-casablanca') },
    commission_member: { own: memberClaims('urban-agency'), other: memberClaims('urban-agency', 'MA-RAB') },
    signatory: { own: signatoryClaims(communeId), other: signatoryClaims('cas-casablanca') },
    province_contact: { own: contactClaims('MA-CAS'), other: contactClaims('MA-RAB') },
    ministry_admin: { own: adminClaims(), other: adminClaims() },
  });
  const cases = routes.flatMap((route) =>
    [
      'professional',
      'applicant',
      'desk_agent',
      'commission_member',
      'signatory',
      'province_contact',
      'ministry_admin',
    ].flatMap((role) => (['own', 'other'] as const).map((scope) => ({ route, role, scope }))),
  );

  it.each(cases.map((c) => [c.route.name, c.role, c.scope, c] as const))(
    '%s by %s (%s)',
    async (_name, role, scope, c) => {
      const { id, communeId, owner } = await c.route.setup();
      const principal = principals(communeId, owner)[role]?.[scope] as Claims;
      const response = await call(c.route.handler, 'POST', c.route.path, id, principal, c.route.body);
      // Roles the route does not admit: 403. Admitted roles: success on their own files, 404 elsewhere
      // (another commune's file is invisible, never merely forbidden).
      const expected = !c.route.allowed.includes(role) ? 403 : scope === 'own' ? c.route.ok : 404;
      expect(response.statusCode, response.body).toBe(expected);
    },
  );
});
