// `lazily` stands for a schema until something uses it: it must build it once, on first use, and
// behave as the schema everywhere the schema is used (parsing, composing, OpenAPI, instanceof).
import { expect, test } from '@jest/globals';
import { lazily } from '../../functions/domain/lazily.js';
import * as z from '../../functions/domain/zod.js';

function counted<T>(build: () => T) {
  const calls = { count: 0 };
  return {
    calls,
    build: () => {
      calls.count++;
      return build();
    },
  };
}

test('nothing is built until the schema is used, and it is built once', () => {
  // Prepare
  const { calls, build } = counted(() => z.string().check(z.minLength(2, 'too short')));
  // Act
  const schema = lazily(build);
  const composed = lazily(() => z.object({ name: z.optional(schema) }));
  // Assess
  expect(calls.count).toBe(0);
  expect(composed.safeParse({ name: 'x' }).error?.issues).toEqual([expect.objectContaining({ path: ['name'], message: 'too short' })]);
  expect(schema.parse('xy')).toBe('xy');
  expect(calls.count).toBe(1);
});

test('it composes as the schema does: instanceof, extend, shape, and spread fields', () => {
  // Prepare
  const base = lazily(() => z.strictObject({ id: z.string() }));
  const fields = lazily(() => ({ age: z.int().check(z.minimum(0)) }));
  // Act
  const extended = lazily(() => z.extend(base, { ...fields }));
  // Assess
  expect(base instanceof z.ZodMiniObject).toBe(true);
  expect(Object.keys(base.shape)).toEqual(['id']);
  expect(extended.parse({ id: 'a', age: 3 })).toEqual({ id: 'a', age: 3 });
  expect(extended.safeParse({ id: 'a', age: -1 }).success).toBe(false);
});

test('its metadata reaches OpenAPI, where the schema is used in place', () => {
  // Prepare
  const described = lazily(() => z.int().register(z.globalRegistry, { description: 'A rounded count' }));
  // Act
  const json = z.toJSONSchema(z.object({ count: described }));
  // Assess
  expect(json.properties?.count).toEqual(expect.objectContaining({ type: 'integer', description: 'A rounded count' }));
});
