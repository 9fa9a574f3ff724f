/** E-mail (SES) and SMS (SNS). See once.ts for how the wiring is built. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { awsClientConfig } from '#shared/adapters/aws-config.ts';
import { SesEmailSender } from '#shared/adapters/messaging/email-sender.ts';
import { SnsSmsSender } from '#shared/adapters/messaging/sms-sender.ts';
import { env } from '#shared/environment.ts';
import { once } from './once.ts';

export const mailer = /* @__PURE__ */ once(
  () => new SesEmailSender(new SESv2Client(awsClientConfig()), env('EMAIL_FROM')),
);
export const smsSender = /* @__PURE__ */ once(() => new SnsSmsSender(new SNSClient(awsClientConfig())));
