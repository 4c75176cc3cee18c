// The programme's directory as coordinators keep it, on memory stores (no DynamoDB).
import { beforeEach, describe, expect, test } from '@jest/globals';
import { NotFoundError, VersionConflictError } from '../../../functions/domain/ports.js';
import { Created, Replayed } from '../../../functions/domain/results.js';
import type { ContactInput } from '../../../functions/domain/schemas.js';
import { createContact, listContacts, patchContact, putVillage } from '../../../functions/use-cases/directory.js';
import { FIXED_NOW } from '../../support/memory.js';
import { createdRecord, refusalOf } from '../../support/outcomes.js';
import { OTHER_VILLAGE, VILLAGE } from '../../support/programme.js';
import { programmeWorld, type World } from '../../support/use-case-world.js';

const aContactInput = (overrides: Partial<ContactInput> = {}): ContactInput => ({
  name: 'Sandeshkhali police station',
  kind: 'police',
  villages: [VILLAGE],
  language: 'en',
  phone: '+919800000099',
  smsOptIn: true,
  ...overrides,
});

let world: World;
beforeEach(async () => {
  world = await programmeWorld();
});

describe('putVillage', () => {
  test('a new village is Created, stamped with the clock', async () => {
    const result = await putVillage(world.deps, 'v-sandeshkhali-2', {
      name: 'Sandeshkhali',
      block: 'Sandeshkhali II',
      district: 'North 24 Parganas',
    });
    expect(result).toBeInstanceOf(Created);
    const village = {
      id: 'v-sandeshkhali-2',
      name: 'Sandeshkhali',
      block: 'Sandeshkhali II',
      district: 'North 24 Parganas',
      createdAt: FIXED_NOW.toISOString(),
      updatedAt: FIXED_NOW.toISOString(),
    };
    expect(result).toEqual(new Created({ ...village, warnings: expect.any(Array) }));
    // A new village has nobody to alert yet: its answer warns of every kind its categories need.
    const warned = result instanceof Created ? (result.record.warnings ?? []).map((warning) => warning.kind) : [];
    expect(warned).toEqual(expect.arrayContaining(['panchayat', 'vlcpc', 'cmpo', 'police', 'dcpu']));
    expect(warned).not.toContain('childline');
    expect(await world.deps.directory.getVillage('v-sandeshkhali-2')).toEqual(village);
  });

  test('an existing village is replaced (answered as the village, not Created), keeping when it was created', async () => {
    world.deps.setNow('2026-11-29T00:00:00.000Z');
    const result = await putVillage(world.deps, VILLAGE, {
      name: 'Hingalganj (renamed)',
      block: 'Hingalganj',
      district: 'North 24 Parganas',
    });
    expect(result).not.toBeInstanceOf(Created);
    expect(result).toMatchObject({
      id: VILLAGE,
      name: 'Hingalganj (renamed)',
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-29T00:00:00.000Z',
    });
    expect(await world.deps.directory.getVillage(VILLAGE)).toEqual(result);
  });
});

