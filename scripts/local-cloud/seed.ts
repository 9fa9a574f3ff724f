import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoBusinessRepository } from '../../shared/adapters/dynamodb/business-repository.ts';
import { DynamoGeoRepository } from '../../shared/adapters/dynamodb/geo-repository.ts';
import { keys } from '../../shared/adapters/dynamodb/keys.ts';
import { DynamoTariffRepository } from '../../shared/adapters/dynamodb/payment-repository.ts';
import { DynamoProfessionalRepository } from '../../shared/adapters/dynamodb/professional-repository.ts';
import { DynamoRolloutRepository } from '../../shared/adapters/dynamodb/rollout-repository.ts';
import { DynamoStaffRepository } from '../../shared/adapters/dynamodb/staff-repository.ts';
import { KmsKeyManager } from '../../shared/adapters/kms/key-manager.ts';
import type { Role, Scope } from '../../shared/domain/identity/principal.ts';
import { CASABLANCA_TARIFF_2026 } from '../../shared/domain/payments/tariffs.ts';
import type { Professional } from '../../shared/domain/professionals/professional.ts';
import { requiredAgencies } from '../../shared/domain/rollout/onboarding.ts';
import { STAFF_ROLES, type StaffRole } from '../../shared/domain/rollout/staff.ts';
import type { StackOutputs } from './deploy.ts';
import { LOCAL_REGION } from './ministack.ts';
import { loadReferenceData } from './reference-data.ts';
import { ensureStaffRecord, goLive } from './rollout-bodies.ts';
import { putActiveSigningKey } from './signing-keys.ts';

export interface DemoUser {
  username: string;
  password: string;
  role: Role;
  scope: Scope;
  email: string;
}

/** One demo user per role, scoped to Casablanca (prefecture MA-CAS) where a scope applies. */
export const DEMO_USERS: Omit<DemoUser, 'password'>[] = [
  { username: 'demo-professional', role: 'professional', scope: {}, email: 'architecte@demo.rukhsa.ma' },
  { username: 'demo-applicant', role: 'applicant', scope: {}, email: 'petitionnaire@demo.rukhsa.ma' },
  { username: 'demo-business', role: 'business', scope: {}, email: 'commerce@demo.rukhsa.ma' },
  {
    username: 'demo-desk-agent',
    role: 'desk_agent',
    scope: { communeId: 'cas-casablanca', provinceId: 'MA-CAS' },
    email: 'guichet@demo.rukhsa.ma',
  },
  {
    username: 'demo-commission-member',
    role: 'commission_member',
    scope: { agencyId: 'urban-agency', provinceId: 'MA-CAS' },
    email: 'agence-urbaine@demo.rukhsa.ma',
  },
  {
    username: 'demo-signatory',
    role: 'signatory',
    scope: { communeId: 'cas-casablanca', provinceId: 'MA-CAS' },
    email: 'president@demo.rukhsa.ma',
  },
  {
    username: 'demo-province-contact',
    role: 'province_contact',
    scope: { provinceId: 'MA-CAS' },
    email: 'province@demo.rukhsa.ma',
  },
  { username: 'demo-ministry-admin', role: 'ministry_admin', scope: {}, email: 'dgct@demo.rukhsa.ma' },
  {
    username: 'demo-commune-treasurer',
    role: 'commune_treasurer',
    scope: { communeId: 'cas-casablanca', provinceId: 'MA-CAS' },
    email: 'tresorerie@demo.rukhsa.ma',
  },
  {
    username: 'demo-agency-treasurer',
    role: 'agency_treasurer',
    // A beneficiary's treasurer: the scope's agencyId is the beneficiary id (docs/payment.md).
    scope: { agencyId: 'AURBA_CASABLANCA' },
    email: 'tresorerie-agence@demo.rukhsa.ma',
  },
];

/** Meets the pool's policy (12+ characters, upper, lower, digit, symbol). */
const newPassword = () => `Rk-${randomBytes(12).toString('base64url')}-9a`;

