// Names that would mean something else: ids that shadow an object's own properties, weak ETags,
// weeks before the programme, local state readable by other users.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { NotFoundError } from '../../functions/domain/ports.js';
import { VillageIdSchema } from '../../functions/domain/schemas.js';
import type { HttpProblem } from '../../functions/http/kit/problem.js';
import { readIfMatch } from '../../functions/http/kit/request.js';
import { weeklyMetrics } from '../../functions/use-cases/weekly-metrics.js';
import { loadOrCreateLocalSecrets } from '../../local/secrets.js';
import { memoryDependencies } from '../support/memory.js';

describe('village slugs', () => {
  test.each(['constructor', 'hasownproperty', 'tostring', 'valueof', '__proto__'])('%s is refused', (id) => {
    expect(VillageIdSchema.safeParse(id).success).toBe(false);
  });

  test('an ordinary slug is accepted', () => {
    expect(VillageIdSchema.safeParse('v-constructor-para').success).toBe(true);
  });
});

describe('If-Match', () => {
  const withIfMatch = (value: string) => ({ headers: { 'if-match': value } }) as unknown as APIGatewayProxyEventV2;

  test('a strong validator names the version', () => {
    expect(readIfMatch(withIfMatch('"2"'))).toBe(2);
  });

  test('a weak one is 412: it never matches for a change', () => {
    expect(() => readIfMatch(withIfMatch('W/"2"'))).toThrow(expect.objectContaining({ status: 412 }) as unknown as HttpProblem);
  });
});

test('a week before 2020 is not found, and nothing is stored for it', async () => {
  const deps = { ...memoryDependencies(), pricePerSegmentInr: 0.2 };
  await expect(weeklyMetrics(deps, '2019-W52')).rejects.toBeInstanceOf(NotFoundError);
  expect(await deps.metrics.getWeeklyMetrics('2019-W52')).toBeUndefined();
});

test('the local state directory is its owner’s only', () => {
  const directory = join(mkdtempSync(join(tmpdir(), 'suraksha-state-')), '.local');
  loadOrCreateLocalSecrets(join(directory, 'secrets.json'));
  expect(statSync(directory).mode & 0o777).toBe(0o700);
  expect(statSync(join(directory, 'secrets.json')).mode & 0o777).toBe(0o600);
});
