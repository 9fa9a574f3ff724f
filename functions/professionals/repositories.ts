import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoProfessionalRepository } from '#shared/adapters/dynamodb/professional-repository.ts';

export const professionalRepository = new DynamoProfessionalRepository(
  documentClient,
  requiredEnv('TABLE_NAME'),
);
