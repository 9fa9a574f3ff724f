import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EmailSender } from '../../domain/notifications/ports.ts';

/** SES v2 adapter: plain text and HTML, UTF-8 (Arabic and French). */
export class SesEmailSender implements EmailSender {
  private readonly client: SESv2Client;
  private readonly from: string;

  constructor(client: SESv2Client, from: string) {
    this.client = client;
    this.from = from;
  }

  async send(message: { to: string; subject: string; text: string; html: string }): Promise<void> {
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: message.text, Charset: 'UTF-8' },
              Html: { Data: message.html, Charset: 'UTF-8' },
            },
          },
        },
      }),
    );
  }
}
