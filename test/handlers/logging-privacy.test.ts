// Privacy is a feature: no child's name, description, location or phone number in any log line,
// whatever a client sends and however a request fails. Every read of an incident leaves an audit record,
// which holds none of them either.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { DEFAULT_RETENTION } from '../../functions/domain/retention.js';
import type { Dependencies } from '../../functions/use-cases/dependencies.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';
import { type Claims, type Handler, httpEvent, invoke, useFunctionEnvironment } from '../support/lambda.js';
import { captureProcessOutput, type ProcessOutput } from '../support/process-output.js';
import { type Programme, seedProgramme, VILLAGE } from '../support/programme.js';

const CHILD = 'Rina Khatun';
const PHONE = '9812345678';
const PLACE = 'behind the madrasa on Station Road';
const hostileBody = {
  villageId: VILLAGE,
  category: 'child_marriage',
  child: { ageBand: '15-17', gender: 'girl', name: CHILD },
  description: `${CHILD} will be married; her uncle's number is +91${PHONE}`,
  location: PLACE,
};

let table: TestTable;
let programme: Programme;
let write: Handler;
let read: Handler;
let output: ProcessOutput;

beforeAll(async () => {
  table = await createTestTable();
  programme = await seedProgramme(table.stores());
  useFunctionEnvironment(table.tableName);
  // The suite runs handlers silent; this test needs every line they would write in Lambda.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  write = (await import('../../functions/http/incidents-write.js')).handler as unknown as Handler;
  read = (await import('../../functions/http/incidents-read.js')).handler as unknown as Handler;
  output = captureProcessOutput();
});
afterAll(async () => {
  output.restore();
  await table.drop();
});

test('a hostile incident travels through every route and every failure without reaching a log line', async () => {
  const volunteer: Claims = { sub: 'sub-volunteer', role: 'volunteer', villages: [VILLAGE], contactId: programme.volunteer.id };
  const coordinator: Claims = { sub: 'sub-coordinator', role: 'coordinator' };

  // Prepare and Act: a valid report, then malformed, invalid and refused variants of it.
  const created = await invoke(write, httpEvent('http/post-incident.json', { claims: volunteer, body: hostileBody }));
  expect(created.status).toBe(201);
  const id: string = created.body.id;
  const refused = [
    httpEvent('http/post-incident.json', { claims: volunteer, body: `${JSON.stringify(hostileBody).slice(0, -5)} ${CHILD}` }),
    httpEvent('http/post-incident.json', { claims: volunteer, body: { ...hostileBody, category: CHILD, colour: PHONE, [CHILD]: PLACE } }),
    httpEvent('http/post-incident.json', { claims: volunteer, body: { ...hostileBody, occurredAt: '2999-01-01T00:00:00.000Z' } }),
    httpEvent('http/post-incident.json', { claims: volunteer, body: { ...hostileBody, villageId: 'v-haroa-1' } }),
    httpEvent('http/post-incident.json', {
      claims: volunteer,
      body: hostileBody,
      headers: { 'content-type': `text/plain; name=${CHILD}` },
    }),
  ];
  for (const event of refused) {
    const response = await invoke(write, event);
    expect(response.status).toBeGreaterThanOrEqual(400);
    for (const secret of [CHILD, PHONE, PLACE]) expect(JSON.stringify(response.body)).not.toContain(secret);
  }
  await invoke(read, httpEvent('http/get-incident.json', { claims: coordinator, id }));
  await invoke(
    write,
    httpEvent('http/post-transition.json', {
      claims: coordinator,
      id,
      body: { to: 'unverified', note: `${CHILD} moved to ${PLACE}` },
      headers: { 'if-match': '"1"' },
    }),
  );

  // A store that fails with the child's data in its error: the 500 and its log line stay clean.
  const failingStore = new Proxy(
    {},
    {
      get: () => async () => {
        throw Object.assign(new Error(`write failed for ${CHILD} at ${PLACE}`), { cause: hostileBody });
      },
    },
  );
  const failing = {
    ...Object.fromEntries(Object.keys(table.stores()).map((store) => [store, failingStore])),
    clock: () => new Date(),
    newId: () => '01JD0000000000000000000000',
    retention: DEFAULT_RETENTION,
  } as unknown as Dependencies;
  const { incidentRoutes } = await import('../../functions/http/controllers/incidents.js');
  const { handlersFor } = await import('../../functions/http/kit/route.js');
  const { httpHandler } = await import('../../functions/http/kit/http-handler.js');
  const broken = httpHandler(handlersFor('incidents-write', incidentRoutes(failing))) as unknown as Handler;
  const crashed = await invoke(broken, httpEvent('http/post-incident.json', { claims: volunteer, body: hostileBody }));
  expect(crashed.status).toBe(500);
  expect(JSON.stringify(crashed.body)).not.toContain(CHILD);

  // Assess
  expect(output.text).toContain('"message":"request failed"');
  // A line names its request by API Gateway's request id.
  const failed = output.text.split('\n').find((line) => line.includes('"message":"request failed"'));
  expect(failed).toContain('"correlation_id":"JKJaXmPLvHcESHA="');
  expect(output.text).toContain('"IncidentsReported":1');
  const reads = (await table.stores().audit.listForRecord('incident', id, { limit: 10 })).items;
  expect(reads).toEqual([
    expect.objectContaining({ actor: { sub: 'sub-coordinator', role: 'coordinator' }, route: 'GET /incidents/{id}' }),
  ]);
  for (const secret of [CHILD, PHONE, PLACE, 'will be married', 'madrasa']) {
    expect(output.text).not.toContain(secret);
    expect(JSON.stringify(reads)).not.toContain(secret);
  }
});
