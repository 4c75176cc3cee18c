/** A setting the deployment must provide; a missing one fails the cold start loudly, not a request. */
export function requiredEnvironment(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
