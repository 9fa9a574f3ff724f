/** The repositories over the platform table (DynamoDB). See once.ts for how the wiring is built. */

import { DynamoApplicationRepository } from '#shared/adapters/dynamodb/application-repository.ts';
import { DynamoAuditRepository } from '#shared/adapters/dynamodb/audit-repository.ts';
import { DynamoAuthorityStore } from '#shared/adapters/dynamodb/authority-store.ts';
import { DynamoBusinessRepository } from '#shared/adapters/dynamodb/business-repository.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoContactRepository } from '#shared/adapters/dynamodb/contact-repository.ts';
import { DynamoGeoRepository } from '#shared/adapters/dynamodb/geo-repository.ts';
import { DynamoMessageLog } from '#shared/adapters/dynamodb/message-log.ts';
import {
  DynamoPaymentRepository,
  DynamoTariffRepository,
} from '#shared/adapters/dynamodb/payment-repository.ts';
import { DynamoPermitRepository } from '#shared/adapters/dynamodb/permit-repository.ts';
import {
  DynamoEmailProofs,
  DynamoProfessionalRepository,
} from '#shared/adapters/dynamodb/professional-repository.ts';
import { DynamoPublicRecordStore } from '#shared/adapters/dynamodb/public-record-store.ts';
import {
  DynamoRankingAggregateStore,
  DynamoRankingSnapshotStore,
} from '#shared/adapters/dynamodb/ranking-repository.ts';
import { DynamoRolloutRepository } from '#shared/adapters/dynamodb/rollout-repository.ts';
import { DynamoAttemptCounter, DynamoSearchIndex } from '#shared/adapters/dynamodb/search-index.ts';
import { DynamoSeedMarkers } from '#shared/adapters/dynamodb/seed-markers.ts';
import { DynamoSentMessageLog } from '#shared/adapters/dynamodb/sent-message-log.ts';
import { DynamoSigningKeyRepository } from '#shared/adapters/dynamodb/signing-key-repository.ts';
import { DynamoStaffRepository } from '#shared/adapters/dynamodb/staff-repository.ts';
import { env, optionalEnv } from '#shared/environment.ts';
import { once } from './once.ts';

/** A repository over the platform table, built on first use. */
const onTable = <T>(Repository: new (db: ReturnType<typeof documentClient>, table: string) => T) =>
  once(() => new Repository(documentClient(), env('TABLE_NAME')));

export const applications = /* @__PURE__ */ onTable(DynamoApplicationRepository);
export const professionals = /* @__PURE__ */ onTable(DynamoProfessionalRepository);
export const businesses = /* @__PURE__ */ onTable(DynamoBusinessRepository);
export const emailProofs = /* @__PURE__ */ onTable(DynamoEmailProofs);
export const geo = /* @__PURE__ */ onTable(DynamoGeoRepository);
export const payments = /* @__PURE__ */ onTable(DynamoPaymentRepository);
export const tariffs = /* @__PURE__ */ onTable(DynamoTariffRepository);
/** With the secrets table where the route declares `needs.pins` (PIN checks and changes). */
export const signingKeys = /* @__PURE__ */ once(
  () => new DynamoSigningKeyRepository(documentClient(), env('TABLE_NAME'), optionalEnv('SECRETS_TABLE')),
);
export const contacts = /* @__PURE__ */ onTable(DynamoContactRepository);
export const permits = /* @__PURE__ */ onTable(DynamoPermitRepository);
export const staff = /* @__PURE__ */ onTable(DynamoStaffRepository);
export const rollout = /* @__PURE__ */ onTable(DynamoRolloutRepository);
export const rankingAggregates = /* @__PURE__ */ onTable(DynamoRankingAggregateStore);
export const rankingSnapshots = /* @__PURE__ */ onTable(DynamoRankingSnapshotStore);
export const sentMessages = /* @__PURE__ */ onTable(DynamoSentMessageLog);
export const fileMessages = /* @__PURE__ */ onTable(DynamoMessageLog);
export const searchIndex = /* @__PURE__ */ onTable(DynamoSearchIndex);
export const attempts = /* @__PURE__ */ onTable(DynamoAttemptCounter);
export const publicRecords = /* @__PURE__ */ onTable(DynamoPublicRecordStore);
export const seedMarkers = /* @__PURE__ */ onTable(DynamoSeedMarkers);
export const auditRecords = /* @__PURE__ */ onTable(DynamoAuditRepository);

/** The application use cases' repositories. */
export const applicationDeps = () => ({
  applications: applications(),
  professionals: professionals(),
  businesses: businesses(),
  geo: geo(),
});

/** The rollout use cases' repositories. */
export const rolloutDeps = () => ({ rollout: rollout(), staff: staff(), geo: geo() });
export const certificationAuthority = /* @__PURE__ */ onTable(DynamoAuthorityStore);
