// The SMS port on Amazon SNS: one Publish per SMS, with the DLT attributes TRAI requires for Indian
// numbers (DOMAIN.md "SMS in India"). Retries and what a failure is called: provider-send.ts.
import { PublishCommand, type PublishCommandInput, type SNSClient } from '@aws-sdk/client-sns';
import type { SendResult, SmsMessage, SmsSender } from '../../domain/ports.js';
import { ProviderSend, type RetryOptions } from '../provider-send.js';

export interface SnsSmsSenderConfig extends RetryOptions {
  /**
   * Create it with `maxAttempts: 1` (and a request timeout): the SDK's own retries would multiply
   * ours and hide throttling from the backoff here.
   */
  client: SNSClient;
  /** The alphabetic sender id (header) registered on DLT. */
  senderId: string;
  /** The DLT principal entity id. */
  entityId: string;
}

/**
 * Refusals that no retry can change, and the reason recorded for each. There is no opted-out entry:
 * Publish does not answer OptedOutException (SNS models it for the sandbox calls only); a publish
 * to an opted-out number is accepted and fails later, in the SMS delivery status logs. The
 * directory's SMS opt-in is what keeps an opted-out contact from being sent to.
 */
const PERMANENT_REASONS: Record<string, string> = {
  InvalidParameterException: 'invalid_number',
  InvalidParameterValueException: 'invalid_number',
  AuthorizationErrorException: 'not_authorized',
};

export class SnsSmsSender implements SmsSender {
  private readonly provider: ProviderSend;

  constructor(private readonly config: SnsSmsSenderConfig) {
    this.provider = new ProviderSend('sms', PERMANENT_REASONS, config);
  }

  send(message: SmsMessage): Promise<SendResult> {
    return this.provider.run(async () => (await this.config.client.send(new PublishCommand(this.publishInput(message)))).MessageId, {
      incidentId: message.incidentId,
      contactId: message.contactId,
    });
  }

  private publishInput(message: SmsMessage): PublishCommandInput {
    const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
    return {
      PhoneNumber: message.to,
      Message: message.text,
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': attribute('Transactional'),
        'AWS.SNS.SMS.SenderID': attribute(this.config.senderId),
        'AWS.MM.SMS.EntityId': attribute(this.config.entityId),
        'AWS.MM.SMS.TemplateId': attribute(message.dltTemplateId),
      },
    };
  }
}
