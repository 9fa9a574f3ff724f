import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoApplicationRepository } from '#shared/adapters/dynamodb/application-repository.ts';
import { DynamoTariffRepository } from '#shared/adapters/dynamodb/payment-repository.ts';
import { DynamoProfessionalRepository } from '#shared/adapters/dynamodb/professional-repository.ts';
import { DynamoRolloutRepository } from '#shared/adapters/dynamodb/rollout-repository.ts';
import { DynamoStaffRepository } from '#shared/adapters/dynamodb/staff-repository.ts';
import { KmsKeyManager } from '#shared/adapters/kms/key-manager.ts';
import type {
  Application,
  DocumentVersion,
  NewApplication,
} from '#shared/domain/applications/application.ts';
import { CASABLANCA_TARIFF_2026 } from '#shared/domain/payments/tariffs.ts';
import { getProcedure, requiredDocuments } from '#shared/domain/procedures/rules.ts';
import type { Professional } from '#shared/domain/professionals/professional.ts';
import { requiredAgencies } from '#shared/domain/rollout/onboarding.ts';
import { ensureStaffRecord, goLive } from '../../scripts/local-cloud/rollout-bodies.ts';
import { putActiveSigningKey } from '../../scripts/local-cloud/signing-keys.ts';
import { clientConfig, type TestCloud } from './cloud.ts';
import { claimsOf } from './events.ts';

