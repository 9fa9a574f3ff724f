import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import {
  DynamoPaymentRepository,
  DynamoTariffRepository,
} from '#shared/adapters/dynamodb/payment-repository.ts';

const table = requiredEnv('TABLE_NAME');

export const payments = new DynamoPaymentRepository(documentClient, table);
export const tariffs = new DynamoTariffRepository(documentClient, table);
