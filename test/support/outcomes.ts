// Narrowing a use case's answer in tests: the record a create made, or the refusal it raised.
import { type Refusal, RefusedError } from '../../functions/domain/decision.js';
import { Created, type CreateOutcome } from '../../functions/domain/results.js';

/** The record a create made (a test fails on a replay). */
export function createdRecord<T>(outcome: CreateOutcome<T>): T {
  if (!(outcome instanceof Created)) throw new Error('expected the request to create a record, not replay one');
  return outcome.record;
}

/** The refusal a use case raised (a test fails on success or on any other error). */
export async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RefusedError) return error.refusal;
    throw error;
  }
  throw new Error('expected a RefusedError');
}
