// Villages, contacts, meetings and linkages through their Lambdas, against DynamoDB Local.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { type Claims, call, useFunctionEnvironment } from '../support/lambda.js';
import { OTHER_VILLAGE, type Programme, seedProgramme, VILLAGE } from '../support/programme.js';

let table: TestTable;
let programme: Programme;
beforeAll(async () => {
  table = await createTestTable();
  programme = await seedProgramme(table.stores());
  useFunctionEnvironment(table.tableName);
});
afterAll(async () => {
  await table.drop();
});

const coordinator: Claims = { sub: 'sub-coordinator', role: 'coordinator' };
const volunteer = (): Claims => ({ sub: 'sub-volunteer', role: 'volunteer', villages: [VILLAGE], contactId: programme.volunteer.id });
const funder: Claims = { sub: 'sub-funder', role: 'funder' };

describe('villages', () => {
  test('PUT creates (201) then replaces (200); only a coordinator may; every role may list', async () => {
    const body = { name: 'Sandeshkhali', block: 'Sandeshkhali I', district: 'North 24 Parganas' };
    const created = await call('PUT', '/villages/v-sandeshkhali-1', { claims: coordinator, body });
    expect(created.status).toBe(201);
    const replaced = await call('PUT', '/villages/v-sandeshkhali-1', { claims: coordinator, body: { ...body, notes: 'SMC active' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: 'v-sandeshkhali-1', notes: 'SMC active', createdAt: created.body.createdAt });
    expect((await call('PUT', '/villages/v-sandeshkhali-1', { claims: volunteer(), body })).status).toBe(403);
    expect((await call('PUT', '/villages/Bad_Slug', { claims: coordinator, body })).status).toBe(400);
    const listed = await call('GET', '/villages', { claims: funder });
    expect(listed.body.items.map((village: { id: string }) => village.id)).toContain('v-sandeshkhali-1');
  });
});

describe('contacts', () => {
  const phoneContact = { name: 'ASHA worker', kind: 'health', villages: [VILLAGE], language: 'bn', phone: '+919811112222' };

  test('POST answers 201 with active true and smsOptIn true; only coordinators manage the directory', async () => {
    const created = await call('POST', '/contacts', { claims: coordinator, body: phoneContact });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...phoneContact, active: true, smsOptIn: true, version: 1 });
    expect((await call('POST', '/contacts', { claims: volunteer(), body: phoneContact })).status).toBe(403);
    expect((await call('GET', '/contacts', { claims: volunteer() })).status).toBe(403);
  });

  test('channels: a WhatsApp opt-in is taken with when and how, answered beside smsOptIn, and changed by PATCH', async () => {
    // Act
    const optIn = { optIn: true, optInAt: '2026-11-20T05:00:00.000Z', optInSource: 'in_person' };
    const created = await call('POST', '/contacts', {
      claims: coordinator,
      body: { ...phoneContact, name: 'ANM', channels: { whatsapp: optIn } },
    });
    const patched = await call('PATCH', `/contacts/${created.body.id}`, {
      claims: coordinator,
      body: { channels: { sms: { optIn: false } } },
    });

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ smsOptIn: true, channels: { sms: { optIn: true }, whatsapp: optIn } });
    expect(patched.body).toMatchObject({ smsOptIn: false, channels: { sms: { optIn: false }, whatsapp: optIn } });
  });

  test('channels: an opt-in without when and how, or smsOptIn against channels.sms, is 400 by path, and nothing is written', async () => {
    const withoutWhen = await call('POST', '/contacts', {
      claims: coordinator,
      body: { ...phoneContact, name: 'No date', channels: { whatsapp: { optIn: true } } },
    });
    const disagreeing = await call('POST', '/contacts', {
      claims: coordinator,
      body: { ...phoneContact, name: 'Disagrees', smsOptIn: true, channels: { sms: { optIn: false } } },
    });
    expect(withoutWhen.status).toBe(400);
    expect(withoutWhen.body.errors).toEqual([
      { path: 'channels.whatsapp.optInAt', message: expect.stringContaining('when') },
      { path: 'channels.whatsapp.optInSource', message: expect.stringContaining('how') },
    ]);
    expect(disagreeing.body.errors).toEqual([{ path: 'smsOptIn', message: 'must agree with channels.sms.optIn' }]);
    const listed = await call('GET', '/contacts', { claims: coordinator, query: { kind: 'health' } });
    expect(listed.body.items.map((contact: { name: string }) => contact.name)).not.toEqual(
      expect.arrayContaining(['No date', 'Disagrees']),
    );
  });

  test('refuses a landline, a missing phone, an unknown village, and a funder without email, by path', async () => {
    const landline = await call('POST', '/contacts', { claims: coordinator, body: { ...phoneContact, phone: '+913322334455' } });
    expect(landline.body.errors).toEqual([{ path: 'phone', message: expect.stringContaining('mobile') }]);
    const { phone: _phone, ...noPhone } = phoneContact;
    expect((await call('POST', '/contacts', { claims: coordinator, body: noPhone })).body.errors[0].path).toBe('phone');
    const nowhere = await call('POST', '/contacts', { claims: coordinator, body: { ...phoneContact, villages: [VILLAGE, 'v-nowhere'] } });
    expect(nowhere.body.errors).toEqual([{ path: 'villages.1', message: expect.any(String) }]);
    const funderContact = await call('POST', '/contacts', {
      claims: coordinator,
      body: { name: 'PO', kind: 'funder', villages: [], language: 'en' },
    });
    expect(funderContact.body.errors[0].path).toBe('email');
  });

  test('lists by village and kind, and PATCH changes villages, opt-in and activity with optional If-Match', async () => {
    const created = await call('POST', '/contacts', { claims: coordinator, body: { ...phoneContact, name: 'PHC Hingalganj' } });
    const byVillageAndKind = await call('GET', '/contacts', { claims: coordinator, query: { villageId: VILLAGE, kind: 'health' } });
    expect(byVillageAndKind.body.items.map((contact: { id: string }) => contact.id)).toContain(created.body.id);

    const patched = await call('PATCH', `/contacts/${created.body.id}`, {
      claims: coordinator,
      body: { villages: [OTHER_VILLAGE], smsOptIn: false },
      headers: { 'if-match': '"1"' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ villages: [OTHER_VILLAGE], smsOptIn: false, version: 2 });
    expect(patched.headers.etag).toBe('"2"');
    const moved = await call('GET', '/contacts', { claims: coordinator, query: { villageId: VILLAGE, kind: 'health' } });
    expect(moved.body.items.map((contact: { id: string }) => contact.id)).not.toContain(created.body.id);

    expect(
      (
        await call('PATCH', `/contacts/${created.body.id}`, {
          claims: coordinator,
          body: { active: false },
          headers: { 'if-match': '"1"' },
        })
      ).status,
    ).toBe(412);
    expect((await call('PATCH', `/contacts/${created.body.id}`, { claims: coordinator, body: { kind: 'police' } })).status).toBe(400);
    expect((await call('PATCH', '/contacts/01JD0000000000000000000000', { claims: coordinator, body: { active: false } })).status).toBe(
      404,
    );
  });
});

