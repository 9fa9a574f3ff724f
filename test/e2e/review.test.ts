import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { signInWithSrp } from '../../scripts/local-cloud/srp-sign-in.ts';
import { isWorkingDay } from '../../shared/domain/holidays.ts';
import { api, clientConfig, idTokenFor, testCloud } from '../support/cloud.ts';
import { buildingPermit } from '../support/fixtures.ts';
import { uploadDocument, uploadRequiredDocuments } from '../support/journeys.ts';

const cloud = testCloud();
const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
const run = Date.now().toString(36);
const DAY = 86_400_000;

/**
 * A past Thursday, 10:00 UTC, whose days 0, 1, 4 and 5 are Moroccan working days: the file is
 * before the desk on those days, and the admissibility phase counts working days, so the test
 * must not depend on the weekday (or holiday) it runs on.
 */
function workingThursday(): number {
  const day = new Date(Date.now() - 14 * DAY);
  day.setUTCHours(10, 0, 0, 0);
  for (;;) {
    day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 3) % 7 || 7));
    const t = day.getTime();
    const date = (n: number) => new Date(t + n * DAY).toISOString().slice(0, 10);
    if ([0, 1, 4, 5].every((n) => isWorkingDay(date(n)))) return t;
  }
}

/** A commission member of another agency in Casablanca, created like an administrator would. */
async function memberToken(agency: string) {
  const username = `member-${agency}-${run}`;
  const password = 'Member#2026-Rukhsa';
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: cloud.outputs.userPoolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: `${username}@agences.ma` },
        { Name: 'custom:agency', Value: agency },
        { Name: 'custom:province', Value: 'MA-CAS' },
      ],
    }),
  );
  await cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: cloud.outputs.userPoolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  );
  await cognito.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: cloud.outputs.userPoolId,
      Username: username,
      GroupName: 'commission_member',
    }),
  );
  const auth = await signInWithSrp(cognito, {
    userPoolId: cloud.outputs.userPoolId,
    clientId: cloud.outputs.userPoolClientId,
    username: username,
    password: password,
  });
  return auth.AuthenticationResult?.IdToken as string;
}

