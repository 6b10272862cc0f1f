// Hostile input through the real binary. Every action of every tool gets a
// value of the wrong JSON type for each of its parameters, SQL-injection and
// FTS5 strings in each text parameter, and the numeric ids of another
// workspace's rows; every search gets FTS5 syntax; the protocol gets oversized
// lines, deep nesting, invalid UTF-8, huge arrays and strings, unknown methods,
// requests before initialize, duplicate ids and unknown cancellations. After
// each: the server still answers, PRAGMA integrity_check is ok, and the other
// workspace's rows are byte-for-byte what they were.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { freshDb, query } from './lib/backend.mjs';
import { TEST_TIMEOUT, assertBinaryExists, makeTempDir, startRaw } from './lib/harness.mjs';
import {
  HOSTILE_QUERIES, HOSTILE_STRINGS, integrityCheck, loadCatalog, typesOf, workspaceChecksum,
  wrongValueFor,
} from './lib/hostile.mjs';

const TIMEOUT = Math.max(TEST_TIMEOUT, 60000) * 2;
const CATALOG = loadCatalog();

let tmp;
before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-hostile-');
  fs.mkdirSync(path.join(tmp.dir, 'exports'));
});
after(() => tmp?.cleanup());

/** A server on a fresh database whose cwd is the attacker's project directory. */
async function open(t, name, serveArgs = []) {
  const db = freshDb(tmp.dir, name);
  const cwd = path.join(tmp.dir, `${name}-attacker`);
  fs.mkdirSync(cwd, { recursive: true });
  fs.mkdirSync(path.join(tmp.dir, `${name}-victim`), { recursive: true });
  const server = startRaw(t, { db, cwd, logLevel: 'off', serveArgs });
  await server.initialize();
  const call = async (name, args) => {
    const res = await server.request('tools/call', { name, arguments: args });
    return res;
  };
  const must = async (tool, args) => {
    const res = await call(tool, args);
    assert.ok(res.result && !res.result.isError, `${tool} ${JSON.stringify(args)}: ${JSON.stringify(res)}`);
    return res.result.structuredContent;
  };
  return { db, cwd, server, call, must, victimDir: path.join(tmp.dir, `${name}-victim`) };
}

const hasParam = (action, name) => action.params.some((p) => p.name === name);

// Actions that write the file their `path` names: kept inside the test's directory.
const WRITES_PATH = new Set(['memory_workspace.export']);
const exportPath = (name) => path.join(tmp.dir, 'exports', String(name).replace(/\.\.|\/|\u0000/g, '_').slice(0, 200));

/** Runs every catalog example against workspace `id`, so it has rows of every kind. */
async function populate(s, id) {
  for (const tool of CATALOG) {
    for (const action of tool.actions) {
      if (!hasParam(action, 'workspace') || /delete|remove|archive/.test(action.name)) continue;
      const args = { ...action.example, workspace: id };
      if (WRITES_PATH.has(`${tool.name}.${action.name}`)) args.path = exportPath(`populate-${id}`);
      await s.call(tool.name, args);
    }
  }
}

function ids(db, sql) {
  return query(db, sql).trim().split('\n').filter(Boolean).map(Number);
}

