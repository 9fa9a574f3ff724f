/** The card gateway: its configuration and its store key (Secrets Manager). See once.ts. */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsClientConfig } from '#shared/adapters/aws-config.ts';
import { SecretsManagerProvider } from '#shared/adapters/secrets/secret-provider.ts';
import type { GatewayConfig } from '#shared/domain/payments/use-cases.ts';
import { env } from '#shared/environment.ts';
import { traced } from '#shared/observability/tracer.ts';
import { once } from './once.ts';

export const gatewaySecrets = /* @__PURE__ */ once(
  () =>
    new SecretsManagerProvider(
      traced(new SecretsManagerClient(awsClientConfig())),
      env('CMI_STORE_KEY_SECRET'),
      { clientId: env('CMI_CLIENT_ID'), merchantSecretPrefix: env('MERCHANT_SECRET_PREFIX') },
    ),
);
/** The merchant ids only (settlement import job: no store key, no gateway grant). */
export const merchantDirectory = /* @__PURE__ */ once(
  () =>
    new SecretsManagerProvider(new SecretsManagerClient(awsClientConfig()), '', {
      clientId: env('CMI_CLIENT_ID'),
      merchantSecretPrefix: env('MERCHANT_SECRET_PREFIX'),
    }),
);
export const gatewayConfig = /* @__PURE__ */ once(
  (): GatewayConfig => ({
    clientId: env('CMI_CLIENT_ID'),
    gatewayUrl: env('CMI_GATEWAY_URL'),
    apiUrl: env('PUBLIC_API_URL'),
  }),
);
