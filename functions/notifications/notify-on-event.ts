/**
 * Sends the SMS and e-mails of application and professional events, from the table's stream, so a
 * slow SMS provider never fails a submission. A record that fails is reported back (partial batch
 * response) and retried by Lambda; after the retries it lands in the dead-letter queue. A message
 * already sent is remembered, so a retry does not send it twice.
 */

import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import { parseKeys } from '#shared/adapters/dynamodb/keys.ts';
import { streamHandler } from '#shared/adapters/dynamodb/stream-handler.ts';
import { parseStreamRecord, TableItemChange } from '#shared/adapters/dynamodb/stream-record.ts';
import type { ApplicationEvent } from '#shared/domain/applications/application.ts';
import { mapLimited } from '#shared/domain/map-limited.ts';
import { maskAddress } from '#shared/domain/notifications/message-log.ts';
import {
  needsStaff,
  notifies,
  type OutgoingMessage,
  planApplicationNotifications,
  planProfessionalNotifications,
} from '#shared/domain/notifications/plan.ts';
import { getProcedure } from '#shared/domain/procedures/rules.ts';
import { logger } from '#shared/observability/logger.ts';
import { BUSINESS_METRICS } from '#shared/observability/metric-names.ts';
import { countEvent } from '#shared/observability/metrics.ts';
import { mailer, smsSender } from '../wiring/messaging.ts';
import {
  applications,
  businesses,
  fileMessages,
  geo,
  professionals,
  sentMessages,
  staff,
} from '../wiring/table.ts';

// Typed records: images unmarshalled and checked by the batch processor's parser hook (stream-record.ts).
const processor = new BatchProcessor(EventType.DynamoDBStreams, {
  parser: parseStreamRecord,
  schema: TableItemChange,
  logger,
});

/** Messages sent at once for one event: SES and SNS take this easily, and a retry stays cheap. */
const SEND_CONCURRENCY = 8;

/** The event a message comes from, for the file's message list (none for a professional's account). */
interface Source {
  key: string;
  applicationId?: string;
  type: string;
  at: string;
}

async function sendOnce(source: Source, message: OutgoingMessage): Promise<void> {
  const log = sentMessages();
  if (await log.wasSent(source.key, message.channel, message.dedupeKey)) return;
  const counted = { dimensions: { channel: message.channel } };
  try {
    if (message.sms) await smsSender().send(message.to, message.sms);
    if (message.email) await mailer().send({ to: message.to, ...message.email });
  } catch (error) {
    countEvent(BUSINESS_METRICS.notificationFailed, counted);
    await recordOnFile(source, message, error instanceof Error ? error.name : 'Error');
    throw error;
  }
  countEvent(BUSINESS_METRICS.notificationSent, counted);
  await recordOnFile(source, message);
  await log.markSent(source.key, message.channel, message.dedupeKey);
}

/** Keeps the message on the file's list: SENT, or FAILED with the provider's error (a retry overwrites it). */
async function recordOnFile(source: Source, message: OutgoingMessage, error?: string): Promise<void> {
  if (!source.applicationId) return;
  await fileMessages().record(`${source.key}#${message.channel}#${message.dedupeKey}`, {
    applicationId: source.applicationId,
    eventType: source.type,
    eventAt: source.at,
    kind: message.kind,
    audience: message.audience,
    recipientName: message.recipientName,
    address: maskAddress(message.to),
    channel: message.channel,
    language: message.language,
    summary: message.email?.subject ?? message.sms ?? '',
    status: error ? 'FAILED' : 'SENT',
    ...(error ? { error } : {}),
    at: new Date().toISOString(),
  });
}

async function planFor(image: Record<string, unknown>): Promise<OutgoingMessage[]> {
  if (image.entity !== 'Event' || !notifies(String(image.type))) return [];
  if (typeof image.professionalId === 'string' && parseKeys.isProfessional(image.pk)) {
    const professional = await professionals().get(image.professionalId);
    return professional ? planProfessionalNotifications(String(image.type), professional) : [];
  }
  const event = image as unknown as ApplicationEvent;
  const app = await applications().get(event.applicationId);
  if (!app) return [];
  const [professional, commune, servants] = await Promise.all([
    // A business files for itself: its account holder hears as the professional would.
    app.professionalId.startsWith('biz-')
      ? businesses().get(app.professionalId)
      : professionals().get(app.professionalId),
    geo().getCommune(app.communeId),
    needsStaff(event.type) ? staff().listByProvince(app.provinceId) : [],
  ]);
  return planApplicationNotifications(
    event,
    app,
    professional,
    commune,
    getProcedure(app.procedureCode),
    servants,
  );
}

async function handleRecord(record: TableItemChange): Promise<void> {
  const image = record.dynamodb.NewImage;
  if (record.eventName !== 'INSERT' || !image) return;
  const messages = await planFor(image);
  const source: Source = {
    key: `${image.pk}#${image.sk}`,
    ...(typeof image.applicationId === 'string' ? { applicationId: image.applicationId } : {}),
    type: String(image.type),
    at: String(image.at),
  };
  // A file reaches every desk agent and agency member of its commune: send a few at a time, so one
  // event does not hold the stream shard for a whole province's worth of e-mails in a row.
  // Every message gets its try before the record is failed back for a retry (which skips those sent).
  const failures = await mapLimited(messages, SEND_CONCURRENCY, (message) =>
    sendOnce(source, message).then(
      () => undefined,
      (error: unknown) => error,
    ),
  );
  const failure = failures.find((error) => error !== undefined);
  if (failure !== undefined) throw failure;
  if (messages.length > 0) logger.info('notifications sent', { event: image.type, count: messages.length });
}

export const handler = streamHandler(processor, handleRecord);
