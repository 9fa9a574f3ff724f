import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoSigningKeyRepository } from '#shared/adapters/dynamodb/signing-key-repository.ts';

/** The key records (table only): every signing handler uses them. */
export const signingKeys = new DynamoSigningKeyRepository(documentClient, requiredEnv('TABLE_NAME'));
