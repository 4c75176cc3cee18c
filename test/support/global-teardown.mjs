export default async function globalTeardown() {
  await globalThis.surakshaDynamoDbLocal?.stop();
}
