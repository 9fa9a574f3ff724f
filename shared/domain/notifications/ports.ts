import type { MessageRecord } from './message-log.ts';

/** Outbound messages. Adapters: SNS (SMS, transactional) and SES v2 (e-mail). */
export interface SmsSender {
  send(phoneE164: string, text: string): Promise<void>;
}

export interface EmailSender {
  send(message: { to: string; subject: string; text: string; html: string }): Promise<void>;
}

/** Remembers messages already sent, so a retried stream record does not send them twice. */
export interface SentMessageLog {
  wasSent(eventKey: string, channel: string, dedupeKey: string): Promise<boolean>;
  markSent(eventKey: string, channel: string, dedupeKey: string): Promise<void>;
}

/** The messages of each file, kept for the file's message list (docs/review.md). */
export interface MessageLog {
  /** Writes the record under a key stable per event, recipient and channel (a retry overwrites it). */
  record(key: string, message: MessageRecord): Promise<void>;
  list(applicationId: string): Promise<MessageRecord[]>;
}
