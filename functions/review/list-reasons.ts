import { REASONS } from '#shared/domain/review/reasons.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { reviewReasonsRoute } from './routes.ts';

export const handler = httpHandler(reviewReasonsRoute, async () => ({
  body: REASONS,
  headers: { 'cache-control': 'public, max-age=3600' },
}));