describe('reviewing an application end to end through the HTTP API', () => {
  it('submit → returned with 2 coded reasons → resubmitted → admissible → 3 opinions → approved; history and clock', async () => {
    const t0 = workingThursday();
    const at = (days: number) => ({ 'x-rukhsa-now': new Date(t0 + days * DAY).toISOString() });
    const pro = await idTokenFor('professional');
    const desk = await idTokenFor('desk_agent');
    const urban = await idTokenFor('commission_member');
    const [civil, utilities] = await Promise.all([memberToken('civil-protection'), memberToken('utilities')]);

    // A large project: it goes to the commission.
    const base = buildingPermit();
    const draft = await api('/applications', {
      method: 'POST',
      token: pro,
      headers: { 'idempotency-key': `rv-${run}-1` },
      body: {
        ...base,
        project: {
          ...base.project,
          floorAreaM2: 900,
          floors: 5,
          units: 12,
          buildingCategory: 'collective_housing',
        },
      },
    });
    expect(draft.json).toMatchObject({ status: 'DRAFT', size: 'large' });
    const id = draft.json.id as string;
    await uploadRequiredDocuments(id, pro, 'BUILDING_PERMIT', 'large');
    const submitted = await api(`/applications/${id}/submission`, {
      method: 'POST',
      token: pro,
      headers: { 'idempotency-key': `rv-${run}-2`, ...at(0) },
    });
    expect(submitted.json).toMatchObject({ status: 'SUBMITTED', legalDeadlineDays: 30 });

    // The desk sees it in its worklist and returns it with every remark at once.
    const worklist = await api('/worklists/desk?limit=100', { token: desk });
    expect(worklist.json.items.map((a: { id: string }) => a.id)).toContain(id);
    const returned = await api(`/applications/${id}/return`, {
      method: 'POST',
      token: desk,
      headers: at(1),
      body: {
        remarks: [
          { documentCode: 'SITE_PLAN', reasonCode: 'ILLEGIBLE_DOCUMENT', text: 'Le plan est flou' },
          { documentCode: 'STRUCTURAL_STUDY', reasonCode: 'UNSIGNED_DOCUMENT' },
        ],
      },
    });
    expect(returned.json).toMatchObject({ status: 'RETURNED_FOR_COMPLETION', lastReturn: { round: 1 } });

    // The professional uploads new versions and resubmits; the desk sees exactly what changed.
    await uploadDocument(id, pro, 'SITE_PLAN', 400);
    await uploadDocument(id, pro, 'STRUCTURAL_STUDY', 500);
    const resubmitted = await api(`/applications/${id}/resubmission`, {
      method: 'POST',
      token: pro,
      headers: { 'idempotency-key': `rv-${run}-3`, ...at(4) },
    });
    expect(resubmitted.json).toMatchObject({ status: 'SUBMITTED', round: 2, pausedDays: 3 });
    const changes = await api(`/applications/${id}/changes`, { token: desk });
    expect(
      changes.json.documents
        .map((d: { code: string; fromVersion: number; toVersion: number }) => [
          d.code,
          d.fromVersion,
          d.toVersion,
        ])
        .sort(),
    ).toEqual([
      ['SITE_PLAN', 1, 2],
      ['STRUCTURAL_STUDY', 1, 2],
    ]);

    // Admissible: referred to the three agencies of the procedure.
    const admissible = await api(`/applications/${id}/admissibility`, {
      method: 'POST',
      token: desk,
      headers: at(5),
      body: {},
    });
    expect(admissible.json).toMatchObject({
      status: 'IN_COMMISSION',
      consultedAgencies: ['urban-agency', 'civil-protection', 'utilities'],
    });
    const referred = await api('/worklists/commission', { token: urban });
    expect(referred.json.items.map((a: { id: string }) => a.id)).toContain(id);

    // Three opinions; the last one makes it ready for decision.
    const give = (token: string, body: unknown) =>
      api(`/applications/${id}/opinions`, { method: 'POST', token, headers: at(8), body });
    expect(
      (await give(urban, { opinion: 'FAVOURABLE_WITH_CONDITIONS', conditions: ['Recul de 5 m sur rue'] }))
        .status,
    ).toBe(201);
    expect(
      (
        await give(civil, {
          opinion: 'FAVOURABLE_WITH_CONDITIONS',
          conditions: ['Recul de 5 m sur rue', 'Deux issues de secours'],
        })
      ).status,
    ).toBe(201);
    // Unfavourable, but not binding: the file may still be approved.
    const last = await give(utilities, {
      opinion: 'UNFAVOURABLE',
      reasons: [{ reasonCode: 'NETWORK_CAPACITY' }],
    });
    expect(last.json.status).toBe('READY_FOR_DECISION');
    expect((await give(urban, { opinion: 'FAVOURABLE' })).status).toBe(409);

    // Approved with the union of the conditions (each once).
    const approved = await api(`/applications/${id}/decision`, {
      method: 'POST',
      token: desk,
      headers: at(10),
      body: { decision: 'APPROVED' },
    });
    expect(approved.json).toMatchObject({
      status: 'AWAITING_PAYMENT',
      decision: { decision: 'APPROVED', conditions: ['Recul de 5 m sur rue', 'Deux issues de secours'] },
    });

    // History: who did what, as which role, from which status to which.
    const history = (await api(`/applications/${id}/history`, { token: pro })).json.events as {
      type: string;
      role?: string;
      from?: string;
      to?: string;
    }[];
    const transitions = history
      .filter((e) => e.from && e.to)
      .map((e) => `${e.type}:${e.role}:${e.from}→${e.to}`);
    expect(transitions).toEqual([
      'APPLICATION_RETURNED:desk_agent:SUBMITTED→RETURNED_FOR_COMPLETION',
      'APPLICATION_RESUBMITTED:professional:RETURNED_FOR_COMPLETION→SUBMITTED',
      'APPLICATION_ADMISSIBLE:desk_agent:SUBMITTED→IN_COMMISSION',
      'OPINION_GIVEN:commission_member:IN_COMMISSION→IN_COMMISSION',
      'OPINION_GIVEN:commission_member:IN_COMMISSION→IN_COMMISSION',
      'OPINION_GIVEN:commission_member:IN_COMMISSION→READY_FOR_DECISION',
      'OPINIONS_COMPLETE:system:IN_COMMISSION→READY_FOR_DECISION',
      'APPLICATION_APPROVED:desk_agent:READY_FOR_DECISION→AWAITING_PAYMENT',
    ]);
    expect(history.map((e) => e.type)).toContain('APPLICATION_SUBMITTED');

    // The legal clock excludes the three days the file was returned.
    const clock = (await api(`/applications/${id}/clock`, { token: desk, headers: at(12) })).json;
    expect(clock).toMatchObject({ running: false, pausedDays: 3, deadlineDays: 30 });
    expect(clock.elapsedDays).toBeCloseTo(7, 1);
    expect(clock.phases.map((p: { phase: string; status: string }) => `${p.phase}:${p.status}`)).toEqual([
      'ADMISSIBILITY:done',
      'REVIEW:done',
      'DECISION:done',
    ]);
    expect(clock.phases[0].elapsedDays).toBeCloseTo(2, 1);
  });

  it('hides the review of a file from another commune (404) and refuses roles that may not act (403)', async () => {
    const worklist = await api('/worklists/desk', { token: await idTokenFor('professional') });
    expect(worklist.status).toBe(403);
    const commission = await api('/worklists/commission', { token: await idTokenFor('desk_agent') });
    expect(commission.status).toBe(403);
    const reasons = await api('/review/reasons');
    expect(reasons.json.returnReasons.map((r: { code: string }) => r.code)).toContain('ILLEGIBLE_DOCUMENT');
  });
});
