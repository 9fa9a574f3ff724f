import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoGeoRepository } from '#shared/adapters/dynamodb/geo-repository.ts';
import { DynamoRolloutRepository } from '#shared/adapters/dynamodb/rollout-repository.ts';
import { DynamoStaffRepository } from '#shared/adapters/dynamodb/staff-repository.ts';

const table = requiredEnv('TABLE_NAME');

/** Table-backed dependencies of the rollout handlers, created once per container. */
export const staff = new DynamoStaffRepository(documentClient, table);
export const rollout = new DynamoRolloutRepository(documentClient, table);
export const geo = new DynamoGeoRepository(documentClient, table);
export const rolloutDeps = { rollout, staff, geo };