describe('meetings', () => {
  const meeting = {
    villageId: VILLAGE,
    type: 'parenting_workshop',
    heldOn: '2026-11-27',
    attendance: { girls: 0, boys: 0, women: 14, men: 6, dutyBearers: 1 },
    topics: ['positive discipline'],
  };

  test('a volunteer records one in their village and lists it; not elsewhere; not in the future', async () => {
    const recorded = await call('POST', '/meetings', {
      claims: volunteer(),
      body: meeting,
      headers: { 'idempotency-key': 'meeting-key-001' },
    });
    expect(recorded.status).toBe(201);
    const again = await call('POST', '/meetings', {
      claims: volunteer(),
      body: meeting,
      headers: { 'idempotency-key': 'meeting-key-001' },
    });
    expect(again.body).toEqual(recorded.body);
    expect((await call('POST', '/meetings', { claims: volunteer(), body: { ...meeting, villageId: OTHER_VILLAGE } })).status).toBe(403);
    const future = await call('POST', '/meetings', { claims: coordinator, body: { ...meeting, heldOn: '2999-01-01' } });
    expect(future.body.errors).toEqual([{ path: 'heldOn', message: 'must not be in the future' }]);

    const listed = await call('GET', '/meetings', { claims: volunteer(), query: { from: '2026-11-01', to: '2026-11-30' } });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([recorded.body.id]);
    expect((await call('GET', '/meetings', { claims: volunteer(), query: { villageId: OTHER_VILLAGE } })).status).toBe(403);
    expect((await call('GET', '/meetings', { claims: funder })).status).toBe(403);
  });
});

