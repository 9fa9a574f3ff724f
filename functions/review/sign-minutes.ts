import { signMinutes } from '#shared/domain/review/signed-review.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { countPinRefusal } from '#shared/observability/metrics.ts';
import { keyManager, platformKeys } from '../wiring/kms.ts';
import { applications, certificationAuthority, signingKeys } from '../wiring/table.ts';
import { signMinutesRoute } from './routes.ts';

/** Not idempotent by key on purpose: each call is a PIN attempt that must count. */
export const handler = httpHandler(signMinutesRoute, async ({ principal, params, body, event }) => {
  try {
    const minutes = await signMinutes(
      {
        applications: applications(),
        signing: {
          keys: signingKeys(),
          keyManager: keyManager(),
          authority: certificationAuthority(),
          platformKeys: platformKeys(),
        },
      },
      principal,
      params.applicationId,
      body,
      requestTime(event),
    );
    return { status: 201, body: minutes };
  } catch (error) {
    countPinRefusal(error, { provinceId: principal.scope.provinceId });
    throw error;
  }
});
