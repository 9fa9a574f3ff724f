/**
 * Part of `npm run bench`: the sign-and-issue use case (PIN check, permit PDF with QR code, KMS
 * signature of its SHA-256, write-once S3 put, the ISSUED transaction) run in-process with the real
 * adapters against the bench's local cloud, on PAID files written straight into the table. The PIN
 * verification it contains is measured alone in the same run, as the baseline it is compared with.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_WEB_URL } from '../../infra/config.ts';
import { applicationItem } from '../../shared/adapters/dynamodb/application-items.ts';
import { DynamoApplicationRepository } from '../../shared/adapters/dynamodb/application-repository.ts';
import { DynamoAuthorityStore } from '../../shared/adapters/dynamodb/authority-store.ts';
import { DynamoGeoRepository } from '../../shared/adapters/dynamodb/geo-repository.ts';
import { DynamoPaymentRepository } from '../../shared/adapters/dynamodb/payment-repository.ts';
import { DynamoPermitRepository } from '../../shared/adapters/dynamodb/permit-repository.ts';
import { DynamoProfessionalRepository } from '../../shared/adapters/dynamodb/professional-repository.ts';
import { DynamoSigningKeyRepository } from '../../shared/adapters/dynamodb/signing-key-repository.ts';
import { KmsKeyManager } from '../../shared/adapters/kms/key-manager.ts';
import { KmsPlatformKeys } from '../../shared/adapters/kms/platform-keys.ts';
import { S3PermitStorage } from '../../shared/adapters/s3/permit-storage.ts';
import type { Application } from '../../shared/domain/applications/application.ts';
import type { Principal } from '../../shared/domain/identity/principal.ts';
import { verifyPin } from '../../shared/domain/signing/pin.ts';
import { signPermit } from '../../shared/domain/signing/use-cases/permits.ts';
import type { StackOutputs } from '../local-cloud/deploy.ts';
import { LOCAL_REGION } from '../local-cloud/ministack.ts';
import { putActiveSigningKey } from '../local-cloud/signing-keys.ts';

const PIN = '48213795';

export async function benchSignAndIssue(endpoint: string, outputs: StackOutputs, runs = 10) {
  const config = {
    region: LOCAL_REGION,
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const table = outputs.tableName;
  const kms = new KMSClient(config);
  const keyManager = new KmsKeyManager(kms, 'local');
  const pki = { kms, caKeyArn: outputs.caKeyArn, timestampKeyArn: outputs.timestampKeyArn };
  const keys = new DynamoSigningKeyRepository(db, table, outputs.secretsTableName);
  const principal: Principal = {
    userId: 'bench',
    // Not demo-signatory: the demo seed gives that account a key of its own.
    username: 'bench-signatory',
    roles: ['signatory'],
    scope: { communeId: 'cas-casablanca', provinceId: 'MA-CAS' },
  };

  const key = await putActiveSigningKey(
    db,
    { table, secrets: outputs.secretsTableName },
    keyManager,
    {
      communeId: 'cas-casablanca',
      provinceId: 'MA-CAS',
      signatoryUsername: principal.username,
      pin: PIN,
    },
    pki,
  );
  const files = await givenPaidFiles(db, table, runs + 1);

  const deps = {
    applications: new DynamoApplicationRepository(db, table),
    professionals: new DynamoProfessionalRepository(db, table),
    payments: new DynamoPaymentRepository(db, table),
    geo: new DynamoGeoRepository(db, table),
    keys,
    keyManager,
    permits: new DynamoPermitRepository(db, table),
    storage: new S3PermitStorage(new S3Client({ ...config, forcePathStyle: true }), outputs.permitsBucket),
    authority: new DynamoAuthorityStore(db, table),
    platformKeys: new KmsPlatformKeys(kms, { ca: undefined, timestamp: outputs.timestampKeyArn }),
    webUrl: LOCAL_WEB_URL,
  };
  const timings: number[] = [];
  for (const [i, app] of files.entries()) {
    const t = performance.now();
    await signPermit(deps, principal, app.id, { pin: PIN }, new Date());
    if (i > 0) timings.push(performance.now() - t); // the first one warms the clients up
  }
  const pinRuns: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await verifyPin(PIN, key.pinHash);
    pinRuns.push(performance.now() - t);
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const at = (xs: number[], q: number) =>
    sorted(xs)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? Number.NaN;
  return {
    runs,
    medianMs: at(timings, 0.5),
    p95Ms: at(timings, 0.95),
    pinVerificationMedianMs: at(pinRuns, 0.5),
  };
}

/** PAID building permits in Casablanca written straight into the table (as the payment leaves them). */
export async function givenPaidFiles(db: DynamoDBDocumentClient, table: string, count: number) {
  const now = new Date().toISOString();
  const year = 2090 + Math.floor(Math.random() * 9);
  const base = Math.floor(Math.random() * 90_000);
  const files = Array.from(
    { length: count },
    (_, i) =>
      ({
        id: `app-${randomUUID()}`,
        status: 'PAID',
        procedureCode: 'BUILDING_PERMIT',
        catalogueVersion: '2026.1',
        communeId: 'cas-casablanca',
        provinceId: 'MA-CAS',
        regionId: 'MA-06',
        professionalId: 'demo-professional',
        size: 'small',
        applicant: {
          kind: 'person',
          firstName: 'Youssef',
          lastName: 'Alami',
          cin: 'BK654321',
          preferredLanguage: 'fr',
        },
        parcel: { landTitle: '12345/C', address: '12 rue des Orangers, Maarif, Casablanca' },
        project: { description: 'Villa individuelle R+1', floorAreaM2: 220, floors: 2, units: 1 },
        documents: {},
        followers: [],
        version: 9,
        createdAt: now,
        updatedAt: now,
        submittedAt: now,
        // Numbers from a year no real file has, so they never collide with the commune's own.
        receiptNumber: `CAS-CASABLANCA/${year}/${String(base + i + 1).padStart(5, '0')}`,
        decision: { decision: 'APPROVED', decidedAt: now, decidedBy: 'set-up', conditions: [], reasons: [] },
      }) as unknown as Application,
  );
  for (const app of files) await db.send(new PutCommand({ TableName: table, Item: applicationItem(app) }));
  return files;
}
