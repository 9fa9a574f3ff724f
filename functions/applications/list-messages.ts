import { applicationMessages } from '#shared/domain/notifications/message-log.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications, fileMessages } from '../wiring/table.ts';
import { applicationMessagesRoute } from './routes.ts';

export const handler = httpHandler(applicationMessagesRoute, async ({ principal, params }) => ({
  body: {
    messages: await applicationMessages(
      { applications: applications(), messages: fileMessages() },
      principal,
      params.applicationId,
    ),
  },
  headers: { 'cache-control': 'no-store' },
}));
