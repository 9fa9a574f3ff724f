import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { KmsKeyManager, kmsClient } from '#shared/adapters/kms/key-manager.ts';
import { signPermit } from '#shared/domain/signing/permits.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications, geo, professionals } from '../applications/dependencies.ts';
import { payments } from '../payments/dependencies.ts';
import { permitStorage, permits } from './permits.ts';
import { signPermitRoute } from './routes.ts';
import { signingKeys } from './signing-keys.ts';

const deps = {
  applications,
  professionals,
  payments,
  geo,
  keys: signingKeys,
  keyManager: new KmsKeyManager(kmsClient, requiredEnv('STAGE')),
  permits,
  storage: permitStorage,
  webUrl: requiredEnv('APP_WEB_URL'),
};

/** Not idempotent by key on purpose: each call is a PIN attempt that must count. */
export const handler = httpHandler(signPermitRoute, async ({ principal, params, body, event }) => ({
  body: await signPermit(deps, principal, params.applicationId, body, requestTime(event)),
}));
