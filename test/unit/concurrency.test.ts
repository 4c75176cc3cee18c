// Bounded fan-out: never more than the limit in flight, results in the items' order.
import { mapWithConcurrency } from '../../functions/domain/concurrency.js';

/** A task that records how many tasks are in flight, finishing after a few event-loop turns. */
function tracked() {
  let inFlight = 0;
  let peak = 0;
  const started: number[] = [];
  const task = async (item: number, index: number) => {
    started.push(index);
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    // Uneven durations, so that later items finish before earlier ones.
    for (let turn = 0; turn < (item * 7) % 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    inFlight -= 1;
    return item * 10;
  };
  return { task, started, peak: () => peak };
}

describe('mapWithConcurrency', () => {
  test('never has more than the limit in flight, uses all of it, and returns results in order', async () => {
    const items = Array.from({ length: 20 }, (_, index) => index);
    const { task, peak } = tracked();

    await expect(mapWithConcurrency(items, 3, task)).resolves.toEqual(items.map((item) => item * 10));
    expect(peak()).toBe(3);
  });

  test('a limit above the number of items runs them all at once', async () => {
    const { task, peak } = tracked();

    await expect(mapWithConcurrency([1, 2], 10, task)).resolves.toEqual([10, 20]);
    expect(peak()).toBe(2);
  });

  test('no items, no calls', async () => {
    const { task, started } = tracked();

    await expect(mapWithConcurrency([], 4, task)).resolves.toEqual([]);
    expect(started).toEqual([]);
  });

  test('the first rejection rejects the whole and no further item is started', async () => {
    const started: number[] = [];
    const failing = async (item: number) => {
      started.push(item);
      await new Promise((resolve) => setImmediate(resolve));
      if (item === 1) throw new Error('item 1 failed');
      return item;
    };

    await expect(mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, failing)).rejects.toThrow('item 1 failed');
    expect(started).toEqual([0, 1, 2]);
  });

  test.each([0, -1, 1.5, Number.NaN])('refuses the limit %p', async (limit) => {
    await expect(mapWithConcurrency([1], limit, async (item) => item)).rejects.toThrow(RangeError);
  });
});
