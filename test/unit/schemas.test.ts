import { describe, expect, test } from '@jest/globals';
import {
  ContactInputSchema,
  ContactPatchSchema,
  IncidentReportSchema,
  IsoWeekSchema,
  LinkageInputSchema,
  MeetingInputSchema,
  PhoneSchema,
} from '../../functions/domain/schemas.js';

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('phone numbers', () => {
  test.each(['+919812345678', '+916000000000', '+447700900123', '+14155550100'])('accepts %s', (phone) => {
    expect(PhoneSchema.safeParse(phone).success).toBe(true);
  });
  test.each([
    ['an Indian landline', '+913322334455'],
    ['an Indian mobile with 9 digits', '+91981234567'],
    ['an Indian mobile with 11 digits', '+9198123456789'],
    ['a number without +', '919812345678'],
    ['a local number', '09812345678'],
    ['letters', '+91ABCDEFGHIJ'],
  ])('refuses %s', (_what, phone) => {
    expect(PhoneSchema.safeParse(phone).success).toBe(false);
  });
});

describe('contacts', () => {
  const base = { name: 'Block office', kind: 'block', villages: ['v-hingalganj-1'], language: 'en', phone: '+919812345678' };

  test('a duty bearer needs a phone and villages', () => {
    expect(ContactInputSchema.safeParse(base).success).toBe(true);
    expect(paths(ContactInputSchema.safeParse({ ...base, phone: undefined }))).toEqual(['phone']);
    expect(paths(ContactInputSchema.safeParse({ ...base, villages: [] }))).toEqual(['villages']);
  });

  test('a funder needs an email, not a phone, and may cover the whole programme', () => {
    const funder = { name: 'Programme officer', kind: 'funder', villages: [], language: 'en', email: 'po@example.org' };
    expect(ContactInputSchema.safeParse(funder).success).toBe(true);
    expect(paths(ContactInputSchema.safeParse({ ...funder, email: undefined }))).toEqual(['email']);
  });

  test('a coordinator may have no villages', () => {
    expect(ContactInputSchema.safeParse({ ...base, kind: 'coordinator', villages: [] }).success).toBe(true);
  });

  test('unknown fields, repeated villages and unknown kinds are refused with their paths', () => {
    const result = ContactInputSchema.safeParse({ ...base, kind: 'mayor', villages: ['v-a', 'v-a'], nickname: 'x' });
    expect(paths(result).sort()).toEqual(['', 'kind', 'villages'].sort());
  });

  test('a patch changes at least one known field', () => {
    expect(ContactPatchSchema.safeParse({}).success).toBe(false);
    expect(ContactPatchSchema.safeParse({ active: false }).success).toBe(true);
    expect(ContactPatchSchema.safeParse({ kind: 'police' }).success).toBe(false);
  });
});

describe('incident reports', () => {
  const report = {
    villageId: 'v-hingalganj-1',
    category: 'child_marriage',
    child: { ageBand: '15-17', gender: 'girl' },
    description: 'A marriage is being arranged',
  };

  test('defaults medicalCareNeeded and confidential to false', () => {
    expect(IncidentReportSchema.parse(report)).toMatchObject({ medicalCareNeeded: false, confidential: false });
  });

  test('reports every invalid field by its path', () => {
    const result = IncidentReportSchema.safeParse({
      ...report,
      villageId: 'Not A Slug',
      category: 'bullying',
      child: { ageBand: '18+', gender: 'girl', nickname: 'x' },
      description: '',
      occurredAt: '2026-11-28 18:00',
      location: 'x'.repeat(201),
    });
    expect(paths(result).sort()).toEqual(
      ['villageId', 'category', 'child.ageBand', 'child', 'description', 'occurredAt', 'location'].sort(),
    );
  });

  test('no message echoes the submitted value', () => {
    const secret = 'Rina Khatun 9812345678';
    const result = IncidentReportSchema.safeParse({ ...report, category: secret, child: { ageBand: secret, gender: 'girl', name: 7 } });
    expect(JSON.stringify(result.error?.issues.map((issue) => issue.message))).not.toContain('Rina');
  });

  test('timestamps are UTC ISO 8601', () => {
    expect(IncidentReportSchema.safeParse({ ...report, occurredAt: '2026-11-28T18:00:00.000Z' }).success).toBe(true);
    expect(IncidentReportSchema.safeParse({ ...report, occurredAt: '2026-11-28T23:30:00+05:30' }).success).toBe(false);
  });
});

describe('meetings', () => {
  const meeting = {
    villageId: 'v-hingalganj-1',
    type: 'parenting_workshop',
    heldOn: '2026-11-27',
    attendance: { girls: 0, boys: 0, women: 14, men: 6, dutyBearers: 1 },
    topics: ['positive discipline'],
  };
  test('needs all five attendance counts as whole numbers up to 10000, and 1 to 20 topics', () => {
    expect(MeetingInputSchema.safeParse(meeting).success).toBe(true);
    const result = MeetingInputSchema.safeParse({
      ...meeting,
      attendance: { girls: -1, boys: 1.5, women: 10001, men: 0 },
      topics: [],
    });
    expect(paths(result).sort()).toEqual(
      ['attendance.girls', 'attendance.boys', 'attendance.women', 'attendance.dutyBearers', 'topics'].sort(),
    );
  });
  test('is not dated before 2000', () => {
    expect(paths(MeetingInputSchema.safeParse({ ...meeting, heldOn: '1999-12-31' }))).toEqual(['heldOn']);
  });
});

describe('linkages', () => {
  test('childRef is an opaque code, never a name with spaces', () => {
    const linkage = {
      villageId: 'v-hingalganj-1',
      childRef: 'HG-0042',
      ageBand: '6-11',
      need: 'documentation',
      service: 'Birth certificate',
      consent: { guardian: { given: true, by: 'parent', recordedAt: '2026-11-20T09:00:00.000Z' } },
    };
    expect(LinkageInputSchema.safeParse(linkage).success).toBe(true);
    expect(paths(LinkageInputSchema.safeParse({ ...linkage, childRef: 'Rina Khatun' }))).toEqual(['childRef']);
    expect(paths(LinkageInputSchema.safeParse({ ...linkage, childRef: 'X'.repeat(21) }))).toEqual(['childRef']);
  });
});

test('ISO weeks', () => {
  expect(IsoWeekSchema.safeParse('2026-W48').success).toBe(true);
  expect(IsoWeekSchema.safeParse('2026-W54').success).toBe(false);
  expect(IsoWeekSchema.safeParse('2026-48').success).toBe(false);
});
