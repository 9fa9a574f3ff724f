import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { s3Client } from '#shared/adapters/s3/client.ts';
import { S3DocumentStorage } from '#shared/adapters/s3/document-storage.ts';
import { tableDeps } from './dependencies.ts';

export const documentStorage = new S3DocumentStorage(s3Client, requiredEnv('DOCUMENTS_BUCKET'));
export const storageDeps = { ...tableDeps, storage: documentStorage };
