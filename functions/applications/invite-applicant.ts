import { inviteApplicant } from '#shared/domain/applications/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { accountServices } from '../wiring/identity.ts';
import { applicationDeps } from '../wiring/table.ts';
import { inviteApplicantRoute } from './routes.ts';

export const handler = httpHandler(inviteApplicantRoute, async ({ principal, params, body, event }) => ({
  body: await inviteApplicant(
    { ...applicationDeps(), ...accountServices() },
    principal,
    params.applicationId,
    body,
    requestTime(event),
  ),
}));
