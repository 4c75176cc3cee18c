// The outcome of a domain rule: either a value, or why the request is refused. Entry points map the
// refusal kinds to HTTP statuses; the domain never knows about HTTP.
export type Refusal =
  | { kind: 'forbidden'; message: string }
  /** The move is not allowed from the record's current state; `problem` names why, when it is not the workflow (a legal hold). */
  | { kind: 'conflict'; message: string; problem?: string }
  /** The request itself is incomplete or inconsistent; `path` names the field. */
  | { kind: 'invalid'; message: string; path: string };

export type Decision<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export const accept = <T>(value: T): Decision<T> => ({ ok: true, value });
export const refuse = <T = never>(refusal: Refusal): Decision<T> => ({ ok: false, refusal });

/** A refusal raised by a use case; the HTTP layer turns it into 403, 409 or 400. */
export class RefusedError extends Error {
  override readonly name = 'RefusedError';
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

export function unwrap<T>(decision: Decision<T>): T {
  if (!decision.ok) throw new RefusedError(decision.refusal);
  return decision.value;
}
