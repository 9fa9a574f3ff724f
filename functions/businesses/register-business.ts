import { registerBusiness } from '#shared/domain/businesses/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { identityProvider } from '../wiring/identity.ts';
import { mailer } from '../wiring/messaging.ts';
import { businesses, emailProofs } from '../wiring/table.ts';
import { registerBusinessRoute } from './routes.ts';

export const handler = httpHandler(registerBusinessRoute, async ({ body }) => ({
  body: await registerBusiness(
    { businesses: businesses(), identity: identityProvider(), proofs: emailProofs(), mailer: mailer() },
    body,
    new Date(),
  ),
}));
