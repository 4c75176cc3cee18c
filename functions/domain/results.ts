// What use cases answer besides a plain record: the entry points map these to their protocol (the
// HTTP kit to 201), so no use case knows a status code. A refusal is a RefusedError (decision.ts).

/** A record made by this request. */
export class Created<T> {
  constructor(readonly record: T) {}
}

/** A retry of a create (same Idempotency-Key, same body): the answer the first request was given. */
export class Replayed {
  constructor(readonly answer: unknown) {}
}

export type CreateOutcome<T> = Created<T> | Replayed;
