import { giveOpinion } from '#shared/domain/review/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { countPinRefusal } from '#shared/observability/metrics.ts';
import { keyManager, platformKeys } from '../wiring/kms.ts';
import { applications, certificationAuthority, signingKeys } from '../wiring/table.ts';
import { opinionRoute } from './routes.ts';

export const handler = httpHandler(opinionRoute, async ({ principal, params, body, event }) => {
  try {
    return {
      body: await giveOpinion(
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
      ),
    };
  } catch (error) {
    countPinRefusal(error, { provinceId: principal.scope.provinceId });
    throw error;
  }
});
