import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { SecretsManagerProvider, secretsClient } from '#shared/adapters/secrets/secret-provider.ts';
import type { GatewayConfig } from '#shared/domain/payments/use-cases.ts';

/** The card gateway's configuration (per stage) and its store key (Secrets Manager). */
export const secrets = new SecretsManagerProvider(secretsClient, requiredEnv('CMI_STORE_KEY_SECRET'));
export const gateway: GatewayConfig = {
  clientId: requiredEnv('CMI_CLIENT_ID'),
  gatewayUrl: requiredEnv('CMI_GATEWAY_URL'),
  apiUrl: requiredEnv('PUBLIC_API_URL'),
};