test('wrong types, injection strings and foreign ids in every parameter of every action', { timeout: TIMEOUT }, async (t) => {
  const s = await open(t, 'params');
  const victim = (await s.must('memory_workspace', { action: 'register', path: s.victimDir, name: 'victim' })).workspace.id;
  let attacker = (await s.must('memory_workspace', { action: 'register', path: s.cwd, name: 'attacker' })).workspace.id;
  await populate(s, victim);
  await populate(s, attacker);
  // The victim's numeric ids, by the kind of entity a parameter names.
  const foreign = {
    plan: ids(s.db, `SELECT id FROM plans WHERE workspace_id = ${victim} LIMIT 1;`)[0],
    step: ids(s.db, `SELECT id FROM steps WHERE workspace_id = ${victim} LIMIT 1;`)[0],
    phase: ids(s.db, `SELECT ph.id FROM phases ph JOIN plans p ON p.id = ph.plan_id WHERE p.workspace_id = ${victim} LIMIT 1;`)[0],
    feedback: ids(s.db, `SELECT id FROM feedback WHERE workspace_id = ${victim} LIMIT 1;`)[0],
    track: ids(s.db, `SELECT id FROM tracks WHERE workspace_id = ${victim} LIMIT 1;`)[0],
  };
  assert.ok(foreign.plan && foreign.step, 'the victim workspace has plans and steps');
  const before = workspaceChecksum(s.db, victim);
  let cases = 0;
  const problems = [];

  const attempt = async (tool, action, args, expectation) => {
    cases++;
    const res = await s.call(tool.name, args);
    if (res.error) {
      problems.push(`${tool.name}.${action.name} ${JSON.stringify(args).slice(0, 200)} -> JSON-RPC error ${JSON.stringify(res.error).slice(0, 300)}`);
    } else if (expectation) {
      const problem = expectation(res.result);
      if (problem) problems.push(`${tool.name}.${action.name} ${JSON.stringify(args).slice(0, 200)}: ${problem}`);
    }
  };

  for (const tool of CATALOG) {
    for (const action of tool.actions) {
      const base = { ...action.example };
      if (hasParam(action, 'workspace')) base.workspace = attacker;
      const writesPath = WRITES_PATH.has(`${tool.name}.${action.name}`);
      if (writesPath) base.path = exportPath('attacker');
      for (const [i, param] of action.params.entries()) {
        // A value of the wrong JSON type: refused, naming the parameter.
        const wrong = wrongValueFor(param);
        if (wrong !== undefined) {
          await attempt(tool, action, { ...base, [param.name]: wrong }, (r) => (
            r.isError && r.content[0].text.includes(`"${param.name}"`) ? undefined : `wrong type not refused by name: ${JSON.stringify(r).slice(0, 300)}`));
        }
        // Injection and FTS5 strings: stored as text or refused, never run.
        if (typesOf(param).includes('string') && !param.enum) {
          for (const k of [0, 1]) {
            let text = HOSTILE_STRINGS[(i * 2 + k + action.name.length) % HOSTILE_STRINGS.length];
            if (writesPath && param.name === 'path') text = exportPath(text);
            await attempt(tool, action, { ...base, [param.name]: text });
          }
        }
        // Another workspace's ids: refused or not found, never acted on.
        const kind = Object.keys(foreign).find((k) => param.name === k || param.name === `${k}_id` || param.name === `${k}s`);
        if (kind && foreign[kind] && typesOf(param).includes('integer') && param.name !== 'workspace') {
          await attempt(tool, action, { ...base, [param.name]: foreign[kind] });
        }
      }
      // The server still answers, the file is sound, the victim untouched.
      assert.equal(integrityCheck(s.db), 'ok', `integrity after ${tool.name}.${action.name}`);
      const now = workspaceChecksum(s.db, victim);
      if (now !== before) {
        const changed = now.split('\n').filter((l) => !before.split('\n').includes(l));
        assert.fail(`${tool.name}.${action.name} changed the other workspace: ${changed.join(', ')}`);
      }
      if (ids(s.db, `SELECT count(*) FROM workspaces WHERE id = ${attacker};`)[0] === 0) {
        attacker = (await s.must('memory_workspace', { action: 'register', path: s.cwd, name: 'attacker2' })).workspace.id;
      }
    }
  }

  // Paths that are no regular file: refused at once, never read forever.
  for (const file of ['/dev/zero', '/dev/urandom', '/proc/self/fd/0', '/', '/nonexistent/x.jsonl']) {
    const importAction = CATALOG.find((tl) => tl.name === 'memory_workspace').actions.find((a) => a.name === 'import');
    await attempt({ name: 'memory_workspace' }, importAction, { action: 'import', path: file }, (r) => (
      r.isError ? undefined : `import of ${file} was not refused`));
  }

  for (const query of HOSTILE_QUERIES) {
    const search = CATALOG.find((tl) => tl.name === 'memory_context').actions.find((a) => a.name === 'search');
    for (const scope of [{ workspace: attacker }, {}]) {
      await attempt({ name: 'memory_context' }, search, { action: 'search', query, ...scope }, (r) => (
        r.isError && /Internal|SQL|sqlite|postgres|libpq/i.test(r.content[0].text) ? `search leaked an SQL error: ${r.content[0].text}` : undefined));
    }
  }
  const pong = await s.server.request('ping');
  assert.deepEqual(pong.result, {});
  assert.deepEqual(problems.slice(0, 10), [], `${problems.length} of ${cases} cases misbehaved`);
  assert.equal(integrityCheck(s.db), 'ok');
  assert.equal(workspaceChecksum(s.db, victim), before);
  t.diagnostic(`hostile parameter cases tried: ${cases}`);
  console.error(`hostile_input: ${cases} parameter cases`);
});

