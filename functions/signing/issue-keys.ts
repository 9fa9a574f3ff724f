import { signatoryAccounts } from '#shared/domain/rollout/use-cases/staff.ts';
import { publishKeySet } from '#shared/domain/signing/pki/key-set-publication.ts';
import { issueKeys } from '#shared/domain/signing/use-cases/keys.ts';
import { env } from '#shared/environment.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { staffDeps } from '../wiring/identity.ts';
import { keyManager, platformKeys } from '../wiring/kms.ts';
import { mailer, smsSender } from '../wiring/messaging.ts';
import { openDataPublisher } from '../wiring/s3.ts';
import { certificationAuthority, geo, signingKeys } from '../wiring/table.ts';
import { issueKeysRoute } from './routes.ts';

export const handler = httpHandler(issueKeysRoute, async ({ principal, body, event }) => {
  const now = requestTime(event);
  const issued = await issueKeys(
    {
      keys: signingKeys(),
      keyManager: keyManager(),
      geo: geo(),
      signatories: signatoryAccounts(staffDeps()),
      sms: smsSender(),
      mailer: mailer(),
      loginUrl: env('APP_LOGIN_URL'),
      platformKeys: platformKeys(),
      authority: certificationAuthority(),
      stage: env('STAGE'),
    },
    principal,
    body,
    now,
  );
  // The new keys and their certificates are open data too (docs/open-data.md).
  await publishKeySet(
    { keys: signingKeys(), authority: certificationAuthority(), bucket: openDataPublisher() },
    now,
  );
  return { body: issued };
});
