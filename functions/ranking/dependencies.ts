import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoGeoRepository } from '#shared/adapters/dynamodb/geo-repository.ts';
import {
  DynamoRankingAggregateStore,
  DynamoRankingSnapshotStore,
} from '#shared/adapters/dynamodb/ranking-repository.ts';

const table = requiredEnv('TABLE_NAME');

/** Table-backed dependencies of the ranking functions, created once per container. */
export const aggregates = new DynamoRankingAggregateStore(documentClient, table);
export const snapshots = new DynamoRankingSnapshotStore(documentClient, table);
export const geo = new DynamoGeoRepository(documentClient, table);