test('hostile protocol input: oversized, deep, invalid, huge, unknown, early, duplicate', { timeout: TIMEOUT }, async (t) => {
  const MAX_LINE = 2 * 1024 * 1024;  // room for the 1 MiB arguments below
  const s = await open(t, 'protocol', ['--max-line-bytes', String(MAX_LINE)]);
  await s.must('memory_workspace', { action: 'register', path: s.cwd, name: 'attacker' });
  const victim = (await s.must('memory_workspace', { action: 'register', path: s.victimDir, name: 'victim' })).workspace.id;
  await s.must('memory_plan', { action: 'create', workspace: victim, title: 'Victim plan', phases: ['One'] });
  const before = workspaceChecksum(s.db, victim);
  let cases = 0;
  let nextId = 1000;

  // Sends raw bytes expecting one error response with `code` (id null), then checks liveness.
  const expectError = async (raw, code, pattern) => {
    cases++;
    const seen = s.server.messages.length;
    s.server.write(raw);
    const reply = await s.server.waitFor((msgs) => msgs.slice(seen).find((m) => m.error), { what: `error ${code}` });
    assert.equal(reply.error.code, code, JSON.stringify(reply));
    assert.match(reply.error.message, pattern);
    const pong = await s.server.request('ping', undefined, nextId++);
    assert.deepEqual(pong.result, {});
  };

  // Over the size cap, just over and far over.
  await expectError('{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"' + 'a'.repeat(MAX_LINE) + '"}}', -32600, new RegExp(`exceeds the limit of ${MAX_LINE} bytes`));
  await expectError('x'.repeat(MAX_LINE * 3), -32600, /exceeds the limit/);
  // Deep nesting, in arrays, objects and inside params.
  await expectError('['.repeat(50000), -32600, /nested deeper than 64/);
  await expectError('{"a":'.repeat(5000) + '1' + '}'.repeat(5000), -32600, /nested deeper than 64/);
  await expectError(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'memory_plan', arguments: { action: 'create', title: 'x', notes: JSON.parse('['.repeat(70) + ']'.repeat(70)) } } }), -32600, /nested deeper/);
  // Invalid UTF-8: a lone continuation byte, an overlong form, a surrogate, a truncated sequence.
  for (const bytes of [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xff, 0xfe]]) {
    const head = Buffer.from('{"jsonrpc":"2.0","id":3,"method":"ping","params":{"s":"');
    await expectError(Buffer.concat([head, Buffer.from(bytes), Buffer.from('"}}\n')]), -32700, /not valid UTF-8/);
  }
  // Malformed JSON and bad shapes.
  for (const raw of ['{', '{"jsonrpc":"2.0",', 'nul', '[1,2', '{"jsonrpc":"2.0","id":1,"method":"ping"}}']) {
    await expectError(raw, -32700, /Parse error/);
  }
  for (const raw of ['42', 'null', '"just a string"', '{"jsonrpc":"1.0","id":1,"method":"ping"}', '{"jsonrpc":"2.0","id":{},"method":"ping"}', '{"jsonrpc":"2.0","id":1,"method":7}', '{"jsonrpc":"2.0","id":1}', '[]']) {
    await expectError(raw, -32600, /Invalid Request/);
  }

  // Unknown methods: -32601, named.
  for (const method of ['tools/destroy', 'resources/subscribe', '', 'initialize/../tools/call', 'x'.repeat(1000)]) {
    cases++;
    const res = await s.server.request(method, {}, nextId++);
    assert.equal(res.error?.code, -32601, `${method.slice(0, 40)}: ${JSON.stringify(res).slice(0, 200)}`);
  }
  // initialize again is refused; the session goes on.
  cases++;
  const again = await s.server.request('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } }, nextId++);
  assert.equal(again.error?.code, -32600);

  // Huge strings and arrays in tool arguments: refused with the limit named.
  const call = async (args, pattern) => {
    cases++;
    const res = await s.call('memory_steps', args);
    assert.ok(res.result?.isError, JSON.stringify(res).slice(0, 300));
    assert.match(res.result.content[0].text, pattern);
  };
  await call({ action: 'add', task: 'x'.repeat(1024 * 1024 + 1) }, /"task" is too large: .*1048577 bytes; the limit is 1048576 bytes/);
  await call({ action: 'add', steps: Array.from({ length: 10001 }, () => ({ task: 't' })) }, /"steps" is too large: .*10001 items; the limit is 10000 items/);
  await call({ action: 'add', steps: [{ task: 't', description: 'd'.repeat(1024 * 1024 + 10) }] }, /arguments\.steps\[0\]\.description is a string of 1048586 bytes/);
  await call({ action: 'ad' + 'd'.repeat(100000) }, /unknown action "ad+…"/);
  // At the limit is accepted.
  cases++;
  const big = await s.call('memory_steps', { action: 'add', task: 'y'.repeat(60000) });
  assert.equal(big.result?.isError, false, JSON.stringify(big).slice(0, 300));

  // Duplicate request ids: each request gets its own answer, both carry the id.
  cases++;
  s.server.write({ jsonrpc: '2.0', id: 'dup', method: 'ping' });
  s.server.write({ jsonrpc: '2.0', id: 'dup', method: 'tools/list' });
  await s.server.waitFor((msgs) => msgs.filter((m) => m.id === 'dup').length === 2, { what: 'two answers to id "dup"' });
  // Cancelling requests that do not exist: no answer, no harm.
  for (const requestId of [123456, 'nope', null]) {
    cases++;
    const seen = s.server.messages.length;
    s.server.notify('notifications/cancelled', { requestId, reason: 'test' });
    const pong = await s.server.request('ping', undefined, nextId++);
    assert.deepEqual(pong.result, {});
    assert.equal(s.server.messages.length, seen + 1, 'a cancellation is never answered');
  }

  assert.equal(integrityCheck(s.db), 'ok');
  assert.equal(workspaceChecksum(s.db, victim), before);
  t.diagnostic(`hostile protocol cases tried: ${cases}`);
  console.error(`hostile_input: ${cases} protocol cases`);
});

test('requests before initialize are refused and the session still starts', { timeout: TIMEOUT }, async (t) => {
  const server = startRaw(t, { db: ':memory:', logLevel: 'off' });
  let cases = 0;
  for (const [i, method] of ['tools/list', 'tools/call', 'resources/read', 'prompts/get', 'logging/setLevel'].entries()) {
    cases++;
    const res = await server.request(method, {}, i + 1);
    assert.equal(res.error?.code, -32600);
    assert.match(res.error.message, /not initialized/);
  }
  cases++;
  assert.deepEqual((await server.request('ping', undefined, 99)).result, {});
  await server.initialize();
  const list = await server.request('tools/list', {}, 100);
  assert.ok(list.result.tools.length >= 8);
  t.diagnostic(`before-initialize cases tried: ${cases}`);
});
