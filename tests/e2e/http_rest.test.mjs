// The REST API of `serve --http` end to end: every seed route (000 tracks, 002
// tasks), the generic tool route, tokens (401/403/ok), Origin and Host, limits,
// 405s, problem bodies (RFC 9457), the streamed export and import (past the
// general body cap, up to --max-import-bytes), server-side paths confined to
// --files-root, and start and stop: loopback runs open, any other address
// needs a token, SIGTERM exits 0.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { freshDb as newDb } from './lib/backend.mjs';
import { TEST_TIMEOUT, assertBinaryExists, makeTempDir } from './lib/harness.mjs';
import { createToken, rawExchange, request, startHttpServer } from './lib/http_server.mjs';

const opts = { timeout: TEST_TIMEOUT * 2 };
let tmp;
let counter = 0;
const freshDb = () => newDb(tmp.dir, `rest-${++counter}`);

before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-rest-');
});
after(() => tmp?.cleanup());

/** A server on a fresh database with workspace "shop" registered. */
async function shop(t, options = {}) {
  const db = freshDb();
  const server = await startHttpServer(t, { db, cwd: tmp.dir, ...options });
  const call = (method, p, extra = {}) => request(server, method, p, extra);
  const reg = await call('POST', '/api/tools/memory_workspace/register', { body: { name: 'shop', path: path.join(tmp.dir, `shop-${counter}`) } });
  assert.equal(reg.status, 200, reg.text);
  return { server, db, call };
}

function assertProblem(res, status, code) {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(res.body.status, status);
  assert.equal(typeof res.body.title, 'string');
  assert.equal(typeof res.body.detail, 'string');
  if (code) assert.equal(res.body.code, code, res.text);
}

describe('seed 000: tracks', () => {
  test('create, list with counts, get with work orders, update, assign, unassign, delete', opts, async (t) => {
    const { call } = await shop(t);
    const created = await call('POST', '/repos/shop/tracks', { body: { name: 'Economy', description: 'Money', goal: 'Agents earn', color: '#3B82F6', icon: 'dollar' } });
    assert.equal(created.status, 201, created.text);
    const track = created.body.track;
    assert.deepEqual(Object.keys(track).sort(), ['color', 'createdAt', 'description', 'goal', 'icon', 'id', 'name', 'projectId', 'sortOrder', 'updatedAt']);
    assert.equal(track.sortOrder, 0);

    assert.equal((await call('POST', '/api/tools/memory_plan/create', { body: { workspace: 'shop', title: 'Budget', status: 'active', phases: ['Build'] } })).status, 200);
    assert.equal((await call('POST', '/api/tools/memory_steps/add', { body: { workspace: 'shop', plan: 'P1', steps: [{ task: 'a' }, { task: 'b' }] } })).status, 200);
    assert.deepEqual((await call('PUT', '/repos/shop/work-orders/P1/track', { body: { trackId: track.id } })).body, { ok: true });

    const list = await call('GET', '/repos/shop/tracks');
    assert.equal(list.status, 200);
    assert.equal(list.body.tracks.length, 1);
    assert.equal(list.body.tracks[0].workOrderCount, 1);
    assert.equal(list.body.tracks[0].readyCount, 1);
    assert.equal(list.body.tracks[0].doneCount, 0);

    const one = await call('GET', `/repos/shop/tracks/${track.id}`);
    assert.equal(one.body.track.name, 'Economy');
    assert.deepEqual(one.body.workOrders.map((w) => [w.code, w.trackId, w.track.name]), [['P1', track.id, 'Economy']]);

    const put = await call('PUT', '/repos/shop/tracks/Economy', { body: { name: 'Economy v2', sortOrder: 3 } });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.track.name, 'Economy v2');
    assert.equal(put.body.track.sortOrder, 3);

    assert.deepEqual((await call('PUT', '/repos/shop/work-orders/P1/track', { body: { trackId: null } })).body, { ok: true });
    assert.equal((await call('GET', '/repos/shop/tracks')).body.tracks[0].workOrderCount, 0);
    await call('PUT', '/repos/shop/work-orders/P1/track', { body: { trackId: track.id } });
    assert.deepEqual((await call('DELETE', `/repos/shop/tracks/${track.id}`)).body, { ok: true });
    // Deleting the track keeps its work orders, on no track.
    const plan = await call('GET', '/api/tools/memory_plan/get?workspace=shop&plan=P1');
    assert.equal(plan.body.plan.track_id, null);
    assert.deepEqual((await call('GET', '/repos/shop/tracks')).body, { tracks: [] });
  });

  test('errors are problems with the tool message and the status it means', opts, async (t) => {
    const { call } = await shop(t);
    await call('POST', '/repos/shop/tracks', { body: { name: 'Ops' } });
    assertProblem(await call('POST', '/repos/shop/tracks', { body: { name: 'Ops' } }), 409, 'conflict');
    const missing = await call('GET', '/repos/shop/tracks/Nope');
    assertProblem(missing, 404, 'not_found');
    assert.match(missing.body.detail, /no track Nope in workspace shop/);
    assert.equal(missing.body.tool, 'memory_workspace');
    assert.equal(missing.body.action, 'track_get');
    assertProblem(await call('GET', '/repos/nowhere/tracks'), 404, 'not_found');
    const color = await call('POST', '/repos/shop/tracks', { body: { name: 'Web', color: 'red' } });
    assertProblem(color, 400, 'invalid');
    assert.match(color.body.detail, /color must look like #3B82F6/);
    assertProblem(await call('POST', '/repos/shop/tracks', { body: { description: 'no name' } }), 400);
    assertProblem(await call('PUT', '/repos/shop/work-orders/P1/track', { body: {} }), 400);
    assertProblem(await call('PUT', '/repos/shop/tracks/Ops', { body: { colour: '#000000' } }), 400);
  });
});

