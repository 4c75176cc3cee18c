export default async function globalTeardown() {
  await Promise.all((globalThis.surakshaDynamoDbLocals ?? []).map((instance) => instance.stop()));
}
