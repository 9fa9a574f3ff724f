import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { DynamoApplicationRepository } from '#shared/adapters/dynamodb/application-repository.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoGeoRepository } from '#shared/adapters/dynamodb/geo-repository.ts';
import { DynamoProfessionalRepository } from '#shared/adapters/dynamodb/professional-repository.ts';
import type { DocumentStorage } from '#shared/domain/applications/ports.ts';

const table = requiredEnv('TABLE_NAME');

/** Table-backed dependencies of the application handlers, created once per container. */
export const applications = new DynamoApplicationRepository(documentClient, table);
export const professionals = new DynamoProfessionalRepository(documentClient, table);
export const geo = new DynamoGeoRepository(documentClient, table);

/** Handlers that do not touch S3 get this stand-in, so they neither bundle nor call the S3 client. */
export const noStorage: DocumentStorage = {
  presignUpload: () => Promise.reject(new Error('storage not wired in this function')),
  inspect: () => Promise.reject(new Error('storage not wired in this function')),
  presignDownload: () => Promise.reject(new Error('storage not wired in this function')),
};

export const tableDeps = { applications, professionals, geo, storage: noStorage };
