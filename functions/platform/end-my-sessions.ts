import { endOwnSessions } from '#shared/domain/identity/session.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { sessionRevocations } from '../wiring/sessions.ts';
import { endMySessionsRoute } from './routes.ts';

// The real clock, not the request's test clock: the instant is compared with the tokens' `iat`.
export const handler = httpHandler(endMySessionsRoute, async ({ principal }) => ({
  body: await endOwnSessions(sessionRevocations(), principal, new Date()),
  headers: { 'cache-control': 'no-store' },
}));
