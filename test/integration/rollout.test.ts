import { randomUUID } from 'node:crypto';
import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Handler } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as submitApplication } from '#functions/applications/submit-application.ts';
import { handler as endMySessions } from '#functions/platform/end-my-sessions.ts';
import { handler as me } from '#functions/platform/me.ts';
import { handler as createStaff } from '#functions/rollout/create-staff.ts';
import { handler as getReadiness } from '#functions/rollout/get-readiness.ts';
import { handler as getRollout } from '#functions/rollout/get-rollout.ts';
import { handler as getStaffHistory } from '#functions/rollout/get-staff-history.ts';
import { handler as listStaff } from '#functions/rollout/list-staff.ts';
import { handler as reactivateStaff } from '#functions/rollout/reactivate-staff.ts';
import { handler as setCommuneStatus } from '#functions/rollout/set-commune-status.ts';
import { handler as setRegionWave } from '#functions/rollout/set-region-wave.ts';
import { handler as suspendStaff } from '#functions/rollout/suspend-staff.ts';
import { handler as updateStaff } from '#functions/rollout/update-staff.ts';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { casablancaDate } from '#shared/domain/procedures/rules.ts';
import { requiredAgencies } from '#shared/domain/rollout/onboarding.ts';
import { clientConfig, testCloud } from '../support/cloud.ts';
import { claimsOf, httpEvent, lambdaContext } from '../support/events.ts';
import {
  adminClaims,
  contactClaims,
  deskClaims,
  documentClientFor,
  givenActiveSigningKey,
  givenCompleteDraft,
  givenProfessional,
  givenTariff,
} from '../support/fixtures.ts';

const cloud = testCloud();
const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
const json = (r: { body?: string }) => JSON.parse(r.body ?? 'null');
const ifrane = contactClaims('MA-IFR');

const call = (
  handler: Handler,
  options: {
    method?: string;
    path?: string;
    params?: Record<string, string>;
    query?: Record<string, string>;
    body?: unknown;
    claims?: Record<string, unknown>;
  },
) =>
  handler(
    httpEvent({
      method: options.method ?? 'GET',
      path: options.path ?? '/x',
      ...(options.params ? { pathParameters: options.params } : {}),
      ...(options.query ? { query: options.query } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.claims ? { claims: options.claims } : {}),
      headers: { 'idempotency-key': randomUUID() },
    }),
    lambdaContext(),
    () => undefined,
  ) as Promise<{ statusCode: number; body?: string }>;

const person = (extra: Record<string, unknown>) => ({
  firstName: 'Amina',
  lastName: 'Tazi',
  title: 'Agent du guichet unique',
  phone: '0612345678',
  email: `it-${randomUUID().slice(0, 8)}@commune.ma`,
  preferredLanguage: 'fr',
  ...extra,
});
const create = (body: unknown, claims: Record<string, unknown> = ifrane) =>
  call(createStaff as Handler, { method: 'POST', path: '/staff', body, claims });
const readiness = async (communeId: string, claims: Record<string, unknown> = ifrane) =>
  json(await call(getReadiness as Handler, { params: { communeId }, claims }));
const setStatus = (communeId: string, status: string, claims: Record<string, unknown> = ifrane) =>
  call(setCommuneStatus as Handler, { method: 'PUT', params: { communeId }, body: { status }, claims });
const inbox = async () =>
  (
    (await (await fetch(`${cloud.endpoint}/_ministack/ses/messages`)).json()) as {
      messages: Record<string, { Destination?: { ToAddresses?: string[] }; Body?: unknown }[]>;
    }
  ).messages['000000000000'] ?? [];

