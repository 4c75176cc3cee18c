// Reading the parts of an API Gateway HTTP API (v2) request, each refusal a problem+json 4xx.

import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { type FieldError, problems } from './problem.js';

export const MAX_BODY_BYTES = 64 * 1024;
/** 8 to 128 visible ASCII characters (API.md); exported for the OpenAPI document. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,128}$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/** zod issues as `{path, message}` with dotted paths like `child.ageBand`; never the submitted value. */
export function fieldErrors(error: z.core.$ZodError, prefix: string[] = []): FieldError[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      // Field names help a client developer; anything that does not look like one is not echoed.
      const names = issue.keys.filter((key) => FIELD_NAME.test(key));
      const message = names.length === issue.keys.length ? `unknown field(s): ${names.join(', ')}` : 'unknown field(s)';
      return { path: path.join('.'), message };
    }
    return { path: path.join('.'), message: issue.message };
  });
}

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  // API Gateway HTTP APIs lower-case header names; the dev server does the same.
  return event.headers?.[name];
}

/** The raw JSON body as an object, before any schema: 415, 413 or 400 when it is not one. */
export function readJsonObject(event: APIGatewayProxyEventV2): Record<string, unknown> {
  const contentType = header(event, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw problems.tooLarge();
  if (text.trim() === '') throw problems.badRequest('missing-body', 'This request needs a JSON object body.');
  if (contentType !== 'application/json' && !contentType?.endsWith('+json')) throw problems.unsupportedMediaType();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw problems.badRequest('malformed-json', 'The body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw problems.badRequest('not-an-object', 'The body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

export function parseWith<S extends z.ZodMiniType>(schema: S, value: unknown, prefix: string[] = []): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw problems.validation(fieldErrors(result.error, prefix));
  return result.data;
}

/** The version the caller last read, from `If-Match: "<version>"`: missing is 428. */
export function readIfMatch(event: APIGatewayProxyEventV2): number {
  const value = header(event, 'if-match');
  if (value === undefined || value.trim() === '') throw problems.ifMatchRequired();
  const match = /^\s*(W\/)?"(\d{1,9})"\s*$/.exec(value);
  // A weak validator never matches for a change (RFC 9110 13.1.1: If-Match compares strongly).
  if (match?.[1]) throw problems.stale();
  if (!match) {
    throw problems.validation([{ path: 'header.if-match', message: 'must be the ETag of the record, like "3"' }]);
  }
  return Number(match[2]);
}

export function optionalIfMatch(event: APIGatewayProxyEventV2): number | undefined {
  return (header(event, 'if-match') ?? '').trim() === '' ? undefined : readIfMatch(event);
}

export function readIdempotencyKey(event: APIGatewayProxyEventV2): string | undefined {
  const key = header(event, 'idempotency-key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw problems.validation([{ path: 'header.idempotency-key', message: 'must be 8 to 128 visible ASCII characters' }]);
  }
  return key;
}

/** A hash of the body that ignores key order and white space: the same request hashes the same. */
export function bodyHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
