// The WhatsApp port on AWS End User Messaging Social: one SendWhatsAppMessage per message, from the
// programme's WhatsApp Business phone number, the Meta Cloud API message passed through as JSON.
// Retries and what a failure is called: provider-send.ts.
import { SendWhatsAppMessageCommand, type SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import type { SendResult, WhatsAppOutgoing, WhatsAppSender } from '../../domain/ports.js';
import { ProviderSend, type RetryOptions } from '../provider-send.js';

/** The Graph API version messages are written for (End User Messaging Social passes it to Meta). */
export const DEFAULT_META_API_VERSION = 'v20.0';

export interface SocialMessagingSenderConfig extends RetryOptions {
  /** Create it with `maxAttempts: 1` (and a request timeout), as for SNS. */
  client: SocialMessagingClient;
  /** `phone-number-id-…`: the WhatsApp Business number messages come from. */
  originationPhoneNumberId: string;
  metaApiVersion?: string;
}

/** Refusals that no retry can change, and the reason recorded for each. */
const PERMANENT_REASONS: Record<string, string> = {
  ValidationException: 'invalid_message',
  InvalidParametersException: 'invalid_message',
  AccessDeniedException: 'not_authorized',
  AccessDeniedByMetaException: 'not_authorized',
  ResourceNotFoundException: 'not_configured',
  // Meta's messaging limit for the number: no retry within seconds lifts it; SMS takes over.
  LimitExceededException: 'limit_exceeded',
};

export class SocialMessagingWhatsAppSender implements WhatsAppSender {
  private readonly provider: ProviderSend;

  constructor(private readonly config: SocialMessagingSenderConfig) {
    this.provider = new ProviderSend('whatsapp', PERMANENT_REASONS, config);
  }

  send(outgoing: WhatsAppOutgoing): Promise<SendResult> {
    const command = new SendWhatsAppMessageCommand({
      originationPhoneNumberId: this.config.originationPhoneNumberId,
      metaApiVersion: this.config.metaApiVersion ?? DEFAULT_META_API_VERSION,
      message: new TextEncoder().encode(JSON.stringify(outgoing.message)),
    });
    return this.provider.run(async () => (await this.config.client.send(command)).messageId, { kind: outgoing.kind });
  }
}
