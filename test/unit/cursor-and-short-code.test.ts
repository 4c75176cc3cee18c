import { describe, expect, test } from '@jest/globals';
import { CursorCodec } from '../../functions/adapters/table/cursor.js';
import { InvalidCursorError } from '../../functions/domain/ports.js';
import { generateShortCode, SHORT_CODE_ALPHABET } from '../../functions/domain/short-code.js';
import { required } from '../support/required.js';

describe('cursors', () => {
  const codec = new CursorCodec('a-secret-of-enough-length');
  const key = { PK: 'INCIDENT#01J', SK: 'META', GSI1PK: 'V#v-a#INCIDENT', GSI1SK: '2026-11-28T10:00:00.000Z#01J' };

  test('round-trip for the query they were issued for', () => {
    const cursor = required(codec.encode('query-a', key), 'a cursor');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(codec.decode('query-a', cursor)).toEqual(key);
  });

  test('no more pages, no cursor', () => {
    expect(codec.encode('query-a', undefined)).toBeUndefined();
    expect(codec.decode('query-a', undefined)).toBeUndefined();
  });

  test.each([
    ['issued for another query', (cursor: string) => ({ query: 'query-b', cursor })],
    ['with an edited payload', (cursor: string) => ({ query: 'query-a', cursor: `e${cursor}` })],
    ['with an edited signature', (cursor: string) => ({ query: 'query-a', cursor: `${cursor.slice(0, -1)}A` })],
    ['without a signature', (cursor: string) => ({ query: 'query-a', cursor: required(cursor.split('.')[0], 'the payload part') })],
    [
      'signed with another secret',
      () => ({ query: 'query-a', cursor: required(new CursorCodec('another-secret-of-length').encode('query-a', key), 'a cursor') }),
    ],
  ])('a cursor %s is refused', (_case, tamper) => {
    const { query, cursor } = tamper(required(codec.encode('query-a', key), 'a cursor'));
    expect(() => codec.decode(query, cursor)).toThrow(InvalidCursorError);
  });
});

describe('short codes', () => {
  test('are 6 characters from the unambiguous alphabet', () => {
    expect(SHORT_CODE_ALPHABET).not.toMatch(/[0O1ILU]/);
    let seed = 7;
    const bytes = (size: number) => Uint8Array.from({ length: size }, () => (seed = (seed * 97 + 13) % 256));
    for (let i = 0; i < 200; i++) expect(generateShortCode(bytes)).toMatch(/^[A-HJKMNP-TV-Z2-9]{6}$/);
  });

  test('skip bytes that would bias the alphabet', () => {
    // 240..255 are rejected (256 is not a multiple of 30), so only the trailing zeros are used.
    const bytes = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i < size - 6 ? 250 : 0));
    expect(generateShortCode(bytes)).toBe('AAAAAA');
  });
});
