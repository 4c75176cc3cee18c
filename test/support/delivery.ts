// The resilience tests' assertion: every routed recipient of every incident told exactly once (see
// delivery-tally.ts), with the tally returned for what a test checks beyond it.
import { expect } from '@jest/globals';
import type { Stores } from '../../functions/domain/ports.js';
import type { NotificationStatus } from '../../functions/domain/vocabulary.js';
import { type DeliveryTally, tallyDelivery } from './delivery-tally.js';

export async function expectEveryRecipientToldOnce(
  stores: Stores,
  incidentIds: readonly string[],
  outboxPath: string,
  expected?: (contactId: string) => readonly NotificationStatus[],
): Promise<DeliveryTally> {
  const tally = await tallyDelivery(stores, incidentIds, outboxPath, expected);
  expect(tally.problems).toEqual([]);
  expect(tally).toMatchObject({ incidents: incidentIds.length, lost: 0, told: tally.recipients });
  expect(tally.recipients).toBeGreaterThan(0);
  return tally;
}