describe('seed 002: tasks', () => {
  test('create, peek, claim, complete, list, get; ids as T-codes or numbers', opts, async (t) => {
    const { call } = await shop(t);
    const first = await call('POST', '/tasks', { body: { project: 'shop', description: 'Generate PRD-006', generator_name: 'prd-generator', inputs: ['EPIC-006'], expected_outputs: ['PRD-006'], context_notes: 'New session' } });
    assert.equal(first.status, 201, first.text);
    const task = first.body.task;
    for (const key of ['task_id', 'project_id', 'description', 'generator_name', 'status', 'inputs', 'expected_outputs', 'context_notes', 'created_at', 'updated_at', 'completed_at', 'completion_notes']) {
      assert.ok(key in task, `task lacks ${key}: ${first.text}`);
    }
    assert.equal(task.task_id, 'T1');
    assert.equal(task.status, 'pending');
    await call('POST', '/tasks', { body: { project: 'shop', description: 'Review PRD-006' } });

    const peek = await call('GET', '/tasks/next?project=shop');
    assert.equal(peek.status, 200);
    assert.equal(peek.body.task.task_id, 'T1');
    assert.equal(peek.body.claimed, false);
    assert.equal((await call('GET', '/tasks/T1?project=shop')).body.task.status, 'pending', 'GET /tasks/next claimed');

    const claim = await call('POST', '/tasks/next', { body: { project: 'shop', agent: 'writer' } });
    assert.equal(claim.body.claimed, true);
    assert.equal(claim.body.task.holder_agent, 'writer');
    const second = await call('POST', '/tasks/next', { body: { project: 'shop' } });
    assert.equal(second.body.task.task_id, 'T2');
    assert.equal(second.body.task.holder_agent, 'http', 'an open server calls the caller "http"');

    const done = await call('PATCH', '/tasks/T1', { body: { project: 'shop', status: 'completed', completion_notes: '26/26 passed', agent: 'writer' } });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.task.status, 'completed');
    assert.equal(done.body.task.completion_notes, '26/26 passed');
    assert.equal(done.body.previous_status, 'in_progress');
    assert.ok(done.body.task.completed_at);

    const byId = await call('GET', `/tasks/${task.id}?project=shop`);
    assert.equal(byId.body.task.task_id, 'T1');
    const completed = await call('GET', '/tasks?project=shop&status=completed');
    assert.deepEqual(completed.body.tasks.map((x) => x.task_id), ['T1']);
    const all = await call('GET', '/tasks?project=shop&limit=1');
    assert.equal(all.body.tasks.length, 1);
    assert.equal(typeof all.body.next_cursor, 'string');
    const rest = await call('GET', `/tasks?project=shop&limit=1&cursor=${encodeURIComponent(all.body.next_cursor)}`);
    assert.equal(rest.body.tasks[0].task_id, 'T2');
  });

  test('illegal transitions are 409, claims held by others 409, unknown ids 404, bad values 400', opts, async (t) => {
    const { call } = await shop(t);
    await call('POST', '/tasks', { body: { project: 'shop', description: 'x' } });
    await call('POST', '/tasks/next', { body: { project: 'shop', agent: 'alice' } });
    const stolen = await call('PATCH', '/tasks/T1', { body: { project: 'shop', status: 'completed', agent: 'bob' } });
    assertProblem(stolen, 409, 'conflict');
    assert.match(stolen.body.detail, /held by alice/);
    await call('PATCH', '/tasks/T1', { body: { project: 'shop', status: 'completed', agent: 'alice' } });
    assertProblem(await call('PATCH', '/tasks/T1', { body: { project: 'shop', status: 'in_progress' } }), 409, 'conflict');
    assertProblem(await call('PATCH', '/tasks/T1', { body: { project: 'shop', status: 'done' } }), 400, 'invalid');
    assertProblem(await call('GET', '/tasks/T42?project=shop'), 404, 'not_found');
    assertProblem(await call('GET', '/tasks?project=shop&status=finished'), 400);
    assertProblem(await call('GET', '/tasks?project=shop&limit=lots'), 400);
    assertProblem(await call('POST', '/tasks', { body: { project: 'shop' } }), 400);
    const none = await call('GET', '/tasks/next?project=shop');
    assert.equal(none.body.task, null);
    assert.equal(typeof none.body.nothing_ready.message, 'string');
  });
});

