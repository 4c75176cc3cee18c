// `npm start`'s console keeps to requests, SMS and jobs: the functions' JSON log lines go to
// .local/function-logs.jsonl, every one of them, and every other line still reaches the console.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, expect, test } from '@jest/globals';
import { divertFunctionLogs } from '../../local/function-logs.js';

const folder = mkdtempSync(join(tmpdir(), 'suraksha-function-logs-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

test('JSON log lines go to the file, in order; console lines stay on the console', () => {
  // Prepare: a console that records what reaches it.
  const shown: string[] = [];
  const console = new Writable({
    write(chunk: Buffer, _encoding, done) {
      shown.push(chunk.toString());
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  const path = join(folder, 'logs', 'function-logs.jsonl');
  const restore = divertFunctionLogs(console, path);

  // Act
  const access = '{"level":"INFO","message":"incident access","access":{"who":"c","action":"list"}}\n';
  const receipts = '{"level":"INFO","message":"SMS delivery receipts","recorded":1}\n';
  let called = false;
  console.write('POST /incidents 201 216 ms\n');
  console.write(access);
  console.write(Buffer.from(receipts), () => {
    called = true;
  });
  console.write('SMS → cmpo …0041 [1 seg] Suraksha C473ZH: Child marriage in Hingalganj (high).\n');
  restore();
  console.write('{"level":"INFO","message":"after restore"}\n');

  // Assess
  expect(readFileSync(path, 'utf8')).toBe(access + receipts);
  expect(called).toBe(true);
  expect(shown).toEqual([
    'POST /incidents 201 216 ms\n',
    'SMS → cmpo …0041 [1 seg] Suraksha C473ZH: Child marriage in Hingalganj (high).\n',
    '{"level":"INFO","message":"after restore"}\n',
  ]);
});