const endpointConfig = (port: number) => ({
  region: LOCAL_REGION,
  endpoint: `http://127.0.0.1:${port}`,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

/** Loads regions, provinces and communes into the local cloud's table. */
export const seedReferenceData = (port: number, outputs: StackOutputs, log: (line: string) => void) =>
  loadReferenceDataInto(
    DynamoDBDocumentClient.from(new DynamoDBClient(endpointConfig(port))),
    outputs.tableName,
    log,
  );

/** Loads regions, provinces and communes into a table, unless the same data (by hash) is already there. */
export async function loadReferenceDataInto(
  db: DynamoDBDocumentClient,
  tableName: string,
  log: (line: string) => void,
) {
  const data = loadReferenceData();
  const hash = createHash('sha256')
    .update(JSON.stringify({ ...data, communes: data.communes.map(({ updatedAt, ...c }) => c) }))
    .digest('hex');
  const marker = await db.send(new GetCommand({ TableName: tableName, Key: keys.seedMarker('reference') }));
  if (marker.Item?.hash === hash) {
    log(
      `Reference data already loaded (${data.regions.length} regions, ${data.provinces.length} provinces, ${data.communes.length} communes).`,
    );
    return { written: 0, ...counts(data) };
  }
  const repo = new DynamoGeoRepository(db, tableName);
  // A reload (the data changed) rewrites every commune: keep the desk mailboxes set meanwhile.
  const mailboxes = new Map<string, string>();
  if (marker.Item) {
    for (const province of data.provinces)
      for (const c of await repo.listCommunes(province.id)) if (c.deskEmail) mailboxes.set(c.id, c.deskEmail);
  }
  const communes = data.communes.map((c) => {
    const deskEmail = mailboxes.get(c.id);
    return deskEmail ? { ...c, deskEmail } : c;
  });
  const written = await repo.putReferenceData({ ...data, communes }, (done, total) =>
    log(`  reference data ${done}/${total}`),
  );
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.seedMarker('reference'),
        entity: 'SeedMarker',
        hash,
        loadedAt: new Date().toISOString(),
      },
    }),
  );
  log(
    `Loaded ${data.regions.length} regions, ${data.provinces.length} provinces, ${data.communes.length} communes.`,
  );
  return { written, ...counts(data) };
}

const counts = (data: ReturnType<typeof loadReferenceData>) => ({
  regions: data.regions.length,
  provinces: data.provinces.length,
  communes: data.communes.length,
});

/** The PIN of demo-signatory's key on the local cloud (a real KMS key; on AWS the PIN only ever goes to its holder). */
export const DEMO_SIGNING_PIN = '482915';

/**
 * Creates the demo users, or brings existing ones back to the recorded password, group and scope.
 * Passwords are generated once and kept in `usersFile`, so a restart reuses the same logins.
 */
