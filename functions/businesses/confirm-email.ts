import { confirmBusinessEmail } from '#shared/domain/businesses/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { identityProvider } from '../wiring/identity.ts';
import { businesses, emailProofs } from '../wiring/table.ts';
import { confirmBusinessEmailRoute } from './routes.ts';

export const handler = httpHandler(confirmBusinessEmailRoute, async ({ params, body }) => ({
  body: await confirmBusinessEmail(
    { businesses: businesses(), identity: identityProvider(), proofs: emailProofs() },
    params.businessId,
    body.code,
    new Date(),
  ),
}));
