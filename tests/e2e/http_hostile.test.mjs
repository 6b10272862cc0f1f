// Hostile input over HTTP: malformed JSON and JSON-RPC, huge bodies declared
// and chunked, headers too large, slowloris-style slow headers, path traversal
// in routes, bad methods and raw garbage. Each is answered (or the connection
// closed) without harm: the server stays alive and answers others meanwhile,
// and the database passes its integrity check with the rows of a workspace no
// request was meant to change unchanged.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { freshDb } from './lib/backend.mjs';
import { TEST_TIMEOUT, assertBinaryExists, makeTempDir } from './lib/harness.mjs';
import { HOSTILE_STRINGS, integrityCheck, workspaceChecksum } from './lib/hostile.mjs';
import { rawExchange, request, startHttpServer } from './lib/http_server.mjs';

const TIMEOUT = Math.max(TEST_TIMEOUT, 30000) * 3;
let tmp;
before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-http-hostile-');
});
after(() => tmp?.cleanup());

const status = (raw) => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw.data)?.[1] ?? 0);

test('malformed, huge, slow, traversing and garbage requests leave the server and the database whole', { timeout: TIMEOUT }, async (t) => {
  const db = freshDb(tmp.dir, 'hostile');
  const server = await startHttpServer(t, {
    db,
    cwd: tmp.dir,
    serveArgs: ['--max-body-bytes', '65536', '--max-header-bytes', '4096', '--header-timeout-ms', '1500', '--read-timeout-ms', '1500',
      '--max-connections', '32'],
  });
  const call = (method, p, extra) => request(server, method, p, extra);
  assert.equal((await call('POST', '/api/tools/memory_workspace/register', { body: { name: 'safe', path: path.join(tmp.dir, 'safe') } })).status, 200);
  await call('POST', '/repos/safe/tracks', { body: { name: 'Ops' } });
  await call('POST', '/tasks', { body: { project: 'safe', description: 'Keep me' } });
  assert.equal((await call('POST', '/api/tools/memory_workspace/register', { body: { name: 'play', path: path.join(tmp.dir, 'play') } })).status, 200);
  const before = workspaceChecksum(db, 1);
  const alive = async (label) => {
    const res = await call('GET', '/health');
    assert.equal(res.status, 200, `server not answering after ${label}`);
  };

  // Malformed JSON and JSON-RPC, on /mcp and on REST routes.
  const bodies = ['{', '[', 'null', '"x"', '{"jsonrpc":"2.0"}', '{"jsonrpc":"2.0","id":{},"method":"ping"}', '[]',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":"x"}', '1e999999', '\u00ff\u00fe', '[' .repeat(5000),
    '{"a":' + '['.repeat(200) + ']'.repeat(200) + '}'];
  for (const body of bodies) {
    const mcp = await call('POST', '/mcp', { body, headers: { 'Content-Type': 'application/json', 'MCP-Protocol-Version': '2025-11-25' } });
    assert.ok([200, 202, 400].includes(mcp.status), `/mcp ${JSON.stringify(body).slice(0, 40)} -> ${mcp.status}`);
    const rest = await call('POST', '/api/tools/memory_workspace/list', { body, headers: { 'Content-Type': 'application/json' } });
    assert.equal(rest.status, 400, `REST ${JSON.stringify(body).slice(0, 40)} -> ${rest.status}`);
  }
  await alive('malformed bodies');

  // Hostile strings in route segments, queries and bodies are data, never SQL or paths.
  for (const s of HOSTILE_STRINGS) {
    const seg = encodeURIComponent(s);
    for (const p of [`/repos/${seg}/tracks`, `/tasks/${seg}?project=safe`, `/tasks?project=${seg}`, `/api/tools/${seg}/list`]) {
      const res = await call('GET', p);
      assert.ok(res.status >= 400 && res.status < 500, `${p.slice(0, 60)} -> ${res.status}`);
      assert.match(res.headers.get('content-type'), /problem\+json/);
    }
    await call('POST', '/repos/play/tracks', { body: { name: s.slice(0, 200) } });
  }
  // Path traversal in every spelling reaches no route and no file.
  for (const p of ['/repos/../../etc/passwd', '/repos/%2e%2e/tracks', '/repos/..%2f..%2fetc/tracks', '/api/tools/..%5C..%5Cetc/list',
    '/tasks/%00', '/repos/safe/tracks/..', '/./health', '//health', '/openapi.json/..']) {
    const raw = await rawExchange(server.port, [`GET ${p} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`]);
    assert.ok([400, 404].includes(status(raw)), `${p} -> ${raw.data.slice(0, 40)}`);
    assert.doesNotMatch(raw.data, /root:/);
  }
  await alive('traversal');

  // Bad methods and garbage request lines.
  for (const line of ['TRACE /mcp HTTP/1.1', 'CONNECT localhost:1 HTTP/1.1', 'BREW /mcp HTTP/1.1', 'GET', 'GET /health HTTP/9.9',
    '\u0000\u0001\u0002', 'GET /health HTTP/1.1\r\nHost: localhost\r\nContent-Length: -5']) {
    const raw = await rawExchange(server.port, [`${line}\r\n\r\n`], { timeoutMs: 4000 });
    const code = status(raw);
    assert.ok(code === 0 ? raw.closed : code >= 400 || code === 200, `${JSON.stringify(line)} -> ${raw.data.slice(0, 60)}`);
  }
  await alive('bad methods');

  // Huge bodies: declared (refused before reading), chunked (cut at the limit), and a lie.
  const declared = await rawExchange(server.port, [`POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 5000000000\r\n\r\n{"x":`]);
  assert.equal(status(declared), 413);
  const chunk = 'x'.repeat(32768);
  const chunks = [`POST /api/tools/memory_workspace/list HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`];
  for (let i = 0; i < 8; i++) chunks.push(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
  chunks.push('0\r\n\r\n');
  const chunked = await rawExchange(server.port, chunks);
  assert.equal(status(chunked), 413, chunked.data.slice(0, 80));
  const short = await rawExchange(server.port, [`POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"jsonrpc":"2.0"`], { timeoutMs: 6000 });
  assert.ok(short.closed || status(short) >= 400, 'a body shorter than declared is not waited on forever');
  await alive('huge bodies');

  // Headers: too many bytes in one line, in many lines, and a request line without end.
  const wide = await rawExchange(server.port, [`GET /health HTTP/1.1\r\nHost: localhost\r\nX-A: ${'a'.repeat(10000)}\r\n\r\n`]);
  assert.equal(status(wide), 431);
  const many = ['GET /health HTTP/1.1\r\nHost: localhost\r\n'];
  for (let i = 0; i < 400; i++) many.push(`X-${i}: ${'b'.repeat(20)}\r\n`);
  many.push('\r\n');
  assert.equal(status(await rawExchange(server.port, many)), 431);
  const endless = await rawExchange(server.port, ['GET /' + 'c'.repeat(200000)]);
  assert.ok(endless.closed && (status(endless) === 431 || status(endless) === 0));
  await alive('large headers');

  // Slowloris: headers a byte at a time, slower than the header deadline, on many
  // connections at once; the server answers each 408 and closes it, and answers
  // others meanwhile.
  const slow = [];
  for (let i = 0; i < 8; i++) {
    const bytes = 'GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n'.split('');
    slow.push(rawExchange(server.port, bytes, { gapMs: 200, timeoutMs: 15000 }));
  }
  // And a request line on time with slow headers after it.
  const line = 'GET /health HTTP/1.1\r\n';
  for (let i = 0; i < 4; i++) {
    slow.push(rawExchange(server.port, [line, ...'Host: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n'.split('')], { gapMs: 200, timeoutMs: 15000 }));
  }
  const meanwhile = Date.now();
  await alive('slow headers started');
  assert.ok(Date.now() - meanwhile < 5000, 'other clients waited on the slow ones');
  for (const r of await Promise.all(slow)) {
    assert.ok(r.closed, 'a slow client kept its connection past the header deadline');
    assert.equal(status(r), 408, `a slow request got ${JSON.stringify(r.data.slice(0, 80))}`);
    assert.match(r.data, /application\/problem\+json/);
    assert.match(r.data, /"code":"header_timeout"/);
  }

  // Connections past the cap get 503 at once, and the server recovers.
  const hold = [];
  for (let i = 0; i < 40; i++) hold.push(rawExchange(server.port, ['GET /health HTTP/1.1\r\nHost: localhost\r\n'], { timeoutMs: 3000 }));
  const held = await Promise.all(hold);
  assert.ok(held.some((r) => status(r) === 503 && /too_many_connections/.test(r.data)), 'no connection was refused past the cap');
  await alive('connection flood');

  assert.equal(server.proc.exitCode, null, `server died:\n${server.stderr()}`);
  assert.equal(integrityCheck(db), 'ok');
  assert.equal(workspaceChecksum(db, 1), before, 'the rows of workspace "safe" changed');
  const tracks = await call('GET', '/repos/safe/tracks');
  assert.equal(tracks.status, 200);
  assert.ok(tracks.body.tracks.some((x) => x.name === 'Ops'));
  assert.equal((await call('GET', '/tasks/T1?project=safe')).body.task.description, 'Keep me');
  const { code } = await server.stop();
  assert.equal(code, 0, server.stderr());
});