export async function seedDemoUsers(
  port: number,
  outputs: StackOutputs,
  usersFile: string,
  log: (line: string) => void,
) {
  const cognito = new CognitoIdentityProviderClient(endpointConfig(port));
  const known: DemoUser[] = existsSync(usersFile) ? JSON.parse(readFileSync(usersFile, 'utf8')) : [];
  const users: DemoUser[] = DEMO_USERS.map((user) => ({
    ...user,
    password: known.find((k) => k.username === user.username)?.password ?? newPassword(),
  }));
  let created = 0;
  for (const user of users) {
    const attributes = [
      { Name: 'email', Value: user.email },
      { Name: 'email_verified', Value: 'true' },
      ...(user.scope.communeId ? [{ Name: 'custom:commune', Value: user.scope.communeId }] : []),
      ...(user.scope.provinceId ? [{ Name: 'custom:province', Value: user.scope.provinceId }] : []),
      ...(user.scope.agencyId ? [{ Name: 'custom:agency', Value: user.scope.agencyId }] : []),
    ];
    const exists = await cognito
      .send(new AdminGetUserCommand({ UserPoolId: outputs.userPoolId, Username: user.username }))
      .then(() => true)
      .catch((error: unknown) => {
        if (error instanceof UserNotFoundException) return false;
        throw error;
      });
    if (exists) {
      await cognito.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: outputs.userPoolId,
          Username: user.username,
          UserAttributes: attributes,
        }),
      );
    } else {
      await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: outputs.userPoolId,
          Username: user.username,
          UserAttributes: attributes,
          MessageAction: 'SUPPRESS',
        }),
      );
      created++;
    }
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: outputs.userPoolId,
        Username: user.username,
        Password: user.password,
        Permanent: true,
      }),
    );
    await cognito.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: outputs.userPoolId,
        Username: user.username,
        GroupName: user.role,
      }),
    );
  }
  await seedDemoProfessionalProfile(port, outputs);
  await seedDemoBusinessProfile(port, outputs);
  await seedDemoDeskMailbox(port, outputs);
  await seedDemoTariff(port, outputs);
  await seedDemoRollout(port, outputs, users);
  writeFileSync(
    usersFile,
    `${JSON.stringify(
      users.map(({ username, password, role, scope }) => ({ username, password, role, scope })),
      null,
      2,
    )}\n`,
    { mode: 0o600 },
  );
  log(
    created > 0
      ? `Created ${created} demo user(s); ${users.length - created} already there.`
      : `Demo users already there (${users.length}).`,
  );
  return users;
}

/** The demo professional gets a verified profile, so it can file applications straight away. */
async function seedDemoProfessionalProfile(port: number, outputs: StackOutputs) {
  const repo = new DynamoProfessionalRepository(
    DynamoDBDocumentClient.from(new DynamoDBClient(endpointConfig(port))),
    outputs.tableName,
  );
  const existing = await repo.get('demo-professional');
  if (existing?.status === 'VERIFIED') return;
  const profile: Professional = {
    id: 'demo-professional',
    profession: 'architect',
    registrationNumber: 'CNOA-DEMO-0001',
    firstName: 'Salma',
    lastName: 'Bennani',
    cin: 'BE000001',
    phone: '+212600000001',
    email: 'architecte@demo.rukhsa.ma',
    preferredLanguage: 'fr',
    status: 'PENDING_VERIFICATION',
    registeredAt: new Date().toISOString(),
  };
  if (!existing) await repo.register(profile);
  const at = new Date().toISOString();
  await repo.decide(
    { ...(existing ?? profile), status: 'VERIFIED', verifiedAt: at, verifiedBy: 'seed' },
    'seed',
    at,
  );
}

/** The demo merchant gets its business profile, so it can file licences straight away. */
async function seedDemoBusinessProfile(port: number, outputs: StackOutputs) {
  const repo = new DynamoBusinessRepository(
    DynamoDBDocumentClient.from(new DynamoDBClient(endpointConfig(port))),
    outputs.tableName,
  );
  if (await repo.get('demo-business')) return;
  await repo.register({
    id: 'demo-business',
    kind: 'company',
    companyName: 'Café Atlas SARL',
    ice: '001234567000089',
    rcNumber: 'RC-CASA-445566',
    firstName: 'Karim',
    lastName: 'Alaoui',
    cin: 'BE000002',
    phone: '+212600000003',
    email: 'commerce@demo.rukhsa.ma',
    preferredLanguage: 'fr',
    registeredAt: new Date().toISOString(),
  });
}

/** Casablanca's one-stop desk gets a mailbox, so "opinions complete" and overdue e-mails have a recipient. */
async function seedDemoDeskMailbox(port: number, outputs: StackOutputs) {
  const geo = new DynamoGeoRepository(
    DynamoDBDocumentClient.from(new DynamoDBClient(endpointConfig(port))),
    outputs.tableName,
  );
  const commune = await geo.getCommune('cas-casablanca');
  if (commune && !commune.deskEmail)
    await geo.putCommune({ ...commune, deskEmail: 'guichet@demo.rukhsa.ma' });
}

