import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoGeoRepository } from '#shared/adapters/dynamodb/geo-repository.ts';

/** The geo handlers' repository, created once per container. */
export const geoRepository = new DynamoGeoRepository(documentClient, requiredEnv('TABLE_NAME'));
