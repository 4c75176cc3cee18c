// Acknowledgement links in SMS, on memory stores (no DynamoDB): a GET only shows, a POST acknowledges once.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { NotFoundError } from '../../../functions/domain/ports.js';
import type { AckToken, Incident } from '../../../functions/domain/schemas.js';
import { confirmAckLink, resolveAckLink } from '../../../functions/use-cases/ack-links.js';
import { reportIncident } from '../../../functions/use-cases/incidents.js';
import { createdRecord } from '../../support/outcomes.js';
import { required } from '../../support/required.js';
import { aReport, programmeWorld, type World } from '../../support/use-case-world.js';

let world: World;
let incident: Incident;
let token: AckToken;

beforeEach(async () => {
  world = await programmeWorld();
  const reported = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport()));
  incident = required(await world.deps.incidents.get(reported.id), 'the reported incident');
  token = {
    token: 'link-token-0123456',
    incidentId: incident.id,
    contactId: world.programme.panchayat.id,
    createdAt: '2026-11-28T10:00:05.000Z',
    expiresAt: '2026-12-05T10:00:05.000Z',
  };
  await world.deps.ackLinks.put(token);
});

describe('resolveAckLink', () => {
  test('a known, unexpired token names its incident and recipient, and changes nothing', async () => {
    const before = world.deps.table.items();
    const target = await resolveAckLink(world.deps, token.token, new Date('2026-11-28T11:00:00.000Z'));
    expect(target).toEqual({ token, incident, contact: world.programme.panchayat });
    expect(world.deps.table.items()).toEqual(before);
  });

  test('a token at its expiry is not found, even though TTL has not deleted it', async () => {
    await expect(resolveAckLink(world.deps, token.token, new Date(token.expiresAt))).rejects.toBeInstanceOf(NotFoundError);
    expect(await world.deps.ackLinks.get(token.token)).toEqual(token);
  });

  test('an unknown token is not found', async () => {
    await expect(resolveAckLink(world.deps, 'no-such-token-000', new Date('2026-11-28T11:00:00.000Z'))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('confirmAckLink', () => {
  const now = new Date('2026-11-28T11:00:00.000Z');

  test('acknowledges as the contact the link was sent to', async () => {
    const { outcome, target } = await confirmAckLink(world.deps, token.token, now);
    expect(outcome).toBe('acknowledged');
    expect(target.incident).toMatchObject({ status: 'acknowledged', version: 2 });
    expect(await world.deps.incidents.get(incident.id)).toMatchObject({
      status: 'acknowledged',
      version: 2,
      acknowledgements: [
        { at: now.toISOString(), contactId: world.programme.panchayat.id, kind: 'panchayat', by: { role: 'duty_bearer' } },
      ],
    });
    const history = await world.deps.incidents.history(incident.id);
    expect(history.at(-1)).toMatchObject({ from: 'reported', to: 'acknowledged', note: 'Acknowledged through the SMS link' });
  });

  test('a second confirm answers already_acknowledged and writes nothing', async () => {
    await confirmAckLink(world.deps, token.token, now);
    const before = world.deps.table.items();
    const again = await confirmAckLink(world.deps, token.token, new Date('2026-11-28T11:05:00.000Z'));
    expect(again.outcome).toBe('already_acknowledged');
    expect(again.target.incident.version).toBe(2);
    expect(world.deps.table.items()).toEqual(before);
  });

  test('an expired link acknowledges nothing', async () => {
    await expect(confirmAckLink(world.deps, token.token, new Date('2026-12-06T00:00:00.000Z'))).rejects.toBeInstanceOf(NotFoundError);
    expect((await world.deps.incidents.get(incident.id))?.status).toBe('reported');
  });
});