describe('the generic tool route', () => {
  test('every action by POST, read-only ones by GET, text on request', opts, async (t) => {
    const { call, server } = await shop(t);
    const viaBody = await call('POST', '/api/tools/memory_plan', { body: { action: 'create', workspace: 'shop', title: 'Login' } });
    assert.equal(viaBody.status, 200, viaBody.text);
    assert.equal(viaBody.body.plan.code, 'P1');
    const task = await call('POST', '/api/tools/get_next_task', { body: { workspace: 'shop', claim: false } });
    assert.equal(task.status, 200, 'default action of a one-job tool');
    const get = await call('GET', '/api/tools/memory_plan/get?workspace=shop&plan=P1');
    assert.equal(get.body.plan.title, 'Login');
    const text = await request(server, 'GET', '/api/tools/memory_plan/list?workspace=shop', { headers: { Accept: 'text/plain' } });
    assert.match(text.headers.get('content-type'), /^text\/plain/);
    assert.match(text.text, /P1/);
    const writeByGet = await call('GET', '/api/tools/memory_plan/create?workspace=shop&title=x');
    assertProblem(writeByGet, 405, 'method_not_allowed');
    assert.equal(writeByGet.headers.get('allow'), 'POST');
    assertProblem(await call('POST', '/api/tools/memory_plan/nope', { body: {} }), 404);
    assertProblem(await call('POST', '/api/tools/nope', { body: {} }), 404);
    assertProblem(await call('POST', '/api/tools/memory_plan', { body: { title: 'no action' } }), 400);
    const typo = await call('POST', '/api/tools/memory_plan/get', { body: { workspace: 'shop', plan: 'P1', titel: 'x' } });
    assertProblem(typo, 400, 'invalid');
    assert.equal(typo.body.detail, 'memory_plan.get: unknown parameter "titel" (at arguments.titel). Accepted: workspace, plan.');
    assertProblem(await call('POST', '/api/tools/memory_plan/get', { body: '{"plan":' }), 400);
    assertProblem(await call('POST', '/api/tools/memory_plan/get', { body: '[1,2]' }), 400);
  });

  test('export streams JSONL that import takes back, and server-side paths are refused', opts, async (t) => {
    const { call } = await shop(t);
    await call('POST', '/api/tools/memory_plan/create', { body: { workspace: 'shop', title: 'Checkout' } });
    const out = await call('GET', '/api/export?workspace=shop');
    assert.equal(out.status, 200);
    assert.match(out.headers.get('content-type'), /application\/x-ndjson/);
    const lines = out.text.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines[0].format, 'project-memory-export');
    assert.equal(lines.at(-1).end, true);

    const other = await startHttpServer(t, { db: freshDb(), cwd: tmp.dir });
    const imported = await request(other, 'POST', '/api/import', { body: out.text, headers: { 'Content-Type': 'application/x-ndjson' } });
    assert.equal(imported.status, 200, imported.text);
    assert.equal(imported.body.tables.plans.inserted, 1);
    assertProblem(await request(other, 'POST', '/api/import', { body: out.text.slice(0, out.text.length - 30), headers: { 'Content-Type': 'application/x-ndjson' } }), 400);

    const toDisk = await call('POST', '/api/tools/memory_workspace/export', { body: { workspace: 'shop', path: path.join(tmp.dir, 'precious.txt') } });
    assertProblem(toDisk, 400);
    assert.match(toDisk.body.detail, /reads and writes no files on its disk/);
    const fromDisk = await call('POST', '/api/tools/memory_workspace/import', { body: { path: '/etc/passwd' } });
    assertProblem(fromDisk, 400);
  });
});