describe('civil-servant accounts', () => {
  it('a province contact creates a desk agent: Cognito user with group and scope, password by e-mail, audited', async () => {
    const input = person({ roles: ['desk_agent'], communeId: 'ifr-azrou' });
    const response = await create(input);
    expect(response.statusCode, response.body).toBe(201);
    const member = json(response);
    expect(member).toMatchObject({
      roles: ['desk_agent'],
      scope: { communeId: 'ifr-azrou', provinceId: 'MA-IFR' },
      status: 'ACTIVE',
      phone: '+212612345678',
      createdBy: 'contact-MA-IFR',
      version: 1,
    });
    expect(member.username).toMatch(/^staff-[0-9a-f]{12}$/);
    const user = await cognito.send(
      new AdminGetUserCommand({ UserPoolId: cloud.outputs.userPoolId, Username: member.username }),
    );
    const attr = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
    expect([user.UserStatus, attr('custom:commune'), attr('custom:province'), attr('email')]).toEqual([
      'FORCE_CHANGE_PASSWORD',
      'ifr-azrou',
      'MA-IFR',
      input.email,
    ]);
    const groups = await cognito.send(
      new AdminListGroupsForUserCommand({ UserPoolId: cloud.outputs.userPoolId, Username: member.username }),
    );
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['desk_agent']);
    const mail = (await inbox()).find((m) => JSON.stringify(m.Destination ?? m).includes(input.email));
    expect(JSON.stringify(mail)).toContain(member.username);
    expect(JSON.stringify(mail)).toMatch(/Mot de passe temporaire : Tmp-/);

    const history = json(
      await call(getStaffHistory as Handler, { params: { username: member.username }, claims: ifrane }),
    );
    expect(history.events).toEqual([
      expect.objectContaining({
        action: 'CREATED',
        actor: 'contact-MA-IFR',
        before: null,
        after: {
          roles: ['desk_agent'],
          scope: { communeId: 'ifr-azrou', provinceId: 'MA-IFR' },
          status: 'ACTIVE',
        },
      }),
    ]);
    // Another e-mail is another person: the same one again is a conflict.
    expect((await create({ ...input, communeId: 'ifr-ifrane' })).statusCode).toBe(409);
  });

  it('nobody grants wider than their own reach (403), and others cannot manage accounts at all', async () => {
    const cases: [Record<string, unknown>, Record<string, unknown>, number][] = [
      [ifrane, { roles: ['desk_agent'], communeId: 'cas-casablanca' }, 403],
      [ifrane, { roles: ['commission_member'], agencyId: 'heritage', provinceId: 'MA-RAB' }, 403],
      [ifrane, { roles: ['ministry_admin'] }, 403],
      [ifrane, { roles: ['province_contact'], provinceId: 'MA-IFR' }, 403],
      [deskClaims(), { roles: ['desk_agent'], communeId: 'cas-casablanca' }, 403],
      [claimsOf(['professional']), { roles: ['desk_agent'], communeId: 'cas-casablanca' }, 403],
      [ifrane, { roles: ['desk_agent'], communeId: 'ifr-azrou', agencyId: 'heritage' }, 422],
      [ifrane, { roles: ['commission_member'], provinceId: 'MA-IFR' }, 422],
      [adminClaims(), { roles: ['ministry_admin', 'desk_agent'], communeId: 'ifr-azrou' }, 422],
    ];
    for (const [claims, roles, status] of cases) {
      const response = await create(person(roles), claims);
      expect([roles, response.statusCode]).toEqual([roles, status]);
    }
    const ministry = await create(
      person({ roles: ['province_contact'], provinceId: 'MA-IFR' }),
      adminClaims(),
    );
    expect(ministry.statusCode).toBe(201);
    // The ministry's new contact is not manageable by the province's contact (hidden: 404).
    const hidden = await call(updateStaff as Handler, {
      method: 'PATCH',
      params: { username: json(ministry).username },
      body: { title: 'Autre', version: 1 },
      claims: ifrane,
    });
    expect(hidden.statusCode).toBe(404);
  });

  it('updates roles and scope with the version read, moves Cognito groups, and audits before/after', async () => {
    const member = json(await create(person({ roles: ['desk_agent'], communeId: 'ifr-tizguite' })));
    const patch = (body: Record<string, unknown>, claims = ifrane) =>
      call(updateStaff as Handler, { method: 'PATCH', params: { username: member.username }, body, claims });
    const changed = await patch({
      roles: ['commission_member'],
      agencyId: 'health',
      provinceId: 'MA-IFR',
      version: 1,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(json(changed)).toMatchObject({
      roles: ['commission_member'],
      scope: { agencyId: 'health', provinceId: 'MA-IFR' },
      version: 2,
    });
    expect(json(changed).scope.communeId).toBeUndefined();
    expect((await patch({ title: 'Stale', version: 1 })).statusCode).toBe(409);
    const user = await cognito.send(
      new AdminGetUserCommand({ UserPoolId: cloud.outputs.userPoolId, Username: member.username }),
    );
    const attr = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
    expect([attr('custom:commune') || undefined, attr('custom:agency')]).toEqual([undefined, 'health']);
    const groups = await cognito.send(
      new AdminListGroupsForUserCommand({ UserPoolId: cloud.outputs.userPoolId, Username: member.username }),
    );
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['commission_member']);
    const { events } = json(
      await call(getStaffHistory as Handler, {
        params: { username: member.username },
        claims: adminClaims(),
      }),
    );
    expect(events.at(-1)).toMatchObject({
      action: 'UPDATED',
      actor: 'contact-MA-IFR',
      changes: expect.arrayContaining(['roles', 'scope.communeId', 'scope.agencyId']),
      before: { roles: ['desk_agent'], scope: { communeId: 'ifr-tizguite' } },
      after: { roles: ['commission_member'], scope: { agencyId: 'health' } },
    });
    const listed = json(
      await call(listStaff as Handler, { query: { role: 'commission_member' }, claims: ifrane }),
    );
    expect(listed.items.map((m: { username: string }) => m.username)).toContain(member.username);
    expect(
      listed.items.every((m: { scope: { provinceId: string } }) => m.scope.provinceId === 'MA-IFR'),
    ).toBe(true);
  });

  it('ends the sessions of an account whose roles, commune or e-mail change: tokens from before are refused', async () => {
    const member = json(await create(person({ roles: ['desk_agent'], communeId: 'ifr-ifrane' })));
    const claims = claimsOf(['desk_agent'], {
      'custom:commune': 'ifr-ifrane',
      'custom:province': 'MA-IFR',
      'cognito:username': member.username,
      sub: `sub-${member.username}`,
      iat: String(Math.floor(Date.now() / 1000) - 5),
    });
    expect((await call(me as Handler, { claims })).statusCode).toBe(200);
    // A change of title is not a change of who they are: the session goes on.
    const titled = await call(updateStaff as Handler, {
      method: 'PATCH',
      params: { username: member.username },
      body: { title: 'Agent principal', version: 1 },
      claims: ifrane,
    });
    expect(titled.statusCode, titled.body).toBe(200);
    expect((await call(me as Handler, { claims })).statusCode).toBe(200);
    const moved = await call(updateStaff as Handler, {
      method: 'PATCH',
      params: { username: member.username },
      body: { communeId: 'ifr-azrou', version: 2 },
      claims: ifrane,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const old = await call(me as Handler, { claims });
    expect([old.statusCode, json(old).type]).toEqual([401, 'https://rukhsa.ma/problems/session-revoked']);
    const fresh = await call(me as Handler, {
      claims: { ...claims, 'custom:commune': 'ifr-azrou', iat: String(Math.floor(Date.now() / 1000) + 2) },
    });
    expect(fresh.statusCode).toBe(200);
  });

  it('the owner ends their own sessions (DELETE /me/sessions): earlier tokens refused, a later one not; a later revocation is never moved back', async () => {
    // A professional: no access marker until then.
    const username = `pro-${randomUUID().slice(0, 8)}`;
    const claims = claimsOf(['professional'], { 'cognito:username': username, sub: `sub-${username}` });
    const now = Math.floor(Date.now() / 1000);
    const ended = await call(endMySessions as Handler, {
      method: 'DELETE',
      claims: { ...claims, iat: String(now - 5) },
    });
    expect(ended.statusCode, ended.body).toBe(200);
    const cut = Date.parse(json(ended).endedBefore) / 1000;
    expect(Number.isInteger(cut) && cut >= now).toBe(true);
    const old = await call(me as Handler, { claims: { ...claims, iat: String(cut - 1) } });
    expect([old.statusCode, json(old).type]).toEqual([401, 'https://rukhsa.ma/problems/session-revoked']);
    expect((await call(me as Handler, { claims: { ...claims, iat: String(cut) } })).statusCode).toBe(200);

    const db = documentClientFor(cloud);
    const marker = async () =>
      (
        await db.send(
          new GetCommand({
            TableName: cloud.outputs.tableName,
            Key: keys.accessMarker(username),
            ConsistentRead: true,
          }),
        )
      ).Item;
    expect(await marker()).toEqual({
      ...keys.accessMarker(username),
      entity: 'AccessMarker',
      revokedAt: new Date(cut * 1000 - 1).toISOString(),
    });
    // A later revocation (a suspension's, say) stays where it is.
    const later = new Date((now + 3600) * 1000).toISOString();
    await db.send(
      new UpdateCommand({
        TableName: cloud.outputs.tableName,
        Key: keys.accessMarker(username),
        UpdateExpression: 'SET revokedAt = :at',
        ExpressionAttributeValues: { ':at': later },
      }),
    );
    const again = await call(endMySessions as Handler, {
      method: 'DELETE',
      claims: { ...claims, iat: String(now + 7200) },
    });
    expect(again.statusCode, again.body).toBe(200);
    expect((await marker())?.revokedAt).toBe(later);
  });

  it('a suspended account is refused on every route, even with claims issued before; reactivation needs a new sign-in', async () => {
    const member = json(await create(person({ roles: ['desk_agent'], communeId: 'ifr-ifrane' })));
    const issuedBefore = Math.floor(Date.now() / 1000) - 5;
    const claims = claimsOf(['desk_agent'], {
      'custom:commune': 'ifr-ifrane',
      'custom:province': 'MA-IFR',
      'cognito:username': member.username,
      sub: `sub-${member.username}`,
      iat: String(issuedBefore),
    });
    expect((await call(me as Handler, { claims })).statusCode).toBe(200);
    expect(
      (
        await call(suspendStaff as Handler, {
          method: 'POST',
          params: { username: member.username },
          body: { reason: 'Départ' },
          claims: ifrane,
        })
      ).statusCode,
    ).toBe(200);
    const refused = await call(me as Handler, { claims });
    expect([refused.statusCode, json(refused).type]).toEqual([
      401,
      'https://rukhsa.ma/problems/account-suspended',
    ]);
    const user = await cognito.send(
      new AdminGetUserCommand({ UserPoolId: cloud.outputs.userPoolId, Username: member.username }),
    );
    expect(user.Enabled).toBe(false);

    await call(reactivateStaff as Handler, {
      method: 'POST',
      params: { username: member.username },
      body: {},
      claims: ifrane,
    });
    const old = await call(me as Handler, { claims });
    expect([old.statusCode, json(old).type]).toEqual([401, 'https://rukhsa.ma/problems/session-revoked']);
    const fresh = await call(me as Handler, {
      claims: { ...claims, iat: String(Math.floor(Date.now() / 1000) + 2) },
    });
    expect(fresh.statusCode).toBe(200);
    const { events } = json(
      await call(getStaffHistory as Handler, { params: { username: member.username }, claims: ifrane }),
    );
    expect(events.map((e: { action: string }) => e.action)).toEqual(['CREATED', 'SUSPENDED', 'REACTIVATED']);
  });
});

describe('commune onboarding', () => {
  it('lists what is missing until the bodies are complete, refuses LIVE before, and gates submission', async () => {
    const communeId = 'ifr-timahdite';
    const { professional, claims: pro } = await givenProfessional(cloud);
    const draft = await givenCompleteDraft(cloud, professional.id, communeId, {
      live: false,
      overrides: { provinceId: 'MA-IFR', regionId: 'MA-03' },
    });
    const submit = () =>
      call(submitApplication as Handler, {
        method: 'POST',
        params: { applicationId: draft.id },
        claims: pro,
      });

    const before = await readiness(communeId);
    expect(before.rollout.status).toBe('NOT_STARTED');
    expect(before.readiness.missing).toEqual(
      expect.arrayContaining(['DESK_AGENT', 'SIGNATORY', 'SIGNING_KEY']),
    );
    const refused = await submit();
    expect(refused.statusCode).toBe(409);
    expect(json(refused)).toMatchObject({
      type: 'https://rukhsa.ma/problems/commune-not-live',
      rolloutStatus: 'NOT_STARTED',
      missing: before.readiness.missing,
    });

    expect((await setStatus(communeId, 'LIVE')).statusCode).toBe(409); // NOT_STARTED → LIVE is not a transition
    expect((await setStatus(communeId, 'ONBOARDING')).statusCode).toBe(200);
    const notReady = await setStatus(communeId, 'LIVE');
    expect([notReady.statusCode, json(notReady).type]).toEqual([
      409,
      'https://rukhsa.ma/problems/commune-not-ready',
    ]);

    expect((await create(person({ roles: ['desk_agent'], communeId }))).statusCode).toBe(201);
    for (const agency of requiredAgencies()) {
      if (!(await readiness(communeId)).readiness.missing.includes(`COMMISSION_MEMBER:${agency}`)) continue;
      const made = await create(
        person({ roles: ['commission_member'], agencyId: agency, provinceId: 'MA-IFR' }),
      );
      expect(made.statusCode).toBe(201);
    }
    const signatory = json(await create(person({ roles: ['signatory'], communeId, title: 'Président' })));
    expect((await readiness(communeId)).readiness.missing).toEqual(['SIGNING_KEY', 'TARIFF', 'TREASURER']);
    // A key that is expired, or held by someone who is not the commune's signatory, does not count.
    await givenActiveSigningKey(cloud, {
      communeId,
      provinceId: 'MA-IFR',
      signatoryUsername: signatory.username,
      expiresAt: '2020-01-01T00:00:00.000Z',
    });
    await givenActiveSigningKey(cloud, {
      communeId,
      provinceId: 'MA-IFR',
      signatoryUsername: 'someone-else',
    });
    expect((await readiness(communeId)).readiness.missing).toEqual(['SIGNING_KEY', 'TARIFF', 'TREASURER']);
    await givenActiveSigningKey(cloud, {
      communeId,
      provinceId: 'MA-IFR',
      signatoryUsername: signatory.username,
    });
    // Nothing uncollected (#16): no LIVE without a tariff in force and a treasurer to collect.
    expect((await readiness(communeId)).readiness.missing).toEqual(['TARIFF', 'TREASURER']);
    expect((await setStatus(communeId, 'LIVE')).statusCode).toBe(409);
    expect((await create(person({ roles: ['commune_treasurer'], communeId }))).statusCode).toBe(201);
    expect((await readiness(communeId)).readiness.missing).toEqual(['TARIFF']);
    expect((await setStatus(communeId, 'LIVE')).statusCode).toBe(409);
    await givenTariff(cloud, communeId);
    const ready = await readiness(communeId);
    expect([ready.readiness.ready, ready.readiness.missing]).toEqual([true, []]);

    const live = await setStatus(communeId, 'LIVE');
    expect(live.statusCode, live.body).toBe(200);
    expect(json(live).rollout).toMatchObject({ status: 'LIVE', liveSince: casablancaDate(new Date()) });
    const submitted = await submit();
    expect([submitted.statusCode, json(submitted).status]).toEqual([200, 'SUBMITTED']);
  });

  it('a province contact cannot change the rollout of another province (403); desk agents see only their commune', async () => {
    expect((await setStatus('cas-mechouar-de-casablanca', 'ONBOARDING')).statusCode).toBe(403);
    expect(
      (await call(getReadiness as Handler, { params: { communeId: 'ifr-azrou' }, claims: deskClaims() }))
        .statusCode,
    ).toBe(404);
    const own = await call(getReadiness as Handler, {
      params: { communeId: 'cas-casablanca' },
      claims: deskClaims(),
    });
    expect(json(own).rollout.status).toBe('LIVE');
  });

  it('shows national progress by region, with waves, and a province contact only their province', async () => {
    expect(
      (
        await call(setRegionWave as Handler, {
          method: 'PUT',
          params: { regionId: 'MA-03' },
          body: { wave: 2 },
          claims: adminClaims(),
        })
      ).statusCode,
    ).toBe(200);
    const national = json(await call(getRollout as Handler, { claims: adminClaims() }));
    const communes = national.regions.flatMap((r: any) => r.provinces.flatMap((p: any) => p.communes));
    expect(communes.length).toBeGreaterThanOrEqual(cloud.reference.communes);
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    expect(sum(national.totals)).toBe(communes.length);
    expect(national.regions.find((r: any) => r.regionId === 'MA-03').wave).toBe(2);
    const casa = communes.find((c: any) => c.communeId === 'cas-casablanca');
    expect(casa).toMatchObject({ status: 'LIVE', missing: [] });
    const notLive = communes.filter((c: any) => c.status !== 'LIVE');
    expect(notLive.length).toBeGreaterThan(0);
    expect(
      notLive.every(
        (c: any) => c.missing.length > 0 || c.status === 'ONBOARDING' || c.status === 'SUSPENDED',
      ),
    ).toBe(true);

    const province = json(await call(getRollout as Handler, { claims: ifrane }));
    expect(province.regions.map((r: any) => r.provinces.map((p: any) => p.provinceId))).toEqual([['MA-IFR']]);
    expect(
      (await call(getRollout as Handler, { query: { provinceId: 'MA-CAS' }, claims: ifrane })).statusCode,
    ).toBe(403);
  });
});
