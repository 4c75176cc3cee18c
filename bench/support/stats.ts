// Order statistics over samples (nearest rank, so every figure is a value that was measured).

import { required } from '../../test/support/required.js';

export function percentile(values: readonly number[], percent: number): number {
  if (values.length === 0) throw new Error('no samples');
  const sorted = [...values].sort((a, b) => a - b);
  return required(sorted[Math.max(0, Math.ceil((percent / 100) * sorted.length) - 1)], `the sample at the ${percent}th percentile`);
}

export const median = (values: readonly number[]) => percentile(values, 50);

export const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