describe('linkages', () => {
  const linkage = () => ({
    villageId: VILLAGE,
    childRef: 'HG-0042',
    ageBand: '12-14',
    need: 'documentation',
    service: 'Birth certificate',
    providerContactId: programme.panchayat.id,
    consent: {
      guardian: { given: true, by: 'parent', recordedAt: '2026-11-20T09:00:00.000Z' },
      childAssent: { given: true, recordedAt: '2026-11-20T09:05:00.000Z' },
    },
  });
  const provider = (): Claims => ({ sub: 'sub-panchayat', role: 'duty_bearer', villages: [VILLAGE], contactId: programme.panchayat.id });

  test('identified → referred (coordinator) → in_progress → fulfilled (the provider), with ETags', async () => {
    const created = await call('POST', '/linkages', { claims: volunteer(), body: linkage() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'identified', version: 1 });
    const id = created.body.id as string;

    expect(
      (await call('POST', `/linkages/${id}/transitions`, { claims: provider(), body: { to: 'referred' }, headers: { 'if-match': '"1"' } }))
        .status,
    ).toBe(403);
    const referred = await call('POST', `/linkages/${id}/transitions`, {
      claims: coordinator,
      body: { to: 'referred' },
      headers: { 'if-match': '"1"' },
    });
    expect(referred.headers.etag).toBe('"2"');
    const inProgress = await call('POST', `/linkages/${id}/transitions`, {
      claims: provider(),
      body: { to: 'in_progress' },
      headers: { 'if-match': '"2"' },
    });
    expect(inProgress.status).toBe(200);
    const fulfilled = await call('POST', `/linkages/${id}/transitions`, {
      claims: provider(),
      body: { to: 'fulfilled' },
      headers: { 'if-match': '"3"' },
    });
    expect(fulfilled.body.status).toBe('fulfilled');
    expect(
      (await call('POST', `/linkages/${id}/transitions`, { claims: coordinator, body: { to: 'referred' }, headers: { 'if-match': '"4"' } }))
        .status,
    ).toBe(409);

    const providerList = await call('GET', '/linkages', { claims: provider(), query: { status: 'fulfilled' } });
    expect(providerList.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
    expect((await call('GET', `/linkages/${id}`, { claims: provider() })).headers.etag).toBe('"4"');
    const stranger = { sub: 'sub-police', role: 'duty_bearer', villages: [VILLAGE], contactId: programme.police.id };
    expect((await call('GET', `/linkages/${id}`, { claims: stranger })).status).toBe(404);
  });

  test('a referral without consent is refused; a child is never named in childRef; the provider must be a duty bearer', async () => {
    const noConsent = await call('POST', '/linkages', {
      claims: coordinator,
      body: {
        ...linkage(),
        consent: {
          guardian: { given: false, by: 'parent', recordedAt: '2026-11-20T09:00:00.000Z' },
          childAssent: { given: true, recordedAt: '2026-11-20T09:05:00.000Z' },
        },
      },
    });
    const refused = await call('POST', `/linkages/${noConsent.body.id}/transitions`, {
      claims: coordinator,
      body: { to: 'referred' },
      headers: { 'if-match': '"1"' },
    });
    expect(refused.status).toBe(409);
    expect(
      (await call('POST', '/linkages', { claims: coordinator, body: { ...linkage(), childRef: 'Rina Khatun' } })).body.errors[0].path,
    ).toBe('childRef');
    const notDutyBearer = await call('POST', '/linkages', {
      claims: coordinator,
      body: { ...linkage(), providerContactId: programme.volunteer.id },
    });
    expect(notDutyBearer.body.errors).toEqual([{ path: 'providerContactId', message: expect.any(String) }]);
  });

  test('consent withdrawn by the volunteer who recorded it: the linkage ends, its provider is to be told, and a retry changes nothing', async () => {
    // Prepare
    const created = await call('POST', '/linkages', { claims: volunteer(), body: linkage() });
    const id = created.body.id as string;

    // Act
    const withdrawn = await call('POST', `/linkages/${id}/consent-withdrawal`, { claims: volunteer(), body: { by: 'guardian' } });
    const again = await call('POST', `/linkages/${id}/consent-withdrawal`, { claims: volunteer(), body: { by: 'guardian' } });

    // Assess
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({
      status: 'unable',
      version: 2,
      consent: { withdrawal: { by: 'guardian', recordedBy: { sub: 'sub-volunteer', role: 'volunteer' } } },
      providerToBeTold: { contactId: programme.panchayat.id, reason: 'consent_withdrawn' },
    });
    expect(again.body).toEqual(withdrawn.body);
    const referral = await call('POST', `/linkages/${id}/transitions`, {
      claims: coordinator,
      body: { to: 'referred' },
      headers: { 'if-match': '"2"' },
    });
    expect(referral.status).toBe(409);
    const history = await table.stores().activities.linkageHistory(id);
    expect(history.map((entry) => entry.event ?? entry.to)).toEqual(['identified', 'consent_withdrawn']);
  });
});
