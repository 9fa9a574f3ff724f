import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoContactRepository } from '#shared/adapters/dynamodb/contact-repository.ts';

export const contacts = new DynamoContactRepository(documentClient, requiredEnv('TABLE_NAME'));
