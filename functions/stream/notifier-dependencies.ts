// What the notifier needs besides the SMS port, the same in Lambda and locally.
import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import type { SmsSender, Store } from '../domain/ports.js';
import type { DltTemplateIds } from '../domain/sms/templates.js';
import type { NotifierDependencies } from '../use-cases/notify.js';

/** 12 random bytes: 96 bits in 16 URL-safe characters, short enough for a one-segment SMS. */
export const newAckToken = () => randomBytes(12).toString('base64url');

export function notifierDependencies(options: {
  store: Store;
  sms: SmsSender;
  ackBaseUrl: string;
  dltTemplateIds: DltTemplateIds;
  clock?: () => Date;
}): NotifierDependencies {
  const nextUlid = monotonicFactory();
  return {
    clock: () => new Date(),
    ...options,
    ackBaseUrl: options.ackBaseUrl.replace(/\/+$/, ''),
    newId: (at) => nextUlid(at.getTime()),
    newToken: newAckToken,
  };
}
