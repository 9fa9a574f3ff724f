/** The buckets (S3): documents, permits, open data, bank settlements. See once.ts for how the wiring is built. */
import { createS3Client } from '#shared/adapters/s3/client.ts';
import { S3DocumentStorage } from '#shared/adapters/s3/document-storage.ts';
import { S3OpenDataPublisher } from '#shared/adapters/s3/open-data-publisher.ts';
import { S3PermitStorage } from '#shared/adapters/s3/permit-storage.ts';
import { S3SettlementInbox } from '#shared/adapters/s3/settlement-inbox.ts';
import { env } from '#shared/environment.ts';
import { once } from './once.ts';
import { applicationDeps } from './table.ts';

const s3 = /* @__PURE__ */ once(createS3Client);

export const documentStorage = /* @__PURE__ */ once(
  () => new S3DocumentStorage(s3(), env('DOCUMENTS_BUCKET')),
);
export const permitStorage = /* @__PURE__ */ once(() => new S3PermitStorage(s3(), env('PERMITS_BUCKET')));
export const openDataPublisher = /* @__PURE__ */ once(
  () => new S3OpenDataPublisher(s3(), env('OPEN_DATA_BUCKET')),
);

export const settlementInbox = /* @__PURE__ */ once(
  () => new S3SettlementInbox(s3(), env('SETTLEMENT_BUCKET')),
);

/** The document routes: the application repositories and the documents bucket. */
export const documentDeps = () => ({ ...applicationDeps(), storage: documentStorage() });
