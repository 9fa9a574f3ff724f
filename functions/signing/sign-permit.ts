import { signPermit } from '#shared/domain/signing/use-cases/permits.ts';
import { env } from '#shared/environment.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { BUSINESS_METRICS } from '#shared/observability/metric-names.ts';
import { countEvent, countPinRefusal } from '#shared/observability/metrics.ts';
import { keyManager, platformKeys } from '../wiring/kms.ts';
import { permitStorage } from '../wiring/s3.ts';
import { applicationDeps, certificationAuthority, payments, permits, signingKeys } from '../wiring/table.ts';
import { signPermitRoute } from './routes.ts';

/** Not idempotent by key on purpose: each call is a PIN attempt that must count. */
export const handler = httpHandler(signPermitRoute, async ({ principal, params, body, event }) => {
  const where = { communeId: principal.scope.communeId };
  try {
    const result = await signPermit(
      {
        ...applicationDeps(),
        payments: payments(),
        keys: signingKeys(),
        keyManager: keyManager(),
        permits: permits(),
        storage: permitStorage(),
        authority: certificationAuthority(),
        platformKeys: platformKeys(),
        webUrl: env('APP_WEB_URL'),
      },
      principal,
      params.applicationId,
      body,
      requestTime(event),
    );
    countEvent(BUSINESS_METRICS.permitIssued, {
      properties: {
        ...where,
        applicationId: result.permit.applicationId,
        provinceId: result.permit.provinceId,
      },
    });
    return { body: result };
  } catch (error) {
    countPinRefusal(error, where);
    throw error;
  }
});