/** Casablanca's 2026 rates (inside the law 47-06 ranges), so approvals there open a payment order. */
async function seedDemoTariff(port: number, outputs: StackOutputs) {
  const tariffs = new DynamoTariffRepository(
    DynamoDBDocumentClient.from(new DynamoDBClient(endpointConfig(port))),
    outputs.tableName,
  );
  if ((await tariffs.history('cas-casablanca')).length === 0) {
    await tariffs.put(CASABLANCA_TARIFF_2026, 'seed', new Date().toISOString());
  }
}

/**
 * Casablanca goes LIVE legitimately: the demo civil servants get their staff records, the other
 * agencies the catalogue consults get a commission member each in MA-CAS (real accounts, no demo
 * login), the demo signatory an ACTIVE signing key (a real KMS key, PIN DEMO_SIGNING_PIN), and the
 * commune passes the readiness check. Idempotent.
 */
async function seedDemoRollout(port: number, outputs: StackOutputs, users: DemoUser[]) {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(endpointConfig(port)), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const staff = new DynamoStaffRepository(db, outputs.tableName);
  const rollout = new DynamoRolloutRepository(db, outputs.tableName);
  const cognito = new CognitoIdentityProviderClient(endpointConfig(port));
  const person = (username: string, email: string) => ({
    username,
    firstName: 'Démo',
    lastName: username.replace(/^demo-/, ''),
    title: 'Compte de démonstration',
    phone: '+212600000001',
    email,
    preferredLanguage: 'fr' as const,
  });
  for (const user of users) {
    if (!(STAFF_ROLES as readonly string[]).includes(user.role)) continue;
    await ensureStaffRecord(
      staff,
      { ...person(user.username, user.email), roles: [user.role as StaffRole], scope: user.scope },
      'seed',
    );
  }
  const covered = new Set(users.map((u) => u.scope.agencyId).filter(Boolean));
  for (const agency of requiredAgencies().filter((a) => !covered.has(a))) {
    const username = `demo-member-${agency}`;
    const email = `${agency}@demo.rukhsa.ma`;
    const exists = await cognito
      .send(new AdminGetUserCommand({ UserPoolId: outputs.userPoolId, Username: username }))
      .then(() => true)
      .catch((error: unknown) => {
        if (error instanceof UserNotFoundException) return false;
        throw error;
      });
    if (!exists) {
      await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: outputs.userPoolId,
          Username: username,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'custom:agency', Value: agency },
            { Name: 'custom:province', Value: 'MA-CAS' },
          ],
        }),
      );
      await cognito.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: outputs.userPoolId,
          Username: username,
          GroupName: 'commission_member',
        }),
      );
    }
    await ensureStaffRecord(
      staff,
      {
        ...person(username, email),
        roles: ['commission_member'],
        scope: { agencyId: agency, provinceId: 'MA-CAS' },
      },
      'seed',
    );
  }
  if ((await rollout.activeKeys('cas-casablanca')).length === 0) {
    // A real KMS key whose PIN is DEMO_SIGNING_PIN (printed with the demo users): local demo only.
    const kms = new KMSClient(endpointConfig(port));
    await putActiveSigningKey(
      db,
      { table: outputs.tableName, secrets: outputs.secretsTableName },
      new KmsKeyManager(kms, 'local'),
      {
        communeId: 'cas-casablanca',
        provinceId: 'MA-CAS',
        signatoryUsername: 'demo-signatory',
        pin: DEMO_SIGNING_PIN,
      },
      { kms, caKeyArn: outputs.caKeyArn, timestampKeyArn: outputs.timestampKeyArn },
    );
  }
  await goLive({ rollout, staff }, { id: 'cas-casablanca', provinceId: 'MA-CAS', regionId: 'MA-06' }, 'seed');
}
