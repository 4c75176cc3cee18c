// Narrowing for tests, instead of non-null assertions: a missing value fails the test by name.

/** The value, or a thrown error naming what was expected. */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}`);
  return value;
}
