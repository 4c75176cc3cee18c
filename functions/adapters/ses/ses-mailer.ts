// The email port on SES v2 (SendEmail, simple content with HTML and text parts).
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EmailMessage, Mailer } from '../../domain/ports.js';

export interface SesMailerConfig {
  client: SESv2Client;
  /** A verified SES identity, e.g. "Suraksha <summary@ngo.example.org>". */
  from: string;
  configurationSetName?: string;
}

export class SesMailer implements Mailer {
  constructor(private readonly config: SesMailerConfig) {}

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    const result = await this.config.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.config.from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Html: { Data: message.html, Charset: 'UTF-8' },
              Text: { Data: message.text, Charset: 'UTF-8' },
            },
          },
        },
        ...(this.config.configurationSetName ? { ConfigurationSetName: this.config.configurationSetName } : {}),
      }),
    );
    if (!result.MessageId) throw new Error('SES accepted the email without a message id');
    return { messageId: result.MessageId };
  }
}