export const documentClientFor = (cloud: TestCloud) =>
  DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(cloud)));

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomUUID().slice(0, 4)}`;

/** A professional profile stored in the table (verified unless said otherwise), with matching JWT claims. */
export async function givenProfessional(cloud: TestCloud, status: Professional['status'] = 'VERIFIED') {
  const repo = new DynamoProfessionalRepository(documentClientFor(cloud), cloud.outputs.tableName);
  const id = `pro-${randomUUID()}`;
  const suffix = unique();
  const professional: Professional = {
    id,
    profession: 'architect',
    registrationNumber: `IT-${suffix}`.toUpperCase().slice(0, 30),
    firstName: 'Test',
    lastName: 'Architecte',
    cin: 'BE100200',
    phone: '+212600000002',
    email: `it-${suffix}@example.ma`,
    preferredLanguage: 'fr',
    status: 'PENDING_VERIFICATION',
    registeredAt: new Date().toISOString(),
  };
  await repo.register(professional);
  if (status !== 'PENDING_VERIFICATION') {
    await repo.decide(
      { ...professional, status, ...(status === 'REJECTED' ? { rejectionReason: 'numéro inconnu' } : {}) },
      'test',
      new Date().toISOString(),
    );
  }
  return {
    professional: { ...professional, status },
    claims: claimsOf(['professional'], { 'cognito:username': id, sub: `sub-${id}` }),
  };
}

export const buildingPermit = (communeId = 'cas-casablanca'): NewApplication => ({
  procedureCode: 'BUILDING_PERMIT',
  communeId,
  applicant: {
    kind: 'person',
    firstName: 'Youssef',
    lastName: 'Alami',
    cin: 'BK654321',
    phone: '+212661234567',
    email: 'youssef.alami@example.ma',
    preferredLanguage: 'fr',
  },
  parcel: { landTitle: '12345/C', address: '12 rue des Orangers, Maarif, Casablanca' },
  project: {
    description: 'Villa individuelle R+1',
    floorAreaM2: 220,
    floors: 2,
    units: 1,
    buildingCategory: 'individual_housing',
    worksCostCentimes: 150_000_000,
  },
});

/**
 * An ACTIVE signing key (a real KMS key on the local cloud, PIN `pin`) for a signatory of a commune,
 * written straight into the table: the handover itself is walked by the signing e2e test.
 */
export async function givenActiveSigningKey(
  cloud: TestCloud,
  key: {
    communeId: string;
    provinceId: string;
    signatoryUsername: string;
    expiresAt?: string;
    pin?: string;
    /** A commission member's key for this agency (seat: the province, given as `communeId`). */
    agencyId?: string;
  },
) {
  const kms = new KMSClient(clientConfig(cloud));
  const record = await putActiveSigningKey(
    documentClientFor(cloud),
    { table: cloud.outputs.tableName, secrets: cloud.outputs.secretsTableName },
    new KmsKeyManager(kms, 'local'),
    { pin: '48213795', ...key },
    { kms, caKeyArn: cloud.outputs.caKeyArn, timestampKeyArn: cloud.outputs.timestampKeyArn },
  );
  return record.keyId;
}

const liveCommunes = new Map<string, Promise<void>>();

/**
 * Gives a commune its paperless bodies (staff records of a desk agent and a signatory, commission
 * members of every consulted agency in its province, an active signing key) and takes it LIVE
 * through the readiness check, so submissions there are accepted. Once per commune and test file.
 */
export function givenLiveCommune(
  cloud: TestCloud,
  communeId: string,
  provinceId = 'MA-CAS',
  regionId = 'MA-06',
): Promise<void> {
  let ready = liveCommunes.get(communeId);
  if (!ready) {
    ready = makeLive(cloud, { id: communeId, provinceId, regionId });
    liveCommunes.set(communeId, ready);
  }
  return ready;
}

async function makeLive(cloud: TestCloud, commune: { id: string; provinceId: string; regionId: string }) {
  const db = documentClientFor(cloud);
  const staff = new DynamoStaffRepository(db, cloud.outputs.tableName);
  const rollout = new DynamoRolloutRepository(db, cloud.outputs.tableName);
  const person = (username: string, title: string) => ({
    username,
    firstName: 'Fixture',
    lastName: username,
    title,
    phone: '+212600000009',
    email: `${username}@fixtures.rukhsa.ma`,
    preferredLanguage: 'fr' as const,
  });
  const scope = { communeId: commune.id, provinceId: commune.provinceId };
  await ensureStaffRecord(
    staff,
    { ...person(`fx-desk-${commune.id}`, 'Guichet'), roles: ['desk_agent'], scope },
    'fixture',
  );
  const signatory = await ensureStaffRecord(
    staff,
    { ...person(`fx-sig-${commune.id}`, 'Président'), roles: ['signatory'], scope },
    'fixture',
  );
  for (const agency of requiredAgencies()) {
    await ensureStaffRecord(
      staff,
      {
        ...person(`fx-member-${agency}-${commune.provinceId.toLowerCase()}`, 'Commission'),
        roles: ['commission_member'],
        scope: { agencyId: agency, provinceId: commune.provinceId },
      },
      'fixture',
    );
  }
  await givenActiveSigningKey(cloud, {
    communeId: commune.id,
    provinceId: commune.provinceId,
    signatoryUsername: signatory.username,
  });
  // Nothing uncollected (#16): a LIVE commune has a treasurer and a tariff in force.
  await ensureStaffRecord(
    staff,
    { ...person(`fx-treasurer-${commune.id}`, 'Régisseur'), roles: ['commune_treasurer'], scope },
    'fixture',
  );
  if (!(await rollout.tariffInForce(commune.id, new Date().toISOString().slice(0, 10))))
    await givenTariff(cloud, commune.id);
  await goLive({ rollout, staff }, commune, 'fixture');
}

/**
 * A complete draft written straight into the table (documents recorded as if uploaded), for tests
 * that exercise submission itself rather than the upload path. Its commune is made LIVE (see
 * `givenLiveCommune`) unless `live: false`.
 */
export async function givenCompleteDraft(
  cloud: TestCloud,
  professionalId: string,
  communeId: string,
  options: { size?: 'small' | 'large'; overrides?: Partial<Application>; live?: boolean } = {},
): Promise<Application> {
  if (options.live !== false)
    await givenLiveCommune(
      cloud,
      communeId,
      options.overrides?.provinceId ?? 'MA-CAS',
      options.overrides?.regionId ?? 'MA-06',
    );
  const repo = new DynamoApplicationRepository(documentClientFor(cloud), cloud.outputs.tableName);
  const size = options.size ?? 'small';
  const base = buildingPermit(communeId);
  const input =
    size === 'large'
      ? { ...base, project: { ...base.project, floorAreaM2: 650, floors: 4, units: 8 } }
      : base;
  const procedure = getProcedure(input.procedureCode);
  const at = new Date().toISOString();
  const documents: Record<string, DocumentVersion> = {};
  for (const requirement of requiredDocuments(procedure, size)) {
    documents[requirement.code] = {
      code: requirement.code,
      version: 1,
      key: `applications/fixture/${requirement.code}/x`,
      sha256: 'a'.repeat(64),
      sizeBytes: 1000,
      contentType: 'application/pdf',
      uploadedAt: at,
      uploadedBy: professionalId,
    };
  }
  const app: Application = {
    ...input,
    id: `app-${randomUUID()}`,
    status: 'DRAFT',
    catalogueVersion: 'test',
    provinceId: 'MA-CAS',
    regionId: 'MA-06',
    professionalId,
    size,
    documents,
    followers: [],
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...options.overrides,
  };
  await repo.create(app, {
    applicationId: app.id,
    type: 'APPLICATION_CREATED',
    at,
    actor: professionalId,
    details: {},
  });
  return app;
}

/** The smallest valid PDF-looking body (the server checks the %PDF- signature). */
export const pdfBytes = (size = 64) => {
  const head = Buffer.from('%PDF-1.4\n');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 0x20)]);
};

export const pngBytes = () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

/** Posts a file to a presigned POST form the way a browser would (fields first, file last). */
export async function postToPresignedForm(
  upload: { url: string; fields: Record<string, string> },
  body: Buffer,
  contentType: string,
  fileName = 'document.pdf',
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([body], { type: contentType }), fileName);
  const response = await fetch(upload.url, { method: 'POST', body: form });
  return { status: response.status, text: await response.text() };
}

/** JWT claims of commune staff and agency members, as the authorizer passes them. */
export const deskClaims = (communeId = 'cas-casablanca', provinceId = 'MA-CAS', username = 'desk-1') =>
  claimsOf(['desk_agent'], {
    'custom:commune': communeId,
    'custom:province': provinceId,
    'cognito:username': username,
    sub: `sub-${username}`,
  });
export const signatoryClaims = (communeId = 'cas-casablanca', provinceId = 'MA-CAS') =>
  claimsOf(['signatory'], {
    'custom:commune': communeId,
    'custom:province': provinceId,
    'cognito:username': `sig-${communeId}`,
  });
export const memberClaims = (agency: string, provinceId = 'MA-CAS', username = `member-${agency}`) =>
  claimsOf(['commission_member'], {
    'custom:agency': agency,
    'custom:province': provinceId,
    'cognito:username': username,
    sub: `sub-${username}`,
  });
export const contactClaims = (provinceId = 'MA-CAS') =>
  claimsOf(['province_contact'], {
    'custom:province': provinceId,
    'cognito:username': `contact-${provinceId}`,
  });
export const adminClaims = () => claimsOf(['ministry_admin'], { 'cognito:username': 'admin-1' });

/** A tariff for a test commune (Casablanca's 2026 rates), so an approval can open its payment order. */
export async function givenTariff(cloud: TestCloud, communeId: string) {
  const tariffs = new DynamoTariffRepository(documentClientFor(cloud), cloud.outputs.tableName);
  await tariffs.put(
    { ...CASABLANCA_TARIFF_2026, communeId, effectiveFrom: '2020-01-01' },
    'test',
    new Date().toISOString(),
  );
}