describe('import over HTTP', () => {
  const ndjson = { 'Content-Type': 'application/x-ndjson' };

  test('an export larger than --max-body-bytes imports whole; one over --max-import-bytes is 413 and writes nothing', opts, async (t) => {
    const { call } = await shop(t);
    // Some 200 KB: twenty plans with 10 KB goals.
    for (let i = 0; i < 20; i++) {
      const created = await call('POST', '/api/tools/memory_plan/create', { body: { workspace: 'shop', title: `Plan ${i}`, goal: `${i}`.padEnd(10000, 'g') } });
      assert.equal(created.status, 200, created.text);
    }
    const out = await call('GET', '/api/export?workspace=shop');
    assert.equal(out.status, 200);
    assert.ok(out.text.length > 200000, `the export is ${out.text.length} bytes`);

    const small = await startHttpServer(t, { db: freshDb(), cwd: tmp.dir, serveArgs: ['--max-body-bytes', '65536'] });
    // Every other route keeps the general cap.
    assertProblem(await request(small, 'POST', '/api/tools/memory_workspace/import', { body: { content: out.text } }), 413, 'body_too_large');
    const imported = await request(small, 'POST', '/api/import', { body: out.text, headers: ndjson });
    assert.equal(imported.status, 200, imported.text);
    assert.equal(imported.body.tables.plans.inserted, 20);
    assert.equal((await request(small, 'GET', '/api/export?workspace=shop')).text, out.text, 'the import is not the export');

    const capped = await startHttpServer(t, { db: freshDb(), cwd: tmp.dir, serveArgs: ['--max-body-bytes', '65536', '--max-import-bytes', '131072'] });
    const declared = await request(capped, 'POST', '/api/import', { body: out.text, headers: ndjson });
    assertProblem(declared, 413, 'body_too_large');
    assert.equal(declared.body.limit, 131072);
    assert.match(declared.body.detail, /--max-import-bytes/);
    // Chunked, so no length is declared: cut off at the cap all the same.
    const chunks = [`POST /api/import HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n`];
    for (let at = 0; at < out.text.length; at += 16384) {
      const piece = out.text.slice(at, at + 16384);
      chunks.push(`${Buffer.byteLength(piece).toString(16)}\r\n${piece}\r\n`);
    }
    chunks.push('0\r\n\r\n');
    const chunked = await rawExchange(capped.port, chunks);
    assert.match(chunked.data, /^HTTP\/1\.1 413 /);
    assert.match(chunked.data, /"code":"body_too_large"/);
    const workspaces = await request(capped, 'GET', '/api/tools/memory_workspace/list');
    assert.equal(workspaces.status, 200, workspaces.text);
    assert.deepEqual(workspaces.body.workspaces, [], 'a refused import wrote something');
    assert.equal((await request(capped, 'GET', '/health')).status, 200);
  });
});

