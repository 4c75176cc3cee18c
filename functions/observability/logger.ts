// One Powertools logger per container. What may be logged is decided where a line is written:
// ids, roles, statuses and error names, never a body, a description, a child's name or a phone.
import { Logger } from '@aws-lambda-powertools/logger';

// No correlationIdSearchFn: JMESPath would add 24 KiB to every bundle to read one field, which
// the HTTP handler reads itself (kit/http-handler.ts).
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'suraksha' });

/** An error as it may be logged: its name and our own message, never its cause or the data it carried. */
export function loggableError(error: unknown): { name: string; message?: string } {
  if (!(error instanceof Error)) return { name: typeof error };
  // SDK and runtime messages can quote request values; only messages we wrote ourselves are kept.
  return error.name === 'Error' || error.name.endsWith('Exception') ? { name: error.name } : { name: error.name, message: error.message };
}
