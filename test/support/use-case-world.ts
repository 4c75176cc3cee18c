// A programme on memory stores for use-case tests: the dependencies, the seeded directory, and a
// caller for each person of it, as their verified token would describe them. No DynamoDB.
import type { Caller } from '../../functions/domain/access.js';
import type { IncidentReport } from '../../functions/domain/schemas.js';
import { type MemoryDependencies, type MemoryDependencyOverrides, memoryDependencies } from './memory.js';
import { OTHER_VILLAGE, type Programme, seedProgramme, VILLAGE } from './programme.js';

/** The route a use-case test's read stands for, as its audit records name it. */
export const VIA = 'GET /use-case-test';

export interface World {
  deps: MemoryDependencies;
  programme: Programme;
  callers: {
    coordinator: Caller;
    volunteer: Caller;
    otherVolunteer: Caller;
    panchayat: Caller;
    police: Caller;
    block: Caller;
    funder: Caller;
  };
}

export async function programmeWorld(overrides: MemoryDependencyOverrides = {}): Promise<World> {
  const deps = memoryDependencies(overrides);
  const programme = await seedProgramme(deps);
  const person = (sub: string, role: Caller['role'], contactId: string): Caller => ({ sub, role, villages: [VILLAGE], contactId });
  return {
    deps,
    programme,
    callers: {
      coordinator: { sub: 'sub-coordinator', role: 'coordinator', villages: [] },
      volunteer: person('sub-volunteer', 'volunteer', programme.volunteer.id),
      otherVolunteer: { sub: 'sub-other-volunteer', role: 'volunteer', villages: [VILLAGE, OTHER_VILLAGE] },
      panchayat: person('sub-panchayat', 'duty_bearer', programme.panchayat.id),
      police: person('sub-police', 'duty_bearer', programme.police.id),
      block: person('sub-block', 'duty_bearer', programme.block.id),
      funder: { sub: 'sub-funder', role: 'funder', villages: [] },
    },
  };
}

/** A valid report body as the HTTP layer hands it over (defaults applied). */
export function aReport(overrides: Partial<IncidentReport> = {}): IncidentReport {
  return {
    villageId: VILLAGE,
    category: 'child_marriage',
    child: { ageBand: '15-17', gender: 'girl', name: 'Rina Khatun' },
    description: 'Marriage being arranged for next week',
    location: 'Near the ghat, ward 3',
    medicalCareNeeded: false,
    confidential: false,
    ...overrides,
  };
}
