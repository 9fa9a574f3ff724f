import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SmsSender } from '../../domain/notifications/ports.ts';

/** SNS direct SMS, transactional (delivered even to numbers that opted out of promotions). */
export class SnsSmsSender implements SmsSender {
  private readonly client: SNSClient;
  private readonly senderId: string;

  constructor(client: SNSClient, senderId = 'Rukhsa') {
    this.client = client;
    this.senderId = senderId;
  }

  async send(phoneE164: string, text: string): Promise<void> {
    await this.client.send(
      new PublishCommand({
        PhoneNumber: phoneE164,
        Message: text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.senderId },
        },
      }),
    );
  }
}
