/**
 * Sends the SMS and e-mails of application and professional events, from the table's stream, so a
 * slow SMS provider never fails a submission. A record that fails is reported back (partial batch
 * response) and retried by Lambda; after the retries it lands in the dead-letter queue. A message
 * already sent is remembered, so a retry does not send it twice.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { SesEmailSender, sesClient } from '#shared/adapters/messaging/email-sender.ts';
import { SnsSmsSender, snsClient } from '#shared/adapters/messaging/sms-sender.ts';
import type { ApplicationEvent } from '#shared/domain/applications/application.ts';
import {
  NOTIFYING_EVENTS,
  type OutgoingMessage,
  planApplicationNotifications,
  planProfessionalNotifications,
} from '#shared/domain/notifications/plan.ts';
import { getProcedure } from '#shared/domain/procedures/rules.ts';
import { logger } from '#shared/observability/logger.ts';
import { applications, geo, professionals } from '../applications/dependencies.ts';

const table = requiredEnv('TABLE_NAME');
const sms = new SnsSmsSender(snsClient);
const mail = new SesEmailSender(sesClient, requiredEnv('EMAIL_FROM'));
const processor = new BatchProcessor(EventType.DynamoDBStreams);
const SENT_MARKER_DAYS = 30;

async function sendOnce(eventKey: string, message: OutgoingMessage): Promise<void> {
  const marker = keys.notificationSent(eventKey, message.channel, message.dedupeKey);
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: table, Key: marker, ConsistentRead: true }),
  );
  if (Item) return;
  if (message.sms) await sms.send(message.to, message.sms);
  if (message.email) await mail.send({ to: message.to, ...message.email });
  await documentClient.send(
    new PutCommand({
      TableName: table,
      Item: {
        ...marker,
        entity: 'NotificationSent',
        expiresAt: Math.floor(Date.now() / 1000) + SENT_MARKER_DAYS * 86400,
      },
    }),
  );
}

async function planFor(image: Record<string, unknown>): Promise<OutgoingMessage[]> {
  if (image.entity !== 'Event' || !NOTIFYING_EVENTS[String(image.type)]) return [];
  if (typeof image.professionalId === 'string' && String(image.pk).startsWith('PROFESSIONAL#')) {
    const professional = await professionals.get(image.professionalId);
    return professional ? planProfessionalNotifications(String(image.type), professional) : [];
  }
  const event = image as unknown as ApplicationEvent;
  const app = await applications.get(event.applicationId);
  if (!app) return [];
  const [professional, commune] = await Promise.all([
    professionals.get(app.professionalId),
    geo.getCommune(app.communeId),
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