describe('--files-root', () => {
  test('exports inside the root; a path outside it or a link leading out is refused and the file left alone; a missing root stops the start', opts, async (t) => {
    const root = path.join(tmp.dir, 'files-root');
    const outside = path.join(tmp.dir, 'files-outside');
    fs.mkdirSync(root);
    fs.mkdirSync(outside);
    const { call } = await shop(t, { serveArgs: ['--files-root', root] });
    await call('POST', '/api/tools/memory_plan/create', { body: { workspace: 'shop', title: 'Checkout' } });

    const inside = path.join(root, 'shop.jsonl');
    const exported = await call('POST', '/api/tools/memory_workspace/export', { body: { workspace: 'shop', path: inside } });
    assert.equal(exported.status, 200, exported.text);
    const written = fs.readFileSync(inside, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.equal(written[0].format, 'project-memory-export');
    assert.ok(written.some((line) => line.table === 'plans' && line.row.title === 'Checkout'), 'the plan is not in the file');
    assert.equal(written.at(-1).end, true);

    const precious = path.join(outside, 'precious.txt');
    fs.writeFileSync(precious, 'keep me\n');
    const out = await call('POST', '/api/tools/memory_workspace/export', { body: { workspace: 'shop', path: precious, overwrite: true } });
    assertProblem(out, 400);
    assert.match(out.body.detail, /is outside the directories this server may use/);
    assert.ok(out.body.detail.includes(fs.realpathSync(root)), out.body.detail);
    assert.equal(fs.readFileSync(precious, 'utf8'), 'keep me\n');

    const link = path.join(root, 'link.jsonl');
    fs.symlinkSync(precious, link);
    const viaLink = await call('POST', '/api/tools/memory_workspace/export', { body: { workspace: 'shop', path: link, overwrite: true } });
    assertProblem(viaLink, 400);
    assert.match(viaLink.body.detail, /is outside the directories this server may use/);
    assert.equal(fs.readFileSync(precious, 'utf8'), 'keep me\n');
    assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link was replaced');
    const readViaLink = await call('POST', '/api/tools/memory_workspace/import', { body: { path: link } });
    assertProblem(readViaLink, 400);

    const missing = path.join(tmp.dir, 'no-such-root');
    const refused = spawnSync(assertBinaryExists(), ['--db', freshDb(), 'serve', '--http', '127.0.0.1:0', '--files-root', missing], { encoding: 'utf8', timeout: TEST_TIMEOUT });
    assert.equal(refused.status, 1, refused.stderr);
    assert.ok(refused.stderr.includes(`--files-root ${missing}: not an existing directory`), refused.stderr);
    assert.doesNotMatch(refused.stderr, /listening on/);
  });
});

describe('tokens', () => {
  test('missing or wrong is 401 with WWW-Authenticate, read-only writes are 403, revoked is 401', opts, async (t) => {
    const db = freshDb();
    const alice = createToken(db, 'alice');
    const reader = createToken(db, 'reader', { readOnly: true });
    // At the most talkative log level, so that a token logged anywhere shows.
    const server = await startHttpServer(t, { db, cwd: tmp.dir, logLevel: 'trace' });
    assert.doesNotMatch(server.stderr(), /runs open/);
    assert.ok(!server.stderr().includes(alice), 'a token appears in the log');
    for (const [p, method] of [['/mcp', 'POST'], ['/tasks?project=x', 'GET'], ['/api/tools/memory_workspace/list', 'GET']]) {
      const none = await request(server, method, p, { body: method === 'POST' ? { jsonrpc: '2.0', id: 1, method: 'ping' } : undefined });
      assertProblem(none, 401, 'token_required');
      assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="project-memory"');
    }
    const wrong = await request(server, 'GET', '/api/tools/memory_workspace/list', { token: 'pm_nope' });
    assertProblem(wrong, 401, 'invalid_token');
    assert.match(wrong.headers.get('www-authenticate'), /invalid_token/);
    assert.equal((await request(server, 'GET', '/health')).status, 200, 'health needs no token');
    assert.equal((await request(server, 'GET', '/openapi.json')).status, 200, 'the API description needs no token');

    const reg = await request(server, 'POST', '/api/tools/memory_workspace/register', { token: alice, body: { name: 'shop', path: path.join(tmp.dir, 'tok-shop') } });
    assert.equal(reg.status, 200, reg.text);
    assert.equal((await request(server, 'GET', '/repos/shop/tracks', { token: reader })).status, 200);
    assertProblem(await request(server, 'POST', '/repos/shop/tracks', { token: reader, body: { name: 'Ops' } }), 403, 'read_only_token');
    const created = await request(server, 'POST', '/repos/shop/tracks', { token: alice, body: { name: 'Ops' } });
    assert.equal(created.status, 201);
    // Writes are logged under the token's name.
    const log = await request(server, 'GET', '/api/tools/memory_agent/update_log?workspace=shop', { token: reader });
    assert.ok(log.body.entries.some((e) => e.agent === 'alice' && e.entity_kind === 'track'), log.text);

    const revoke = spawnSync(assertBinaryExists(), ['--db', db, 'token', 'revoke', 'alice'], { encoding: 'utf8' });
    assert.equal(revoke.status, 0, revoke.stderr);
    assertProblem(await request(server, 'GET', '/repos/shop/tracks', { token: alice }), 401, 'invalid_token');
    assert.match(server.stderr(), /GET \/repos\/shop\/tracks/, 'requests are logged at this level');
    for (const secret of [alice, reader, alice.slice(3), reader.slice(3)]) {
      assert.ok(!server.stderr().includes(secret), 'a token appears in the log');
    }
  });

  test('token list shows names and rights, never a token or its hash', opts, () => {
    const db = freshDb();
    const list = () => spawnSync(assertBinaryExists(), ['--db', db, 'token', 'list'], { encoding: 'utf8', timeout: TEST_TIMEOUT });
    const empty = list();
    assert.equal(empty.status, 0, empty.stderr);
    assert.match(empty.stdout, /^No tokens\. Make one with: project-memory token create --name NAME\n$/);

    const alice = createToken(db, 'alice');
    const ci = createToken(db, 'ci', { readOnly: true });
    const listed = list();
    assert.equal(listed.status, 0, listed.stderr);
    const lines = listed.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, listed.stdout);
    const line = (name) => lines.find((l) => l.startsWith(`${name}  `));
    assert.match(line('alice'), /^alice {2}pm_\S{7}… {2}read-write {2}created \S+$/);
    assert.match(line('ci'), /^ci {2}pm_\S{7}… {2}read-only {2}created \S+$/);
    const output = listed.stdout + listed.stderr;
    for (const token of [alice, ci]) {
      assert.ok(!output.includes(token), 'a token is printed');
      assert.ok(!output.includes(token.slice(10)), 'the secret part of a token is printed');
      assert.ok(!output.includes(createHash('sha256').update(token).digest('hex')), 'a token hash is printed');
    }
    assert.doesNotMatch(output, /[0-9a-f]{64}/, 'something like a hash is printed');
  });

  test('loopback runs open without tokens and says so; any other address refuses to start', opts, async (t) => {
    const open = await startHttpServer(t, { db: freshDb(), cwd: tmp.dir });
    assert.match(open.stderr(), /runs open/);
    const db = freshDb();
    const bin = assertBinaryExists();
    const refused = spawnSync(bin, ['--db', db, 'serve', '--http', '0.0.0.0:0'], { encoding: 'utf8', timeout: TEST_TIMEOUT });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /refusing to serve 0\.0\.0\.0:0 without a token/);
    const token = createToken(db, 'team');
    const team = await startHttpServer(t, { db, cwd: tmp.dir, listen: '0.0.0.0:0' });
    assertProblem(await request(team, 'GET', '/repos/x/tracks'), 401);
    assert.equal((await request(team, 'POST', '/api/tools/memory_workspace/list', { token, body: {} })).status, 200);
  });
});

