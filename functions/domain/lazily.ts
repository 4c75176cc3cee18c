// Schemas built the first time they are used. Every module of schemas used to build all of them at
// import, in every Lambda: about 13 ms of each HTTP cold start (npm run bench), for routes the Lambda
// never serves. Wrapped in `lazily`, a Lambda builds only what its requests touch, once.
import * as z from './zod.js';

/**
 * Stands for what `build` returns, and builds it on the first property read: a schema, or an object
 * of schemas to spread into others. Its type is the built value's, so nothing else changes.
 */
export function lazily<T extends object>(build: () => T): T {
  let built: T | undefined;
  const value = (): T => {
    if (built === undefined) {
      built = build();
      // zod keys a schema's metadata (its description) by the schema object; the stand-in is what
      // others hold, so it carries the metadata too, for the OpenAPI document.
      const meta = built instanceof z.ZodMiniType ? z.globalRegistry.get(built) : undefined;
      if (meta) z.globalRegistry.add(standIn as z.core.$ZodType, meta);
    }
    return built;
  };
  const standIn = new Proxy({} as T, {
    get: (_, key) => Reflect.get(value(), key),
    has: (_, key) => Reflect.has(value(), key),
    // Spreading `{ ...fields }` reads its own keys.
    ownKeys: () => Reflect.ownKeys(value()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(value(), key);
      // A proxy may not report a property its (empty) target lacks as non-configurable.
      return descriptor && { ...descriptor, configurable: true };
    },
  });
  return standIn;
}
