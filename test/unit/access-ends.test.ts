// Access ends with the role (DOMAIN.md "Privacy rules"): a duty bearer deactivated, or moved to
// other villages, loses the incident, its history, its list and its moves at once, with the token
// they still hold; their SMS link answers 410 and changes nothing. A volunteer's reports and a
// provider's linkages follow the same rule.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { AccessEndedError, NotFoundError } from '../../functions/domain/ports.js';
import { confirmAckLink, resolveAckLink } from '../../functions/use-cases/ack-links.js';
import { createLinkage, getLinkage } from '../../functions/use-cases/activities.js';
import { patchContact } from '../../functions/use-cases/directory.js';
import {
  addNote,
  getIncident,
  incidentHistory,
  listIncidents,
  reportIncident,
  transitionIncident,
} from '../../functions/use-cases/incidents.js';
import { FIXED_NOW } from '../support/memory.js';
import { createdRecord } from '../support/outcomes.js';
import { OTHER_VILLAGE, VILLAGE } from '../support/programme.js';
import { aReport, programmeWorld, VIA, type World } from '../support/use-case-world.js';

let world: World;
let incidentId: string;
const TOKEN = 'link-token-0000000000001';

beforeEach(async () => {
  world = await programmeWorld();
  incidentId = createdRecord(await reportIncident(world.deps, world.callers.volunteer, aReport())).id;
  await world.deps.ackLinks.put({
    token: TOKEN,
    incidentId,
    contactId: world.programme.panchayat.id,
    createdAt: FIXED_NOW.toISOString(),
    expiresAt: new Date(FIXED_NOW.getTime() + 7 * 24 * 3600_000).toISOString(),
  });
});

/** Every read and change the panchayat's token could try, each as its outcome. */
async function everythingThePanchayatTries() {
  const settle = (promise: Promise<unknown>) =>
    promise.then(
      () => 'allowed',
      (error: unknown) => (error instanceof Error ? error.name : 'thrown'),
    );
  const caller = world.callers.panchayat;
  return {
    read: await settle(getIncident(world.deps, caller, incidentId, VIA)),
    history: await settle(incidentHistory(world.deps, caller, incidentId, VIA)),
    listed: (await listIncidents(world.deps, caller, {}, { limit: 25 }, VIA)).items.length,
    acknowledge: await settle(transitionIncident(world.deps, caller, incidentId, { to: 'acknowledged' }, 1)),
    note: await settle(addNote(world.deps, caller, incidentId, 'Still here')),
    linkPage: await settle(resolveAckLink(world.deps, TOKEN, FIXED_NOW)),
    linkConfirm: await settle(confirmAckLink(world.deps, TOKEN, FIXED_NOW)),
  };
}

describe('a duty bearer', () => {
  test('while active and covering the village, reads and acts', async () => {
    const tried = await everythingThePanchayatTries();
    expect(tried).toMatchObject({ read: 'allowed', history: 'allowed', listed: 1, acknowledge: 'allowed', note: 'allowed' });
  });

  test.each([
    ['deactivated', { active: false }],
    ['moved to another village', { villages: [OTHER_VILLAGE] }],
  ])('%s: nothing more, at once, whatever token or link it holds, and nothing changes', async (_case, patch) => {
    await patchContact(world.deps, world.programme.panchayat.id, patch);
    const tried = await everythingThePanchayatTries();
    expect(tried).toEqual({
      read: NotFoundError.name,
      history: NotFoundError.name,
      listed: 0,
      acknowledge: NotFoundError.name,
      note: NotFoundError.name,
      linkPage: AccessEndedError.name,
      linkConfirm: AccessEndedError.name,
    });
    const incident = await world.deps.incidents.get(incidentId);
    expect(incident).toMatchObject({ status: 'reported', version: 1, acknowledgements: [] });
  });
});

describe('a volunteer and a provider', () => {
  test('a deactivated volunteer no longer reads their own report, nor reports', async () => {
    await patchContact(world.deps, world.programme.volunteer.id, { active: false });
    await expect(getIncident(world.deps, world.callers.volunteer, incidentId, VIA)).rejects.toBeInstanceOf(NotFoundError);
    await expect(reportIncident(world.deps, world.callers.volunteer, aReport())).rejects.toMatchObject({
      refusal: { kind: 'forbidden' },
    });
  });

  test('a provider moved away no longer reads the linkage', async () => {
    const linkage = createdRecord(
      await createLinkage(world.deps, world.callers.coordinator, {
        villageId: VILLAGE,
        childRef: 'HG-0042',
        ageBand: '6-11',
        need: 'education',
        service: 'Kanyashree enrolment',
        providerContactId: world.programme.panchayat.id,
        consent: { guardian: { given: true, by: 'parent', recordedAt: FIXED_NOW.toISOString() } },
      }),
    );
    expect((await getLinkage(world.deps, world.callers.panchayat, linkage.id, VIA)).id).toBe(linkage.id);
    await patchContact(world.deps, world.programme.panchayat.id, { villages: [OTHER_VILLAGE] });
    await expect(getLinkage(world.deps, world.callers.panchayat, linkage.id, VIA)).rejects.toBeInstanceOf(NotFoundError);
  });
});
