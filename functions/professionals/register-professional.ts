import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { CognitoIdentityProvider, cognitoClient } from '#shared/adapters/cognito/identity-provider.ts';
import { registerProfessional } from '#shared/domain/professionals/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { professionalRepository } from './repositories.ts';
import { registerProfessionalRoute } from './routes.ts';

const identity = new CognitoIdentityProvider(cognitoClient, requiredEnv('USER_POOL_ID'));

export const handler = httpHandler(
  registerProfessionalRoute,
  async ({ body }) => ({
    body: await registerProfessional({ professionals: professionalRepository, identity }, body, new Date()),
  }),
  [idempotent(registerProfessionalRoute.operationId)],
);
