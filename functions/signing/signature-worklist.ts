import { signatureWorklist } from '#shared/domain/signing/use-cases/permits.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications } from '../wiring/table.ts';
import { signatureWorklistRoute } from './routes.ts';

export const handler = httpHandler(signatureWorklistRoute, async ({ principal, query }) => ({
  body: await signatureWorklist({ applications: applications() }, principal, query),
}));
