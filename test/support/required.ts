// Narrowing for tests and the bench: a value they need, or a failure naming what was missing (never a silent `?.`).

/** The value, or an error saying which value a test expected and did not get. */
export function required<T>(value: T | null | undefined, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}`);
  return value;
}
