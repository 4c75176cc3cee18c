// Narrowing for the measurements: a value a run needs, or a failure naming what was missing.

/** The value, or an error saying which value the measurement expected and did not get. */
export function required<T>(value: T | null | undefined, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}`);
  return value;
}
