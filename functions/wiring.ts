/**
 * The composition root: the one place that builds AWS clients and adapters for the functions.
 *
 * Each export is a lazy getter: the first call builds the value (reading its environment variables
 * then), later calls in the same container reuse it. Nothing is built at module load, and every
 * getter is marked pure, so esbuild drops the ones a function does not call — and with them the SDK
 * clients they would use (the SDK packages declare no side effects). A function that never sends
 * e-mail therefore neither bundles nor creates an SES client.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientConfig } from '#shared/adapters/aws-config.ts';
import { CognitoIdentityProvider } from '#shared/adapters/cognito/identity-provider.ts';
import { DynamoApplicationRepository } from '#shared/adapters/dynamodb/application-repository.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoContactRepository } from '#shared/adapters/dynamodb/contact-repository.ts';
import { DynamoGeoRepository } from '#shared/adapters/dynamodb/geo-repository.ts';
import {
  DynamoPaymentRepository,
  DynamoTariffRepository,
} from '#shared/adapters/dynamodb/payment-repository.ts';
import { DynamoPermitRepository } from '#shared/adapters/dynamodb/permit-repository.ts';
import { DynamoProfessionalRepository } from '#shared/adapters/dynamodb/professional-repository.ts';
import {
  DynamoRankingAggregateStore,
  DynamoRankingSnapshotStore,
} from '#shared/adapters/dynamodb/ranking-repository.ts';
import { DynamoRolloutRepository } from '#shared/adapters/dynamodb/rollout-repository.ts';
import { DynamoSentMessageLog } from '#shared/adapters/dynamodb/sent-message-log.ts';
import { DynamoSigningKeyRepository } from '#shared/adapters/dynamodb/signing-key-repository.ts';
import { DynamoStaffRepository } from '#shared/adapters/dynamodb/staff-repository.ts';
import { KmsKeyManager } from '#shared/adapters/kms/key-manager.ts';
import { SesEmailSender } from '#shared/adapters/messaging/email-sender.ts';
import { SnsSmsSender } from '#shared/adapters/messaging/sms-sender.ts';
import { createS3Client } from '#shared/adapters/s3/client.ts';
import { S3DocumentStorage } from '#shared/adapters/s3/document-storage.ts';
import { S3OpenDataPublisher } from '#shared/adapters/s3/open-data-publisher.ts';
import { S3PermitStorage } from '#shared/adapters/s3/permit-storage.ts';
import { SecretsManagerProvider } from '#shared/adapters/secrets/secret-provider.ts';
import { SqsRankingRunQueue } from '#shared/adapters/sqs/ranking-run-queue.ts';
import type { GatewayConfig } from '#shared/domain/payments/use-cases.ts';
import { env } from '#shared/environment.ts';

/** Builds on first use, then returns the same value for the life of the container. */
function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}

// AWS clients (DynamoDB's lives in shared/adapters/dynamodb/client.ts: the HTTP layer uses it too).
const s3 = /* @__PURE__ */ once(createS3Client);
const ses = /* @__PURE__ */ once(() => new SESv2Client(awsClientConfig()));
const sns = /* @__PURE__ */ once(() => new SNSClient(awsClientConfig()));
const kms = /* @__PURE__ */ once(() => new KMSClient(awsClientConfig()));
const cognito = /* @__PURE__ */ once(() => new CognitoIdentityProviderClient(awsClientConfig()));
const secretsManager = /* @__PURE__ */ once(() => new SecretsManagerClient(awsClientConfig()));
const sqs = /* @__PURE__ */ once(() => new SQSClient(awsClientConfig()));

/** A repository over the platform table. */
const onTable = <T>(Repository: new (db: typeof documentClient, table: string) => T) =>
  once(() => new Repository(documentClient, env('TABLE_NAME')));

// Table repositories.
export const applications = /* @__PURE__ */ onTable(DynamoApplicationRepository);
export const professionals = /* @__PURE__ */ onTable(DynamoProfessionalRepository);
export const geo = /* @__PURE__ */ onTable(DynamoGeoRepository);
export const payments = /* @__PURE__ */ onTable(DynamoPaymentRepository);
export const tariffs = /* @__PURE__ */ onTable(DynamoTariffRepository);
export const signingKeys = /* @__PURE__ */ onTable(DynamoSigningKeyRepository);
export const contacts = /* @__PURE__ */ onTable(DynamoContactRepository);
export const permits = /* @__PURE__ */ onTable(DynamoPermitRepository);
export const staff = /* @__PURE__ */ onTable(DynamoStaffRepository);
export const rollout = /* @__PURE__ */ onTable(DynamoRolloutRepository);
export const rankingAggregates = /* @__PURE__ */ onTable(DynamoRankingAggregateStore);
export const rankingSnapshots = /* @__PURE__ */ onTable(DynamoRankingSnapshotStore);
export const sentMessages = /* @__PURE__ */ onTable(DynamoSentMessageLog);

// Buckets.
export const documentStorage = /* @__PURE__ */ once(
  () => new S3DocumentStorage(s3(), env('DOCUMENTS_BUCKET')),
);
export const permitStorage = /* @__PURE__ */ once(() => new S3PermitStorage(s3(), env('PERMITS_BUCKET')));
export const openDataPublisher = /* @__PURE__ */ once(
  () => new S3OpenDataPublisher(s3(), env('OPEN_DATA_BUCKET')),
);

// Identities, messages, keys, the card gateway, the ranking queue.
export const identityProvider = /* @__PURE__ */ once(
  () => new CognitoIdentityProvider(cognito(), env('USER_POOL_ID')),
);
export const mailer = /* @__PURE__ */ once(() => new SesEmailSender(ses(), env('EMAIL_FROM')));
export const smsSender = /* @__PURE__ */ once(() => new SnsSmsSender(sns()));
export const keyManager = /* @__PURE__ */ once(() => new KmsKeyManager(kms(), env('STAGE')));
export const gatewaySecrets = /* @__PURE__ */ once(
  () => new SecretsManagerProvider(secretsManager(), env('CMI_STORE_KEY_SECRET')),
);
export const gatewayConfig = /* @__PURE__ */ once(
  (): GatewayConfig => ({
    clientId: env('CMI_CLIENT_ID'),
    gatewayUrl: env('CMI_GATEWAY_URL'),
    apiUrl: env('PUBLIC_API_URL'),
  }),
);
export const rankingRunQueue = /* @__PURE__ */ once(
  () => new SqsRankingRunQueue(sqs(), env('RANKING_RUNS_QUEUE_URL')),
);

// Dependency sets several handlers share.

/** The application use cases' repositories. */
export const applicationDeps = () => ({
  applications: applications(),
  professionals: professionals(),
  geo: geo(),
});

/** The document routes: the application repositories and the documents bucket. */
export const documentDeps = () => ({ ...applicationDeps(), storage: documentStorage() });

/** The rollout use cases' repositories. */
export const rolloutDeps = () => ({ rollout: rollout(), staff: staff(), geo: geo() });

/** What the staff-account use cases need: the staff records, the directory, e-mail and the sign-in link. */
export const staffDeps = () => ({
  staff: staff(),
  geo: geo(),
  directory: identityProvider(),
  mailer: mailer(),
  loginUrl: env('APP_LOGIN_URL'),
});

/** What account-creating use cases need: the directory, e-mail and the sign-in link. */
export const accountServices = () => ({
  identity: identityProvider(),
  mailer: mailer(),
  loginUrl: env('APP_LOGIN_URL'),
});