describe('createContact', () => {
  test('creates an active contact at version 1 with an id from the clock', async () => {
    const contact = createdRecord(await createContact(world.deps, world.callers.coordinator, aContactInput()));
    expect(contact).toMatchObject({ active: true, version: 1, createdAt: FIXED_NOW.toISOString(), kind: 'police' });
    expect(contact.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const { smsOptIn, ...stored } = contact;
    expect(smsOptIn).toBe(true);
    expect(await world.deps.directory.getContact(contact.id)).toEqual(stored);
    const covering = await world.deps.directory.contactsCovering(VILLAGE, ['police']);
    expect(covering.map((c) => c.id)).toContain(contact.id);
  });

  test('a village that is not the programme’s is refused by its position in the list, and nothing is written', async () => {
    const before = world.deps.table.items();
    const refused = await refusalOf(
      createContact(world.deps, world.callers.coordinator, aContactInput({ villages: [VILLAGE, 'v-atlantis'] })),
    );
    expect(refused).toEqual({ kind: 'invalid', path: 'villages.1', message: 'is not a village of the programme' });
    expect(world.deps.table.items()).toEqual(before);
  });

  test('a retry with the same Idempotency-Key is Replayed with the first contact, and nothing more is written', async () => {
    const key = { key: 'contact-retry-01', bodyHash: 'hash-a' };
    const first = createdRecord(await createContact(world.deps, world.callers.coordinator, aContactInput(), key));
    const before = world.deps.table.items();
    const retry = await createContact(world.deps, world.callers.coordinator, aContactInput(), key);
    expect(retry).toEqual(new Replayed(first));
    expect(world.deps.table.items()).toEqual(before);
  });
});

describe('channels', () => {
  const OPT_IN = { optIn: true, optInAt: '2026-11-20T05:00:00.000Z', optInSource: 'written_form' } as const;

  test('a new contact takes SMS and not WhatsApp, and answers smsOptIn beside its channels', async () => {
    // Act
    const contact = createdRecord(await createContact(world.deps, world.callers.coordinator, aContactInput({ smsOptIn: undefined })));

    // Assess
    expect(contact).toMatchObject({ smsOptIn: true, channels: { sms: { optIn: true }, whatsapp: { optIn: false } } });
  });

  test('the first release smsOptIn and channels.sms say the same thing', async () => {
    const byOld = createdRecord(await createContact(world.deps, world.callers.coordinator, aContactInput({ smsOptIn: false })));
    const byNew = createdRecord(
      await createContact(
        world.deps,
        world.callers.coordinator,
        aContactInput({ smsOptIn: undefined, channels: { sms: { optIn: false } } }),
      ),
    );
    expect([byOld.smsOptIn, byOld.channels.sms.optIn, byNew.smsOptIn, byNew.channels.sms.optIn]).toEqual([false, false, false, false]);
  });

  test('a WhatsApp opt-in is recorded with when and how; opting out keeps that record and says when', async () => {
    // Prepare
    const contact = createdRecord(
      await createContact(world.deps, world.callers.coordinator, aContactInput({ channels: { whatsapp: OPT_IN } })),
    );
    expect(contact.channels.whatsapp).toEqual(OPT_IN);

    // Act
    world.deps.setNow('2026-11-29T00:00:00.000Z');
    const next = await patchContact(world.deps, contact.id, { channels: { whatsapp: { optIn: false } } });

    // Assess: SMS untouched, the opt-in's record kept, the opt-out dated.
    expect(next.channels).toEqual({ sms: { optIn: true }, whatsapp: { ...OPT_IN, optIn: false, optOutAt: '2026-11-29T00:00:00.000Z' } });
  });

  test('an opt-in dated in the future is refused by its field, and nothing is written', async () => {
    const before = world.deps.table.items();
    const refused = await refusalOf(
      createContact(
        world.deps,
        world.callers.coordinator,
        aContactInput({ channels: { whatsapp: { ...OPT_IN, optInAt: '2026-12-31T00:00:00.000Z' } } }),
      ),
    );
    expect(refused).toEqual({ kind: 'invalid', path: 'channels.whatsapp.optInAt', message: 'must not be in the future' });
    expect(world.deps.table.items()).toEqual(before);
  });

  test('a contact the first release stored (smsOptIn alone) reads with its channels', async () => {
    // Prepare: the item as the first release wrote it.
    const { panchayat } = world.programme;
    const stored = world.deps.table.items().find((item) => item.PK === `CONTACT#${panchayat.id}` && item.SK === 'CONTACT');
    if (!stored) throw new Error('the programme has its panchayat');
    const { channels: _channels, ...firstRelease } = stored;
    await world.deps.table.write({ put: { ...firstRelease, smsOptIn: false } });

    // Act
    const read = await world.deps.directory.getContact(panchayat.id);

    // Assess
    expect(read?.channels).toEqual({ sms: { optIn: false }, whatsapp: { optIn: false } });
  });
});

describe('patchContact', () => {
  test('changes the fields given, bumps the version and moves the contact between villages', async () => {
    const { panchayat } = world.programme;
    world.deps.setNow('2026-11-29T00:00:00.000Z');
    const next = await patchContact(world.deps, panchayat.id, { villages: [OTHER_VILLAGE], smsOptIn: false }, 1);
    expect(next).toMatchObject({ villages: [OTHER_VILLAGE], smsOptIn: false, version: 2, updatedAt: '2026-11-29T00:00:00.000Z' });
    const { warnings, smsOptIn: _smsOptIn, ...stored } = next;
    expect(stored.channels.sms).toEqual({ optIn: false });
    expect(await world.deps.directory.getContact(panchayat.id)).toEqual(stored);
    // The village it left has no panchayat left to alert: the answer says so.
    expect(warnings).toEqual([{ villageId: VILLAGE, kind: 'panchayat', categories: ['child_marriage'], message: expect.any(String) }]);
    const inVillage = await listContacts(world.deps, { villageId: VILLAGE, kind: 'panchayat' }, { limit: 25 });
    const inOther = await listContacts(world.deps, { villageId: OTHER_VILLAGE, kind: 'panchayat' }, { limit: 25 });
    expect(inVillage.items).toEqual([]);
    expect(inOther.items.map((contact) => contact.id).sort()).toEqual([panchayat.id, world.programme.otherPanchayat.id].sort());
  });

  test('without an expected version the patch applies to the current one', async () => {
    const next = await patchContact(world.deps, world.programme.police.id, { active: false });
    expect(next).toMatchObject({ active: false, version: 2 });
  });

  test('a stale expected version is a VersionConflictError, and the contact is unchanged', async () => {
    const { police } = world.programme;
    await patchContact(world.deps, police.id, { name: 'Renamed' }, 1);
    const before = world.deps.table.items();
    await expect(patchContact(world.deps, police.id, { active: false }, 1)).rejects.toBeInstanceOf(VersionConflictError);
    expect(world.deps.table.items()).toEqual(before);
  });

  test('a patch that breaks a contact rule is refused by field: a panchayat must cover a village', async () => {
    const refused = await refusalOf(patchContact(world.deps, world.programme.panchayat.id, { villages: [] }, 1));
    expect(refused).toEqual({ kind: 'invalid', path: 'villages', message: expect.any(String) });
    expect((await world.deps.directory.getContact(world.programme.panchayat.id))?.villages).toEqual([VILLAGE]);
  });

  test('an unknown village in the patch is refused by position', async () => {
    const refused = await refusalOf(patchContact(world.deps, world.programme.panchayat.id, { villages: ['v-atlantis'] }, 1));
    expect(refused).toEqual({ kind: 'invalid', path: 'villages.0', message: 'is not a village of the programme' });
  });

  test('an unknown contact is not found', async () => {
    await expect(patchContact(world.deps, '01JD0000000000000000000000', { active: false })).rejects.toBeInstanceOf(NotFoundError);
  });
});
