// Opaque, authenticated pagination cursors. The cursor carries DynamoDB's LastEvaluatedKey, signed
// with HMAC-SHA256 together with the query it belongs to: a tampered cursor, or one taken from
// another list, is refused rather than trusted as a start key.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCursorError } from '../../domain/ports.js';

type StartKey = Record<string, unknown>;

export class CursorCodec {
  constructor(private readonly secret: string) {
    if (secret.length < 16) throw new Error('the cursor signing secret must be at least 16 characters');
  }

  encode(query: string, lastEvaluatedKey: StartKey | undefined): string | undefined {
    if (!lastEvaluatedKey) return undefined;
    const payload = Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url');
    return `${payload}.${this.sign(query, payload)}`;
  }

  decode(query: string, cursor: string | undefined): StartKey | undefined {
    if (cursor === undefined) return undefined;
    const [payload, signature, extra] = cursor.split('.');
    if (!payload || !signature || extra !== undefined) throw new InvalidCursorError();
    const expected = Buffer.from(this.sign(query, payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new InvalidCursorError();
    try {
      const key: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      if (typeof key !== 'object' || key === null || Array.isArray(key)) throw new InvalidCursorError();
      return key as StartKey;
    } catch {
      throw new InvalidCursorError();
    }
  }

  private sign(query: string, payload: string): string {
    return createHmac('sha256', this.secret).update(query).update('\n').update(payload).digest('base64url');
  }
}
