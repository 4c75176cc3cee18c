// Meetings and service linkages recorded from the field, on memory stores (no DynamoDB).
import { beforeEach, describe, expect, test } from '@jest/globals';
import type { Caller } from '../../../functions/domain/access.js';
import { NotFoundError, VersionConflictError } from '../../../functions/domain/ports.js';
import type { Linkage, LinkageInput, MeetingInput } from '../../../functions/domain/schemas.js';
import {
  createLinkage,
  getLinkage,
  listLinkages,
  listMeetings,
  recordMeeting,
  transitionLinkage,
} from '../../../functions/use-cases/activities.js';
import { createdRecord, refusalOf } from '../../support/outcomes.js';
import { OTHER_VILLAGE, VILLAGE } from '../../support/programme.js';
import { programmeWorld, VIA, type World } from '../../support/use-case-world.js';

const aMeetingInput = (overrides: Partial<MeetingInput> = {}): MeetingInput => ({
  villageId: VILLAGE,
  type: 'parenting_workshop',
  heldOn: '2026-11-27',
  attendance: { girls: 0, boys: 0, women: 14, men: 6, dutyBearers: 1 },
  topics: ['positive discipline'],
  ...overrides,
});

const aLinkageInput = (overrides: Partial<LinkageInput> = {}): LinkageInput => ({
  villageId: VILLAGE,
  childRef: 'HG-0042',
  ageBand: '6-11',
  need: 'documentation',
  service: 'Birth certificate from the Panchayat',
  consent: { guardian: { given: true, by: 'parent', recordedAt: '2026-11-20T09:00:00.000Z' } },
  ...overrides,
});

let world: World;
beforeEach(async () => {
  world = await programmeWorld();
});

describe('recordMeeting', () => {
  test('a volunteer records a meeting of their village, stamped with who and when', async () => {
    const meeting = createdRecord(await recordMeeting(world.deps, world.callers.volunteer, aMeetingInput()));
    expect(meeting).toMatchObject({
      heldOn: '2026-11-27',
      recordedBy: { sub: 'sub-volunteer', role: 'volunteer' },
      createdAt: '2026-11-28T10:00:00.000Z',
    });
    const listed = await listMeetings(world.deps, world.callers.volunteer, {}, { limit: 25 });
    expect(listed.items).toEqual([meeting]);
  });

  test('a meeting dated after today in Asia/Kolkata is refused, and nothing is written', async () => {
    const before = world.deps.table.items();
    const refused = await refusalOf(recordMeeting(world.deps, world.callers.volunteer, aMeetingInput({ heldOn: '2026-11-29' })));
    expect(refused).toEqual({ kind: 'invalid', path: 'heldOn', message: 'must not be in the future' });
    expect(world.deps.table.items()).toEqual(before);
  });

  test('after midnight in Kolkata (still the day before in UTC) today’s meeting is accepted', async () => {
    world.deps.setNow('2026-11-28T19:00:00.000Z'); // 00:30 on the 29th in Kolkata
    const meeting = createdRecord(await recordMeeting(world.deps, world.callers.volunteer, aMeetingInput({ heldOn: '2026-11-29' })));
    expect(meeting.heldOn).toBe('2026-11-29');
  });

  test('a village not on the volunteer’s token is forbidden', async () => {
    const refused = await refusalOf(recordMeeting(world.deps, world.callers.volunteer, aMeetingInput({ villageId: OTHER_VILLAGE })));
    expect(refused.kind).toBe('forbidden');
  });

  test('a village that is not the programme’s is refused by path', async () => {
    const refused = await refusalOf(recordMeeting(world.deps, world.callers.coordinator, aMeetingInput({ villageId: 'v-atlantis' })));
    expect(refused).toEqual({ kind: 'invalid', path: 'villageId', message: 'is not a village of the programme' });
  });

  test('a coordinator lists the meetings of every village, newest first', async () => {
    const here = createdRecord(await recordMeeting(world.deps, world.callers.coordinator, aMeetingInput({ heldOn: '2026-11-20' })));
    const there = createdRecord(
      await recordMeeting(world.deps, world.callers.coordinator, aMeetingInput({ villageId: OTHER_VILLAGE, heldOn: '2026-11-25' })),
    );
    const listed = await listMeetings(world.deps, world.callers.coordinator, {}, { limit: 25 });
    expect(listed.items.map((meeting) => meeting.id)).toEqual([there.id, here.id]);
    const volunteers = await listMeetings(world.deps, world.callers.volunteer, {}, { limit: 25 });
    expect(volunteers.items.map((meeting) => meeting.id)).toEqual([here.id]);
  });
});

