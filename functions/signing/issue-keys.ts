import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { KmsKeyManager, kmsClient } from '#shared/adapters/kms/key-manager.ts';
import { SnsSmsSender, snsClient } from '#shared/adapters/messaging/sms-sender.ts';
import { signatoryAccounts } from '#shared/domain/rollout/use-cases.ts';
import { issueKeys } from '#shared/domain/signing/signing-keys.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { geo } from '../applications/dependencies.ts';
import { staffDeps } from '../rollout/directory.ts';
import { issueKeysRoute } from './routes.ts';
import { signingKeys } from './signing-keys.ts';

const staff = staffDeps();
const deps = {
  keys: signingKeys,
  keyManager: new KmsKeyManager(kmsClient, requiredEnv('STAGE')),
  geo,
  signatories: signatoryAccounts(staff),
  sms: new SnsSmsSender(snsClient),
  mailer: staff.mailer,
  loginUrl: staff.loginUrl,
};

export const handler = httpHandler(
  issueKeysRoute,
  async ({ principal, body, event }) => ({
    body: await issueKeys(deps, principal, body, requestTime(event)),
  }),
  [idempotent(issueKeysRoute.operationId)],
);
