// Raw stdio tests of project-memory's newline-delimited JSON-RPC 2.0 behaviour.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { ON_POSTGRES, freshDb as newDb, query, sqliteOnly } from './lib/backend.mjs';
import {
  LATEST_VERSION,
  SUPPORTED_VERSIONS,
  TEST_TIMEOUT,
  assertBinaryExists,
  assertCleanStdout,
  isResponse,
  makeTempDir,
  sleep,
  startRaw,
} from './lib/harness.mjs';

/** How long to keep listening for messages that must NOT arrive. */
const QUIET_MS = 400;

let tmp;
let dbCounter = 0;
const freshDb = () => newDb(tmp.dir, `db-${++dbCounter}`);
const opts = { timeout: TEST_TIMEOUT };

before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-protocol-');
});
after(() => tmp?.cleanup());

/** Starts a server on a fresh database file and completes the handshake. */
async function initialized(t, { version = LATEST_VERSION, logLevel, serveArgs = [] } = {}) {
  const server = startRaw(t, { db: freshDb(), logLevel, serveArgs });
  const init = await server.initialize(version);
  assert.equal(init.result?.protocolVersion, version, `initialize should accept ${version}`);
  return server;
}

function assertError(response, code, label) {
  assert.ok(response, `${label}: no response`);
  assert.ok(response.error, `${label}: expected a JSON-RPC error, got ${JSON.stringify(response)}`);
  assert.equal(response.error.code, code, `${label}: wrong error code in ${JSON.stringify(response)}`);
  assert.equal(typeof response.error.message, 'string', `${label}: error.message must be a string`);
  assert.ok(response.error.message.length > 0, `${label}: error.message is empty`);
  assert.equal(response.jsonrpc, '2.0');
  assert.ok(!('result' in response), `${label}: error response also has a result`);
}

/** Sends a ping and asserts it is answered (the server is still alive and reading). */
async function assertAlive(server, id = `alive-${Math.random().toString(36).slice(2)}`) {
  server.write({ jsonrpc: '2.0', id, method: 'ping' });
  const res = await server.waitForResponse(id);
  assert.deepEqual(res.result, {}, `ping after the previous input should succeed: ${JSON.stringify(res)}`);
}

/** Messages that arrived after index `from` that are responses. */
const responsesSince = (server, from) => server.messages.slice(from).filter((m) => Array.isArray(m) || isResponse(m));

describe('initialize', () => {
  for (const version of SUPPORTED_VERSIONS) {
    test(`echoes supported protocolVersion ${version}`, opts, async (t) => {
      const server = startRaw(t, { db: freshDb() });
      const res = await server.request('initialize', {
        protocolVersion: version,
        capabilities: {},
        clientInfo: { name: 'pm-e2e', version: '0' },
      });
      assert.equal(res.result?.protocolVersion, version, JSON.stringify(res));
      assertCleanStdout(server, { allowPartial: true });
    });
  }

  // libpq is opened by the first PostgreSQL connection only (src/store/pg/libpq.h),
  // and the HTTP server with its TLS lives in project-memory-http
  // (src/cli/http_launcher.h): a stdio server on SQLite loads none of them.
  test('a stdio server loads libpq only on PostgreSQL, and never the HTTP or TLS libraries', opts, async (t) => {
    const server = startRaw(t, { db: freshDb() });
    await server.initialize();
    const maps = fs.readFileSync(`/proc/${server.proc.pid}/maps`, 'utf8');
    const loaded = /\/libpq\.so/.test(maps);
    assert.equal(loaded, ON_POSTGRES, `libpq ${loaded ? 'mapped' : 'not mapped'} on ${ON_POSTGRES ? 'PostgreSQL' : 'SQLite'}`);
    // libpq brings its own TLS (libssl) and Kerberos, LDAP, GnuTLS with it.
    if (!ON_POSTGRES) assert.doesNotMatch(maps, /libkrb5|libldap|libgnutls|libssl\.so/);
    assert.doesNotMatch(maps, /libcpp-httplib/);
  });

  test('answers 2025-11-25 for an unknown protocolVersion', opts, async (t) => {
    const server = startRaw(t, { db: freshDb() });
    const res = await server.request('initialize', {
      protocolVersion: '1999-01-01',
      capabilities: {},
      clientInfo: { name: 'pm-e2e', version: '0' },
    });
    assert.equal(res.result?.protocolVersion, '2025-11-25', JSON.stringify(res));
  });

  test('result carries serverInfo, capabilities and instructions', opts, async (t) => {
    const server = startRaw(t, { db: freshDb() });
    const res = await server.initialize();
    const { result } = res;
    assert.ok(result, JSON.stringify(res));
    assert.equal(result.serverInfo?.name, 'project-memory');
    assert.equal(typeof result.serverInfo.version, 'string');
    assert.ok(result.serverInfo.version.length > 0, 'serverInfo.version is empty');
    assert.equal(typeof result.serverInfo.title, 'string');
    assert.ok(result.serverInfo.title.length > 0, 'serverInfo.title is empty');
    assert.deepEqual(result.capabilities?.tools, { listChanged: false });
    assert.deepEqual(result.capabilities?.logging, {});
    assert.equal(typeof result.instructions, 'string');
    assert.ok(result.instructions.trim().length > 0, 'instructions are empty');
  });

  test('response ids echo the request ids exactly', opts, async (t) => {
    const server = await initialized(t);
    const ids = [0, -1, 7, 9007199254740991, 'abc', '', 'ünïcödé ✓', '42'];
    for (const id of ids) server.write({ jsonrpc: '2.0', id, method: 'ping' });
    for (const id of ids) {
      const res = await server.waitForResponse(id);
      assert.deepEqual(res, { jsonrpc: '2.0', id, result: {} });
    }
    // '42' (string) and 42 (number) are different ids: no number 42 response may appear.
    assert.equal(server.messages.filter((m) => isResponse(m) && m.id === 42).length, 0);
  });
});