describe('HTTP gate', () => {
  // project-memory hands serve --http to project-memory-http beside it, as the
  // same process (exec); without it, the error names the file to build.
  test('serve --http runs as the same process in project-memory-http, and says so when it is missing', opts, async (t) => {
    const server = await startHttpServer(t, { db: freshDb(), cwd: tmp.dir });
    const exe = fs.readlinkSync(`/proc/${server.proc.pid}/exe`);
    assert.equal(path.basename(exe), 'project-memory-http');
    assert.equal(path.dirname(exe), path.dirname(fs.realpathSync(assertBinaryExists())));
    const alone = path.join(tmp.dir, 'alone');
    fs.mkdirSync(alone);
    fs.copyFileSync(assertBinaryExists(), path.join(alone, 'project-memory'));
    fs.chmodSync(path.join(alone, 'project-memory'), 0o755);
    const missing = spawnSync(path.join(alone, 'project-memory'), ['--db', freshDb(), 'serve', '--http', '0'], { encoding: 'utf8', timeout: TEST_TIMEOUT });
    assert.equal(missing.status, 1, missing.stderr);
    assert.match(missing.stderr, /serve --http runs in .*alone\/project-memory-http, which cannot be started: No such file/);
  });

  test('Origin and Host: foreign ones are 403, local ones pass', opts, async (t) => {
    const { server } = await shop(t);
    const ping = { jsonrpc: '2.0', id: 1, method: 'ping' };
    assertProblem(await request(server, 'POST', '/mcp', { body: ping, headers: { Origin: 'https://evil.example.com' } }), 403, 'origin_not_allowed');
    assertProblem(await request(server, 'GET', '/repos/shop/tracks', { headers: { Origin: 'null' } }), 403);
    const local = await request(server, 'POST', '/mcp', { body: ping, headers: { Origin: 'http://localhost:5173' } });
    assert.equal(local.status, 200);
    const rebinding = await rawExchange(server.port, [`GET /repos/shop/tracks HTTP/1.1\r\nHost: evil.example.com:${server.port}\r\n\r\n`]);
    assert.match(rebinding.data, /^HTTP\/1\.1 403/);
    const allowed = await startHttpServer(t, { db: freshDb(), cwd: tmp.dir, serveArgs: ['--allow-origin', 'https://board.example.com'] });
    const cors = await request(allowed, 'POST', '/mcp', { body: ping, headers: { Origin: 'https://board.example.com' } });
    assert.equal(cors.status, 200);
    assert.equal(cors.headers.get('access-control-allow-origin'), 'https://board.example.com');
  });

  test('limits: bodies 413, headers 431, all as problems, and the server goes on', opts, async (t) => {
    const { server, call } = await shop(t, { serveArgs: ['--max-body-bytes', '4096', '--max-header-bytes', '2048'] });
    assertProblem(await call('POST', '/api/tools/memory_workspace/list', { body: { pad: 'x'.repeat(10000) } }), 413, 'body_too_large');
    const headers = await rawExchange(server.port, [`GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'y'.repeat(4000)}\r\n\r\n`]);
    assert.match(headers.data, /^HTTP\/1\.1 431 /);
    assert.match(headers.data, /application\/problem\+json/);
    assert.equal((await call('GET', '/health')).status, 200);
  });

  test('405 for other methods, 404 for no route, 501 for TRACE, all as problems', opts, async (t) => {
    const { server, call } = await shop(t);
    for (const method of ['GET', 'DELETE']) {
      const res = await call(method, '/mcp');
      assertProblem(res, 405, 'method_not_allowed');
      assert.equal(res.headers.get('allow'), 'POST');
    }
    const put = await call('PUT', '/tasks/next', { body: {} });
    assertProblem(put, 405);
    assert.equal(put.headers.get('allow'), 'GET, POST');
    assertProblem(await call('GET', '/no/such/thing'), 404, 'no_route');
    const trace = await rawExchange(server.port, ['TRACE /mcp HTTP/1.1\r\nHost: localhost\r\n\r\n']);
    assert.match(trace.data, /^HTTP\/1\.1 501 /);
    const options = await call('OPTIONS', '/tasks/next');
    assert.equal(options.status, 204);
    assert.match(options.headers.get('allow'), /GET, POST/);
  });

  test('serve --help says it serves over stdio or, with --http, over HTTP, and lists the HTTP limits', opts, () => {
    const help = spawnSync(assertBinaryExists(), ['serve', '--help'], { encoding: 'utf8', timeout: TEST_TIMEOUT });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /Serve MCP over stdio \(what an MCP host starts\) or, with --http, MCP and the REST API over HTTP/);
    assert.doesNotMatch(help.stdout, /on stdin\/stdout/);
    for (const option of ['--http', '--max-body-bytes', '--max-import-bytes', '--max-header-bytes', '--header-timeout-ms', '--files-root']) {
      assert.ok(help.stdout.includes(option), `${option} is not in serve --help`);
    }
  });

  test('SIGTERM drains and exits 0; SIGINT too', opts, async (t) => {
    for (const signal of ['SIGTERM', 'SIGINT']) {
      const server = await startHttpServer(t, { db: freshDb(), cwd: tmp.dir });
      assert.equal((await request(server, 'GET', '/health')).status, 200);
      const { code, signal: killed } = await server.stop(signal);
      assert.equal(killed, null, `${signal}: killed instead of exiting`);
      assert.equal(code, 0, server.stderr());
      assert.match(server.stderr(), /stopped/);
    }
  });

  test('a request in flight when SIGTERM comes is answered before the server exits; new ones are not accepted', opts, async (t) => {
    const { server } = await shop(t);
    // A request whose body is half sent when the signal arrives.
    const body = JSON.stringify({ workspace: 'shop', title: 'Drained' });
    const half = Math.floor(body.length / 2);
    const socket = net.connect(server.port, '127.0.0.1');
    let data = '';
    socket.on('data', (d) => { data += d.toString(); });
    const closed = new Promise((resolve) => socket.on('close', resolve));
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.write(`POST /api/tools/memory_plan/create HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, half)}`);
    await new Promise((r) => setTimeout(r, 200));
    server.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(server.proc.exitCode, null, 'the server exited with a request in flight');
    const late = await fetch(server.url + '/health').then(() => 'answered', () => 'refused');
    assert.equal(late, 'refused', 'a new connection was served after SIGTERM');
    socket.write(body.slice(half));
    await closed;
    assert.match(data, /^HTTP\/1\.1 200 /, data);
    assert.match(data, /Connection: close/i, 'the drained connection is closed after its answer');
    assert.match(data, /"title":"Drained"/);
    const { code, signal } = await server.exited;
    assert.equal(signal, null);
    assert.equal(code, 0, server.stderr());
  });
});