describe('createLinkage', () => {
  test('a linkage naming a duty bearer as provider is created identified, with its first history entry', async () => {
    const linkage = createdRecord(
      await createLinkage(world.deps, world.callers.volunteer, aLinkageInput({ providerContactId: world.programme.panchayat.id })),
    );
    expect(linkage).toMatchObject({ status: 'identified', version: 1, providerContactId: world.programme.panchayat.id });
    expect(await world.deps.activities.getLinkage(linkage.id)).toEqual(linkage);
    const history = await world.deps.metrics.listHistoryInVillage(VILLAGE, {}, { limit: 25 });
    expect(history.items).toEqual([expect.objectContaining({ entity: 'linkage', entityId: linkage.id, from: null, to: 'identified' })]);
  });

  test.each([
    ['a volunteer contact', (w: World) => w.programme.volunteer.id],
    ['a coordinator contact', (w: World) => w.programme.coordinator.id],
    ['an unknown contact', () => '01JD0000000000000000000000'],
  ])('a provider that is %s is refused by path, and nothing is written', async (_case, provider) => {
    const before = world.deps.table.items();
    const refused = await refusalOf(
      createLinkage(world.deps, world.callers.volunteer, aLinkageInput({ providerContactId: provider(world) })),
    );
    expect(refused).toEqual({ kind: 'invalid', path: 'providerContactId', message: 'must be a duty bearer in the directory' });
    expect(world.deps.table.items()).toEqual(before);
  });

  test('a village not on the volunteer’s token is forbidden', async () => {
    const refused = await refusalOf(createLinkage(world.deps, world.callers.volunteer, aLinkageInput({ villageId: OTHER_VILLAGE })));
    expect(refused.kind).toBe('forbidden');
  });
});

describe('linkage visibility', () => {
  let provided: Linkage;
  let unprovided: Linkage;
  let elsewhere: Linkage;
  const otherVillageVolunteer: Caller = { sub: 'sub-haroa-volunteer', role: 'volunteer', villages: [OTHER_VILLAGE] };

  beforeEach(async () => {
    const { deps, callers, programme } = world;
    provided = createdRecord(await createLinkage(deps, callers.volunteer, aLinkageInput({ providerContactId: programme.panchayat.id })));
    deps.setNow('2026-11-28T11:00:00.000Z');
    unprovided = createdRecord(await createLinkage(deps, callers.volunteer, aLinkageInput({ childRef: 'HG-0043' })));
    deps.setNow('2026-11-28T12:00:00.000Z');
    elsewhere = createdRecord(
      await createLinkage(
        deps,
        callers.coordinator,
        aLinkageInput({ villageId: OTHER_VILLAGE, providerContactId: programme.panchayat.id }),
      ),
    );
  });

  test('a coordinator lists every linkage of the programme, newest first', async () => {
    const listed = await listLinkages(world.deps, world.callers.coordinator, {}, { limit: 25 }, VIA);
    expect(listed.items.map((linkage) => linkage.id)).toEqual([elsewhere.id, unprovided.id, provided.id]);
  });

  test('a volunteer lists the linkages of their villages', async () => {
    const listed = await listLinkages(world.deps, world.callers.volunteer, {}, { limit: 25 }, VIA);
    expect(listed.items.map((linkage) => linkage.id)).toEqual([unprovided.id, provided.id]);
  });

  test('a duty bearer lists only the linkages they provide in the villages they cover, narrowed to a village on request', async () => {
    // The panchayat provides one in Haroa too, but covers only Hingalganj: access ends with the village.
    const all = await listLinkages(world.deps, world.callers.panchayat, {}, { limit: 25 }, VIA);
    expect(all.items.map((linkage) => linkage.id)).toEqual([provided.id]);
    const here = await listLinkages(world.deps, world.callers.panchayat, { villageId: VILLAGE }, { limit: 25 }, VIA);
    expect(here.items.map((linkage) => linkage.id)).toEqual([provided.id]);
  });

  test('a duty bearer who provides none lists nothing', async () => {
    const listed = await listLinkages(world.deps, world.callers.police, {}, { limit: 25 }, VIA);
    expect(listed.items).toEqual([]);
  });

  test('reading one: the provider may, another duty bearer and another village’s volunteer are told it does not exist', async () => {
    expect(await getLinkage(world.deps, world.callers.panchayat, provided.id, VIA)).toEqual(provided);
    await expect(getLinkage(world.deps, world.callers.police, provided.id, VIA)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getLinkage(world.deps, otherVillageVolunteer, provided.id, VIA)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getLinkage(world.deps, world.callers.funder, provided.id, VIA)).rejects.toBeInstanceOf(NotFoundError);
  });

  test('a coordinator refers it, then the provider moves it on; a stale version is a conflict', async () => {
    const referred = await transitionLinkage(world.deps, world.callers.coordinator, provided.id, { to: 'referred' }, 1);
    expect(referred).toMatchObject({ status: 'referred', version: 2 });
    const inProgress = await transitionLinkage(
      world.deps,
      world.callers.panchayat,
      provided.id,
      { to: 'in_progress', note: 'Papers filed' },
      2,
    );
    expect(inProgress).toMatchObject({ status: 'in_progress', version: 3 });
    await expect(transitionLinkage(world.deps, world.callers.panchayat, provided.id, { to: 'fulfilled' }, 2)).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    expect(await world.deps.activities.getLinkage(provided.id)).toEqual(inProgress);
  });

  test('the provider may not refer: that is the programme’s decision', async () => {
    const refused = await refusalOf(transitionLinkage(world.deps, world.callers.panchayat, provided.id, { to: 'referred' }, 1));
    expect(refused.kind).toBe('forbidden');
    expect((await world.deps.activities.getLinkage(provided.id))?.status).toBe('identified');
  });
});
