import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoPermitRepository } from '#shared/adapters/dynamodb/permit-repository.ts';
import { s3Client } from '#shared/adapters/s3/client.ts';
import { S3PermitStorage } from '#shared/adapters/s3/permit-storage.ts';

/** Permit records and the write-once permits bucket (functions granted `permits`). */
export const permits = new DynamoPermitRepository(documentClient, requiredEnv('TABLE_NAME'));
export const permitStorage = new S3PermitStorage(s3Client, requiredEnv('PERMITS_BUCKET'));
