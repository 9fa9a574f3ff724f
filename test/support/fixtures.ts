import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoApplicationRepository } from '#shared/adapters/dynamodb/application-repository.ts';
import { DynamoTariffRepository } from '#shared/adapters/dynamodb/payment-repository.ts';
import { DynamoProfessionalRepository } from '#shared/adapters/dynamodb/professional-repository.ts';
import type {
  Application,
  DocumentVersion,
  NewApplication,
} from '#shared/domain/applications/application.ts';
import { CASABLANCA_TARIFF_2026 } from '#shared/domain/payments/tariffs.ts';
import { getProcedure, requiredDocuments } from '#shared/domain/procedures/rules.ts';
import type { Professional } from '#shared/domain/professionals/professional.ts';
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
 * A complete draft written straight into the table (documents recorded as if uploaded), for tests
 * that exercise submission itself rather than the upload path.
 */
export async function givenCompleteDraft(
  cloud: TestCloud,
  professionalId: string,
  communeId: string,
  options: { size?: 'small' | 'large'; overrides?: Partial<Application> } = {},
): Promise<Application> {
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