describe('before initialize', () => {
  test('ping is answered', opts, async (t) => {
    const server = startRaw(t, { db: freshDb() });
    const res = await server.request('ping', undefined, 'p0');
    assert.deepEqual(res.result, {}, JSON.stringify(res));
  });

  for (const [method, params] of [
    ['tools/list', {}],
    ['tools/call', { name: 'memory_workspace', arguments: { action: 'list' } }],
    ['logging/setLevel', { level: 'info' }],
  ]) {
    test(`${method} is refused with -32600 mentioning initialize`, opts, async (t) => {
      const server = startRaw(t, { db: freshDb() });
      const res = await server.request(method, params, `pre-${method}`);
      assertError(res, -32600, method);
      assert.match(res.error.message, /initiali[sz]/i, `message should mention initialize: ${res.error.message}`);
      // The refusal does not break the session: initialize still works afterwards.
      const init = await server.initialize();
      assert.equal(init.result.protocolVersion, LATEST_VERSION);
      const list = await server.request('tools/list', {});
      assert.ok(Array.isArray(list.result?.tools), JSON.stringify(list));
    });
  }
});

describe('malformed input', () => {
  test('unparsable JSON gets -32700 with id null and the server keeps reading', opts, async (t) => {
    const server = await initialized(t);
    const before = server.messages.length;
    server.write('{"jsonrpc": "2.0", "id": 1, "method": "ping"'); // truncated
    const res = await server.waitFor((msgs) => msgs.slice(before).find(isResponse), { what: 'parse error response' });
    assertError(res, -32700, 'parse error');
    assert.equal(res.id, null, `parse error id must be null: ${JSON.stringify(res)}`);
    server.write('this is not json at all');
    const res2 = await server.waitFor((msgs) => msgs.slice(before).filter(isResponse)[1], { what: 'second parse error response' });
    assertError(res2, -32700, 'parse error 2');
    assert.equal(res2.id, null);
    await assertAlive(server);
    assertCleanStdout(server, { allowPartial: true });
  });

  test('wrong or missing jsonrpc version gets -32600', opts, async (t) => {
    const server = await initialized(t);
    for (const [id, msg] of [
      ['v1', { jsonrpc: '1.0', id: 'v1', method: 'ping' }],
      ['v2', { id: 'v2', method: 'ping' }],
      ['v3', { jsonrpc: 2, id: 'v3', method: 'ping' }],
    ]) {
      const before = server.messages.length;
      server.write(msg);
      const res = await server.waitFor((msgs) => msgs.slice(before).find(isResponse), { what: `response to ${JSON.stringify(msg)}` });
      assertError(res, -32600, JSON.stringify(msg));
      assert.ok(res.id === id || res.id === null, `id should be ${JSON.stringify(id)} or null: ${JSON.stringify(res)}`);
      assert.ok(!('result' in res));
    }
    await assertAlive(server);
  });

  test('structurally invalid requests get -32600', opts, async (t) => {
    const server = await initialized(t);
    for (const line of [
      '42',
      '"ping"',
      'null',
      '{"jsonrpc":"2.0","id":"nm"}',
      '{"jsonrpc":"2.0","id":"m1","method":42}',
      '{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}',
      '{"jsonrpc":"2.0","id":[1],"method":"ping"}',
      '{"jsonrpc":"2.0","id":true,"method":"ping"}',
    ]) {
      const before = server.messages.length;
      server.write(line);
      const res = await server.waitFor((msgs) => msgs.slice(before).find(isResponse), { what: `response to ${line}` });
      assertError(res, -32600, line);
    }
    await assertAlive(server);
  });

  test('a line longer than --max-line-bytes gets -32600 with id null, later lines are answered', opts, async (t) => {
    const server = await initialized(t, { serveArgs: ['--max-line-bytes', '1024'] });
    const small = { jsonrpc: '2.0', id: 'small', method: 'ping', params: { _meta: { pad: 'y'.repeat(800) } } };
    assert.ok(JSON.stringify(small).length < 1024);
    server.write(small);
    assert.deepEqual((await server.waitForResponse('small')).result, {}, 'a line under the limit must be accepted');

    const big = JSON.stringify({ jsonrpc: '2.0', id: 'big', method: 'ping', params: { _meta: { pad: 'x'.repeat(5000) } } });
    assert.ok(Buffer.byteLength(big) > 5000);
    const before = server.messages.length;
    // Deliver the long line in several chunks to exercise the reader's buffering.
    for (let i = 0; i < big.length; i += 700) {
      server.write(Buffer.from(big.slice(i, i + 700)));
      await sleep(5);
    }
    server.write(Buffer.from('\n'));
    const res = await server.waitFor((msgs) => msgs.slice(before).find(isResponse), { what: 'oversized line error' });
    assertError(res, -32600, 'oversized line');
    assert.equal(res.id, null, `oversized line error id must be null: ${JSON.stringify(res)}`);
    await assertAlive(server, 'after-big');
    // A second oversized line (no JSON at all) is handled the same way.
    const before2 = server.messages.length;
    server.write('z'.repeat(3000));
    const res2 = await server.waitFor((msgs) => msgs.slice(before2).find(isResponse), { what: 'second oversized line error' });
    assertError(res2, -32600, 'oversized garbage line');
    await assertAlive(server, 'after-big-2');
    await sleep(QUIET_MS);
    assert.equal(server.responsesFor('big').length, 0, 'the oversized request must not be executed');
    const errors = server.messages.filter((m) => isResponse(m) && m.error);
    assert.equal(errors.length, 2, `exactly one error per oversized line expected, got ${JSON.stringify(errors)}`);
    assertCleanStdout(server, { allowPartial: true });
  });

  test('--max-line-bytes bounds the line exactly (N bytes accepted, N+1 refused)', opts, async (t) => {
    const limit = 1024;
    const server = await initialized(t, { serveArgs: ['--max-line-bytes', String(limit)] });
    const padded = (id, size) => {
      const base = JSON.stringify({ jsonrpc: '2.0', id, method: 'ping', params: { _meta: { pad: '' } } });
      const line = base.replace('"pad":""', `"pad":"${'p'.repeat(size - Buffer.byteLength(base))}"`);
      assert.equal(Buffer.byteLength(line), size);
      return line;
    };
    server.write(padded('exact', limit));
    const exact = await server.waitForResponse('exact');
    assert.deepEqual(exact.result, {}, `a line of exactly ${limit} bytes must be accepted: ${JSON.stringify(exact)}`);
    const before = server.messages.length;
    server.write(padded('over', limit + 1));
    const over = await server.waitFor((msgs) => msgs.slice(before).find(isResponse), { what: 'response to the N+1 line' });
    assertError(over, -32600, `line of ${limit + 1} bytes`);
    assert.equal(over.id, null);
    await assertAlive(server);
  });

  test('out-of-range numbers in arguments do not crash the server', opts, async (t) => {
    const server = await initialized(t);
    const raw = (id, value) => `{"jsonrpc":"2.0","id":"${id}","method":"tools/call","params":{"name":"memory_workspace","arguments":{"action":"get","workspace":${value}}}}`;
    const values = ['99999999999999999999999', '-99999999999999999999999', '9223372036854775807', '-1', '0', '1e308', '1.5', '-0'];
    values.forEach((v, i) => server.write(raw(`n${i}`, v)));
    for (let i = 0; i < values.length; i++) {
      const res = await server.waitForResponse(`n${i}`);
      const failed = res.error !== undefined || res.result?.isError === true;
      assert.ok(failed, `get workspace ${values[i]} on an empty database must fail: ${JSON.stringify(res)}`);
    }
    const limitRaw = '{"jsonrpc":"2.0","id":"lim","method":"tools/call","params":{"name":"memory_workspace","arguments":{"action":"list","limit":18446744073709551617}}}';
    server.write(limitRaw);
    const lim = await server.waitForResponse('lim');
    assert.ok(lim.error !== undefined || lim.result?.isError === true, `huge limit must be refused: ${JSON.stringify(lim)}`);
    await assertAlive(server);
  });

  const badUtf8 = {
    'lone 0xff byte': [0xff],
    'truncated 2-byte sequence': [0xc3],
    'overlong encoding of "/"': [0xc0, 0xaf],
    'UTF-16 surrogate encoded in UTF-8': [0xed, 0xa0, 0x80],
    'code point above U+10FFFF': [0xf4, 0x90, 0x80, 0x80],
  };
  for (const [label, bytes] of Object.entries(badUtf8)) {
    test(`invalid UTF-8 (${label}) gets -32700 and no crash`, opts, async (t) => {
      const server = await initialized(t);
      const before = server.messages.length;
      server.write(
        Buffer.concat([
          Buffer.from('{"jsonrpc":"2.0","id":"u1","method":"tools/call","params":{"name":"memory_workspace","arguments":{"action":"register","name":"'),
          Buffer.from(bytes),
          Buffer.from('"}}}\n'),
        ]),
      );
      const res = await server.waitFor((msgs) => msgs.slice(before).find(isResponse), { what: 'invalid UTF-8 error' });
      assertError(res, -32700, label);
      await assertAlive(server);
      // Nothing was registered from the bad line.
      const list = await server.request('tools/call', { name: 'memory_workspace', arguments: { action: 'list' } });
      assert.deepEqual(list.result?.structuredContent?.workspaces, [], JSON.stringify(list));
      assertCleanStdout(server, { allowPartial: true });
    });
  }

  test('deeply nested JSON gets an error response and no crash', opts, async (t) => {
    const server = await initialized(t);
    const depth = 100000;
    const cases = [
      ['bare array', '['.repeat(depth) + ']'.repeat(depth)],
      [
        'inside tool arguments',
        JSON.stringify({ jsonrpc: '2.0', id: 'deep', method: 'tools/call', params: { name: 'memory_workspace', arguments: { action: 'register', metadata: {} } } }).replace(
          '"metadata":{}',
          `"metadata":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
        ),
      ],
    ];
    for (const [label, line] of cases) {
      const before = server.messages.length;
      server.write(line);
      const res = await server.waitFor((msgs) => msgs.slice(before).find(isResponse), { what: `response to deeply nested ${label}` });
      const isToolError = res.result?.isError === true;
      assert.ok(res.error || isToolError, `${label}: expected an error, got ${JSON.stringify(res).slice(0, 500)}`);
      await assertAlive(server);
    }
  });

  test('CRLF line endings are accepted (\\r is JSON whitespace)', opts, async (t) => {
    const server = await initialized(t);
    server.write(Buffer.from('{"jsonrpc":"2.0","id":"crlf","method":"ping"}\r\n'));
    assert.deepEqual((await server.waitForResponse('crlf')).result, {});
  });
});

describe('methods', () => {
  test('unknown method gets -32601 with the request id', opts, async (t) => {
    const server = await initialized(t);
    const res = await server.request('no/such/method', {}, 'unk');
    assertError(res, -32601, 'unknown method');
    assert.equal(res.id, 'unk');
  });

  test('ping result is an empty object', opts, async (t) => {
    const server = await initialized(t);
    const res = await server.request('ping', undefined, 99);
    assert.deepEqual(res, { jsonrpc: '2.0', id: 99, result: {} });
  });

  test('logging/setLevel accepts every MCP level', opts, async (t) => {
    const server = await initialized(t);
    for (const level of ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']) {
      const res = await server.request('logging/setLevel', { level });
      assert.ok(res.result && !res.error, `logging/setLevel ${level}: ${JSON.stringify(res)}`);
    }
  });

  test('logging/setLevel with an invalid or missing level gets -32602', opts, async (t) => {
    const server = await initialized(t);
    assertError(await server.request('logging/setLevel', { level: 'verbose' }), -32602, 'invalid level');
    assertError(await server.request('logging/setLevel', {}), -32602, 'missing level');
  });

  test('tools/call without arguments is a tool error naming action', opts, async (t) => {
    const server = await initialized(t);
    const res = await server.request('tools/call', { name: 'memory_workspace' });
    assert.equal(res.result?.isError, true, JSON.stringify(res));
    assert.match(res.result.content?.[0]?.text ?? '', /action/);
  });

  test('tools/call accepts _meta with a progressToken', opts, async (t) => {
    const server = await initialized(t);
    const res = await server.request('tools/call', { name: 'memory_workspace', arguments: { action: 'list' }, _meta: { progressToken: 'tok-1' } });
    assert.equal(res.result?.isError, false, JSON.stringify(res));
    assert.deepEqual(res.result.structuredContent?.workspaces, []);
    for (const m of server.messages.filter((x) => x.method === 'notifications/progress')) {
      assert.equal(m.params?.progressToken, 'tok-1', `progress for an unknown token: ${JSON.stringify(m)}`);
    }
  });

  test('tools/call with an unknown tool gets -32602', opts, async (t) => {
    const server = await initialized(t);
    const res = await server.request('tools/call', { name: 'no_such_tool', arguments: {} }, 'nt');
    assertError(res, -32602, 'unknown tool');
  });

  test('tools/call without a tool name gets -32602', opts, async (t) => {
    const server = await initialized(t);
    assertError(await server.request('tools/call', { arguments: { action: 'list' } }, 'noname'), -32602, 'tools/call without name');
    assertError(await server.request('tools/call', { name: 42, arguments: {} }, 'numname'), -32602, 'tools/call with numeric name');
  });

  for (const [label, args] of [
    ['an array', [1, 2]],
    ['a string', 'action=list'],
    ['a number', 3],
  ]) {
    test(`tools/call with arguments that are ${label} gets -32602`, opts, async (t) => {
      const server = await initialized(t);
      const res = await server.request('tools/call', { name: 'memory_workspace', arguments: args }, 'badargs');
      assertError(res, -32602, `arguments ${label}`);
    });
  }

  test('tools/list with --tools-page-size 1 pages one tool at a time', opts, async (t) => {
    const server = await initialized(t, { serveArgs: ['--tools-page-size', '1'] });
    const names = [];
    let cursor;
    for (let page = 0; page < 100; page++) {
      const res = await server.request('tools/list', cursor === undefined ? {} : { cursor });
      assert.ok(res.result && Array.isArray(res.result.tools), JSON.stringify(res));
      assert.ok(res.result.tools.length <= 1, `page larger than 1: ${res.result.tools.length}`);
      names.push(...res.result.tools.map((tool) => tool.name));
      if (!('nextCursor' in res.result)) break;
      assert.equal(typeof res.result.nextCursor, 'string');
      cursor = res.result.nextCursor;
    }
    assert.ok(names.includes('memory_workspace'));
    assert.equal(new Set(names).size, names.length, 'no tool repeated across pages');
    const bad = await server.request('tools/list', { cursor: 'definitely-not-a-cursor' });
    assertError(bad, -32602, 'invalid cursor');
  });

  for (const version of SUPPORTED_VERSIONS) {
    test(`tools/list pages end without nextCursor; outputSchema presence matches ${version}`, opts, async (t) => {
      const server = await initialized(t, { version });
      const tools = [];
      let cursor;
      for (let page = 0; page < 100; page++) {
        const res = await server.request('tools/list', cursor === undefined ? {} : { cursor });
        assert.ok(res.result && Array.isArray(res.result.tools), JSON.stringify(res));
        tools.push(...res.result.tools);
        if (!('nextCursor' in res.result)) break;
        assert.equal(typeof res.result.nextCursor, 'string', `nextCursor must be a string when present: ${JSON.stringify(res.result.nextCursor)}`);
        cursor = res.result.nextCursor;
      }
      assert.ok(tools.some((tool) => tool.name === 'memory_workspace'), 'memory_workspace is listed');
      assert.equal(new Set(tools.map((tool) => tool.name)).size, tools.length, 'tool names are unique across pages');
      const wantsOutputSchema = version >= '2025-06-18';
      for (const tool of tools) {
        assert.equal('outputSchema' in tool, wantsOutputSchema, `${tool.name}: outputSchema ${wantsOutputSchema ? 'missing' : 'present'} for ${version}`);
      }
    });
  }
});

describe('batches', () => {
  for (const version of SUPPORTED_VERSIONS.filter((v) => v !== '2025-03-26')) {
    test(`a batch is refused with -32600 under ${version}`, opts, async (t) => {
      const server = await initialized(t, { version });
      const before = server.messages.length;
      server.write([
        { jsonrpc: '2.0', id: 'b1', method: 'ping' },
        { jsonrpc: '2.0', id: 'b2', method: 'tools/list' },
      ]);
      const res = await server.waitFor((msgs) => msgs.slice(before)[0], { what: 'batch refusal' });
      assert.ok(!Array.isArray(res), `a refused batch must get a single error object, got ${JSON.stringify(res)}`);
      assertError(res, -32600, 'batch');
      await assertAlive(server);
      await sleep(QUIET_MS);
      assert.equal(server.responsesFor('b1').length + server.responsesFor('b2').length, 0, 'requests inside a refused batch must not be executed');
      assert.equal(responsesSince(server, before).length, 2, `only the refusal and the ping expected: ${JSON.stringify(server.messages.slice(before))}`);
    });
  }

  test('under 2025-03-26 a batch is answered with an array of responses', opts, async (t) => {
    const server = await initialized(t, { version: '2025-03-26' });
    const before = server.messages.length;
    server.write([
      { jsonrpc: '2.0', id: 'b1', method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'nothing', reason: 'test' } },
      { jsonrpc: '2.0', id: 'b2', method: 'tools/list' },
      { jsonrpc: '2.0', id: 'b3', method: 'no/such/method' },
      { jsonrpc: '2.0', id: 'b4', method: 'tools/call', params: { name: 'memory_workspace', arguments: { action: 'list' } } },
    ]);
    const res = await server.waitFor((msgs) => msgs.slice(before).find((m) => Array.isArray(m) || isResponse(m)), { what: 'batch response' });
    assert.ok(Array.isArray(res), `expected an array, got ${JSON.stringify(res)}`);
    const byId = new Map(res.map((r) => [r.id, r]));
    assert.equal(res.length, 4, `one response per request and none for the notification: ${JSON.stringify(res)}`);
    assert.deepEqual([...byId.keys()].sort(), ['b1', 'b2', 'b3', 'b4']);
    assert.deepEqual(byId.get('b1').result, {});
    assert.ok(Array.isArray(byId.get('b2').result?.tools));
    assertError(byId.get('b3'), -32601, 'unknown method in batch');
    assert.ok(Array.isArray(byId.get('b4').result?.structuredContent?.workspaces), JSON.stringify(byId.get('b4')));
    await assertAlive(server);
  });

  test('under 2025-03-26 an invalid batch element gets its own -32600 entry', opts, async (t) => {
    const server = await initialized(t, { version: '2025-03-26' });
    const before = server.messages.length;
    server.write([1, { jsonrpc: '2.0', id: 'ok', method: 'ping' }]);
    const res = await server.waitFor((msgs) => msgs.slice(before).find((m) => Array.isArray(m) || isResponse(m)), { what: 'batch response' });
    assert.ok(Array.isArray(res), `expected an array, got ${JSON.stringify(res)}`);
    assert.equal(res.length, 2, JSON.stringify(res));
    const bad = res.find((r) => r.id === null);
    assertError(bad, -32600, 'invalid batch element');
    assert.deepEqual(res.find((r) => r.id === 'ok')?.result, {});
  });

  test('under 2025-03-26 a batch of only notifications gets no response', opts, async (t) => {
    const server = await initialized(t, { version: '2025-03-26' });
    const before = server.messages.length;
    server.write([
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } },
    ]);
    await sleep(QUIET_MS);
    await assertAlive(server, 'after-notif-batch');
    const got = responsesSince(server, before);
    assert.equal(got.length, 1, `only the ping must be answered: ${JSON.stringify(got)}`);
  });

  test('under 2025-03-26 an empty batch gets a single -32600 error', opts, async (t) => {
    const server = await initialized(t, { version: '2025-03-26' });
    const before = server.messages.length;
    server.write('[]');
    const res = await server.waitFor((msgs) => msgs.slice(before)[0], { what: 'empty batch error' });
    assert.ok(!Array.isArray(res), `expected a single error object, got ${JSON.stringify(res)}`);
    assertError(res, -32600, 'empty batch');
    assert.equal(res.id, null);
  });
});

describe('notifications and request accounting', () => {
  test('notifications are never answered', opts, async (t) => {
    const server = startRaw(t, { db: freshDb() });
    // A notification before initialize is not answered either.
    server.notify('notifications/cancelled', { requestId: 'x' });
    await server.initialize();
    const before = server.messages.length;
    server.notify('notifications/initialized');
    server.notify('notifications/cancelled', { requestId: 12345, reason: 'not running' });
    server.notify('notifications/cancelled');
    server.notify('notifications/progress', { progressToken: 't', progress: 1 });
    server.notify('notifications/roots/list_changed');
    server.notify('no/such/notification', { a: 1 });
    server.notify('tools/list'); // a request method sent without an id is a notification
    server.notify('ping');
    server.write({ jsonrpc: '2.0', id: 'last', method: 'ping' });
    await server.waitForResponse('last');
    await sleep(QUIET_MS);
    const got = responsesSince(server, before);
    assert.deepEqual(got, [{ jsonrpc: '2.0', id: 'last', result: {} }], `only the ping may be answered, got ${JSON.stringify(got)}`);
    const beforeInitResponses = server.messages.filter((m) => isResponse(m));
    assert.equal(beforeInitResponses.length, 2, `initialize + ping only, got ${JSON.stringify(beforeInitResponses)}`);
    assertCleanStdout(server, { allowPartial: true });
  });

  test('50 pipelined mixed requests are each answered exactly once', opts, async (t) => {
    const server = await initialized(t);
    const dir = path.join(tmp.dir, 'mixed-workspace');
    const requests = [];
    for (let i = 0; i < 50; i++) {
      const id = i % 2 === 0 ? i + 1000 : `mixed-${i}`;
      let msg;
      switch (i % 10) {
        case 0: msg = { method: 'ping' }; break;
        case 1: msg = { method: 'tools/list', params: {} }; break;
        case 2: msg = { method: 'tools/call', params: { name: 'memory_workspace', arguments: { action: 'register', path: `${dir}-${i}`, name: `ws ${i}` } } }; break;
        case 3: msg = { method: 'tools/call', params: { name: 'memory_workspace', arguments: { action: 'list', limit: 5 } } }; break;
        case 4: msg = { method: 'tools/call', params: { name: 'memory_workspace', arguments: { action: 'describe' } } }; break;
        case 5: msg = { method: 'no/such/method' }; break;
        case 6: msg = { method: 'tools/call', params: { name: 'no_such_tool', arguments: {} } }; break;
        case 7: msg = { method: 'tools/call', params: { name: 'memory_workspace', arguments: { action: 'bogus' } } }; break;
        case 8: msg = { method: 'logging/setLevel', params: { level: 'error' } }; break;
        default: msg = { method: 'tools/call', params: { name: 'memory_workspace', arguments: { action: 'get', workspace: 999999 } } };
      }
      requests.push({ jsonrpc: '2.0', id, ...msg });
    }
    const before = server.messages.length;
    // Interleave notifications, and send everything in one write.
    const lines = [];
    requests.forEach((r, i) => {
      lines.push(JSON.stringify(r));
      if (i % 7 === 0) lines.push(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'none' } }));
    });
    server.write(Buffer.from(lines.join('\n') + '\n'));
    await server.waitFor((msgs) => msgs.slice(before).filter(isResponse).length >= 50, { what: '50 responses' });
    await sleep(QUIET_MS);
    const got = responsesSince(server, before);
    assert.equal(got.length, 50, `expected exactly 50 responses, got ${got.length}`);
    for (const r of requests) {
      const matches = got.filter((m) => m.id === r.id);
      assert.equal(matches.length, 1, `request ${JSON.stringify(r)} answered ${matches.length} times`);
      const [res] = matches;
      if (r.method === 'no/such/method') assertError(res, -32601, 'unknown method');
      else if (r.method === 'tools/call' && r.params.name === 'no_such_tool') assertError(res, -32602, 'unknown tool');
      else assert.ok(res.result && !res.error, `unexpected error for ${JSON.stringify(r)}: ${JSON.stringify(res)}`);
      if (r.method === 'tools/call' && r.params.arguments.action === 'bogus') assert.equal(res.result.isError, true);
    }
    assertCleanStdout(server, { allowPartial: true });
  });

  test('requests sent right before EOF are answered before exit', opts, async (t) => {
    const server = await initialized(t);
    for (let i = 0; i < 10; i++) server.write({ jsonrpc: '2.0', id: `eof-${i}`, method: i % 2 ? 'ping' : 'tools/list' });
    const { code, signal } = await server.closeStdin();
    assert.equal(signal, null);
    assert.equal(code, 0);
    for (let i = 0; i < 10; i++) assert.equal(server.responsesFor(`eof-${i}`).length, 1, `eof-${i} answered once`);
    assertCleanStdout(server);
  });
});

describe('shared database', () => {
  const call = (id, args) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'memory_workspace', arguments: args } });

  test('two servers writing to one database concurrently both succeed', opts, async (t) => {
    const db = freshDb();
    const a = startRaw(t, { db });
    const b = startRaw(t, { db });
    await Promise.all([a.initialize(), b.initialize()]);
    const n = 25;
    const lines = (server, tag) => {
      const out = [];
      for (let i = 0; i < n; i++) out.push(JSON.stringify(call(`${tag}${i}`, { action: 'register', path: path.join(tmp.dir, 'concurrent', `${tag}-${i}`), metadata: { i } })));
      server.write(Buffer.from(out.join('\n') + '\n'));
    };
    lines(a, 'a');
    lines(b, 'b');
    for (const [server, tag] of [[a, 'a'], [b, 'b']]) {
      for (let i = 0; i < n; i++) {
        const res = await server.waitForResponse(`${tag}${i}`);
        assert.equal(res.result?.isError, false, `${tag}${i}: ${JSON.stringify(res)}`);
        assert.equal(res.result.structuredContent?.created, true, `${tag}${i}: ${JSON.stringify(res)}`);
      }
    }
    const list = await a.request('tools/call', { name: 'memory_workspace', arguments: { action: 'list', limit: 500 } });
    const ids = list.result?.structuredContent?.workspaces?.map((w) => w.id) ?? [];
    assert.equal(ids.length, 2 * n, `both servers' workspaces are visible: ${JSON.stringify(list).slice(0, 500)}`);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  });

  test('the same path registered concurrently by two servers yields one workspace', opts, async (t) => {
    const db = freshDb();
    const servers = [startRaw(t, { db }), startRaw(t, { db }), startRaw(t, { db })];
    await Promise.all(servers.map((s) => s.initialize()));
    for (let round = 0; round < 5; round++) {
      const dir = path.join(tmp.dir, 'race', `r${round}`);
      servers.forEach((s, i) => s.write(call(`race-${round}-${i}`, { action: 'register', path: dir })));
      const results = await Promise.all(servers.map((s, i) => s.waitForResponse(`race-${round}-${i}`)));
      for (const r of results) assert.equal(r.result?.isError, false, `round ${round}: ${JSON.stringify(r)}`);
      const ids = new Set(results.map((r) => r.result.structuredContent.workspace.id));
      assert.equal(ids.size, 1, `round ${round}: one workspace id expected, got ${[...ids]}`);
      const created = results.filter((r) => r.result.structuredContent.created === true).length;
      assert.equal(created, 1, `round ${round}: exactly one created:true expected, got ${created}`);
    }
  });
});

describe('stdout hygiene and process lifetime', () => {
  test('with --log-level trace stdout carries only JSON-RPC lines', opts, async (t) => {
    const server = await initialized(t, { logLevel: 'trace' });
    await server.request('tools/list', {});
    await server.request('logging/setLevel', { level: 'debug' });
    await server.request('tools/call', { name: 'memory_workspace', arguments: { action: 'register', path: path.join(tmp.dir, 'trace-ws') } });
    await server.request('tools/call', { name: 'memory_workspace', arguments: { action: 'bogus' } });
    await server.request('no/such/method');
    server.write('{broken');
    await server.request('ping');
    const { code } = await server.closeStdin();
    assert.equal(code, 0);
    assertCleanStdout(server);
    // Anything on stdout that is not a response must be a well-formed MCP notification.
    const levels = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];
    for (const m of server.messages.filter((x) => !isResponse(x))) {
      assert.ok(!('id' in m), `server sent a request to the client: ${JSON.stringify(m)}`);
      if (m.method === 'notifications/message') {
        assert.ok(levels.includes(m.params?.level), `bad log level in ${JSON.stringify(m)}`);
        assert.ok('data' in m.params, `log notification without data: ${JSON.stringify(m)}`);
      }
    }
  });

  for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'off']) {
    test(`--log-level ${level} is accepted`, opts, async (t) => {
      const server = await initialized(t, { logLevel: level });
      await assertAlive(server);
      assert.equal((await server.closeStdin()).code, 0);
      assertCleanStdout(server);
    });
  }

  test('options are also accepted after the subcommand (serve --db FILE --log-level L --max-line-bytes N)', opts, async (t) => {
    const db = freshDb();
    const server = startRaw(t, { argv: ['serve', '--db', db, '--log-level', 'warn', '--max-line-bytes', '4096'] });
    const init = await server.initialize();
    assert.equal(init.result?.protocolVersion, LATEST_VERSION);
    await assertAlive(server);
    assert.equal((await server.closeStdin()).code, 0);
    if (ON_POSTGRES) assert.equal(query(db, "SELECT to_regclass('workspaces');").trim(), 'workspaces', 'the database was migrated');
    else assert.ok(fs.existsSync(db), `database file ${db} was not created`);
  });

  test('--db FILE creates the database file', { ...opts, skip: sqliteOnly('a PostgreSQL database is not a file') }, async (t) => {
    const db = freshDb();
    const server = startRaw(t, { db });
    await server.initialize();
    await server.request('tools/call', { name: 'memory_workspace', arguments: { action: 'register', path: path.join(tmp.dir, 'file-ws') } });
    assert.equal((await server.closeStdin()).code, 0);
    assert.ok(fs.existsSync(db), `database file ${db} was not created`);
  });

  test('--db :memory: works', opts, async (t) => {
    const server = startRaw(t, { db: ':memory:' });
    await server.initialize();
    const res = await server.request('tools/call', { name: 'memory_workspace', arguments: { action: 'register', path: path.join(tmp.dir, 'mem-ws') } });
    assert.equal(res.result?.structuredContent?.created, true, JSON.stringify(res));
    assert.equal((await server.closeStdin()).code, 0);
  });

  test('exits 0 on EOF before initialize', opts, async (t) => {
    const server = startRaw(t, { db: freshDb() });
    const { code, signal } = await server.closeStdin();
    assert.equal(signal, null, `killed by ${signal}\n${server.describe()}`);
    assert.equal(code, 0, server.describe());
    assertCleanStdout(server);
  });

  test('exits 0 on EOF after initialize', opts, async (t) => {
    const server = await initialized(t);
    const { code, signal } = await server.closeStdin();
    assert.equal(signal, null, `killed by ${signal}\n${server.describe()}`);
    assert.equal(code, 0, server.describe());
    assertCleanStdout(server);
  });

  for (const sig of ['SIGTERM', 'SIGINT']) {
    test(`exits 0 on ${sig}`, opts, async (t) => {
      const server = await initialized(t);
      await assertAlive(server);
      server.proc.kill(sig);
      const { code, signal } = await server.waitExit();
      assert.equal(signal, null, `terminated by ${signal} instead of exiting cleanly\n${server.describe()}`);
      assert.equal(code, 0, server.describe());
      assertCleanStdout(server);
    });

    test(`exits 0 on ${sig} while busy, leaving no torn stdout line`, opts, async (t) => {
      const server = await initialized(t);
      const lines = [];
      for (let i = 0; i < 2000; i++) lines.push(JSON.stringify({ jsonrpc: '2.0', id: `busy-${i}`, method: 'tools/list' }));
      server.write(Buffer.from(lines.join('\n') + '\n'));
      await server.waitForResponse('busy-0');
      server.proc.kill(sig);
      const { code, signal } = await server.waitExit();
      assert.equal(signal, null, `terminated by ${signal}\n${server.describe()}`);
      assert.equal(code, 0, server.describe());
      assertCleanStdout(server);
    });

    test(`exits 0 on ${sig} while idle before initialize`, opts, async (t) => {
      const server = startRaw(t, { db: freshDb() });
      await assertAlive(server); // ensures startup is complete
      server.proc.kill(sig);
      const { code, signal } = await server.waitExit();
      assert.equal(signal, null, `terminated by ${signal}\n${server.describe()}`);
      assert.equal(code, 0, server.describe());
    });
  }
});
