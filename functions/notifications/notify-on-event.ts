/**
 * Sends the SMS and e-mails of application and professional events, from the table's stream, so a
 * slow SMS provider never fails a submission. A record that fails is reported back (partial batch
 * response) and retried by Lambda; after the retries it lands in the dead-letter queue. A message
 * already sent is remembered, so a retry does not send it twice.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { ApplicationEvent } from '#shared/domain/applications/application.ts';
import {
  NOTIFYING_EVENTS,
  type OutgoingMessage,
  planApplicationNotifications,
  planProfessionalNotifications,
} from '#shared/domain/notifications/plan.ts';
import { getProcedure } from '#shared/domain/procedures/rules.ts';
import { logger } from '#shared/observability/logger.ts';
import { BUSINESS_METRICS } from '#shared/observability/metric-names.ts';
import { countEvent } from '#shared/observability/metrics.ts';
import { mailer, smsSender } from '../wiring/messaging.ts';
import { applications, geo, professionals, sentMessages } from '../wiring/table.ts';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function sendOnce(eventKey: string, message: OutgoingMessage): Promise<void> {
  const log = sentMessages();
  if (await log.wasSent(eventKey, message.channel, message.dedupeKey)) return;
  const counted = { dimensions: { channel: message.channel } };
  try {
    if (message.sms) await smsSender().send(message.to, message.sms);
    if (message.email) await mailer().send({ to: message.to, ...message.email });
  } catch (error) {
    countEvent(BUSINESS_METRICS.notificationFailed, counted);
    throw error;
  }
  countEvent(BUSINESS_METRICS.notificationSent, counted);
  await log.markSent(eventKey, message.channel, message.dedupeKey);
}

async function planFor(image: Record<string, unknown>): Promise<OutgoingMessage[]> {
  if (image.entity !== 'Event' || !NOTIFYING_EVENTS[String(image.type)]) return [];
  if (typeof image.professionalId === 'string' && String(image.pk).startsWith('PROFESSIONAL#')) {
    const professional = await professionals().get(image.professionalId);
    return professional ? planProfessionalNotifications(String(image.type), professional) : [];
  }
  const event = image as unknown as ApplicationEvent;
  const app = await applications().get(event.applicationId);
  if (!app) return [];
  const [professional, commune] = await Promise.all([
    professionals().get(app.professionalId),
    geo().getCommune(app.communeId),
  ]);
  return planApplicationNotifications(event, app, professional, commune, getProcedure(app.procedureCode));
}

async function handleRecord(record: DynamoDBRecord): Promise<void> {
  const newImage = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !newImage) return;
  const image = unmarshall(newImage as Record<string, AttributeValue>);
  const messages = await planFor(image);
  for (const message of messages) await sendOnce(`${image.pk}#${image.sk}`, message);
  if (messages.length > 0) logger.info('notifications sent', { event: image.type, count: messages.length });
}

export const handler = async (event: DynamoDBStreamEvent, context: unknown) =>
  processPartialResponse(event, handleRecord, processor, { context: context as never });
