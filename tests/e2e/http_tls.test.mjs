// `serve --http ... --tls-cert FILE --tls-key FILE` end to end: HTTPS with a
// throwaway self-signed certificate (made with the openssl CLI), trusted by the
// client as its CA. MCP and REST answer as over plain HTTP, tokens and Origin
// are checked, limits are answered over TLS, plain HTTP or a failed handshake
// on the port frees its connection, SIGTERM exits 0; and the start-up errors:
// one flag without the other (exit 2), a certificate or key that cannot be
// used (exit 1, the file named, no key material printed).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import tls from 'node:tls';

import { freshDb as newDb } from './lib/backend.mjs';
import { LATEST_VERSION, TEST_TIMEOUT, assertBinaryExists, makeTempDir, sleep } from './lib/harness.mjs';
import { createToken, jsonRequest, parseBody, rawExchange, startHttpServer } from './lib/http_server.mjs';

const opts = { timeout: TEST_TIMEOUT * 2 };
let tmp;
let cert; // { certFile, keyFile, ca }
let counter = 0;
const freshDb = () => newDb(tmp.dir, `tls-${++counter}`);

function openssl(args) {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`openssl ${args[0]} failed (is Debian's openssl installed?): ${r.error ?? r.stderr}`);
}

before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-tls-');
  const certFile = path.join(tmp.dir, 'cert.pem');
  const keyFile = path.join(tmp.dir, 'key.pem');
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost']);
  cert = { certFile, keyFile, ca: fs.readFileSync(certFile) };
});
after(() => tmp?.cleanup());

const tlsArgs = () => ['--tls-cert', cert.certFile, '--tls-key', cert.keyFile];

/** A server on a fresh database, serving HTTPS with the test certificate. */
function startTls(t, { serveArgs = [], ...rest } = {}) {
  return startHttpServer(t, { db: freshDb(), cwd: tmp.dir, serveArgs: [...tlsArgs(), ...serveArgs], ...rest });
}

/**
 * One HTTPS request trusting the test certificate (`ca: null`: only the
 * system's CAs). Resolves to { status, headers, body (parsed JSON or text), text }.
 */
function call(server, method, p, { body, headers, token, ca = cert.ca, agent = false } = {}) {
  const { headers: h, payload } = jsonRequest({ body, headers, token });
  if (payload !== undefined) h['Content-Length'] = Buffer.byteLength(payload);
  return new Promise((resolve, reject) => {
    const req = https.request(server.url + p, { method, headers: h, ca, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: parseBody(text), text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Opens a TLS connection and leaves it idle until it holds the server's only
 * connection slot. The worker that answered the previous request may still be
 * closing its connection (reading what the client still sends), and while it
 * does, a new connection is refused with 503; such a connection is closed and
 * another opened, for up to two seconds.
 */
async function holdOnlySlot(server) {
  let refusals = 0;
  for (let i = 0; i < 20; ++i) {
    const idle = tls.connect({ host: '127.0.0.1', port: server.port, ca: cert.ca });
    let data = '';
    idle.on('data', (d) => { data += d; });
    await new Promise((resolve, reject) => { idle.once('secureConnect', resolve); idle.once('error', reject); });
    await sleep(100);
    if (!data) return idle;
    assert.match(data, /^HTTP\/1\.1 503 /, 'an idle connection was sent something other than a refusal');
    ++refusals;
    idle.destroy();
  }
  assert.fail(`the previous connection never freed the only slot (${refusals} refusals):\n${server.stderr()}`);
}

const mcpHeaders = { Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': LATEST_VERSION };

/** GET /health over HTTPS until it answers 200, for up to a second. */
async function assertServed(server, what) {
  let last;
  for (let i = 0; i < 20; ++i) {
    last = await call(server, 'GET', '/health').catch((e) => ({ status: e.code ?? e.message }));
    if (last.status === 200) return;
    await sleep(50);
  }
  assert.fail(`after ${what}, GET /health over HTTPS answers ${last.status}, not 200:\n${server.stderr()}`);
}

describe('HTTPS', () => {
  test('MCP initialize and tools/call over https; the start line says https://', opts, async (t) => {
    const server = await startTls(t);
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const init = await call(server, 'POST', '/mcp', {
      headers: { Accept: mcpHeaders.Accept },
      body: { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: LATEST_VERSION, capabilities: {}, clientInfo: { name: 'tls-test', version: '1' } } },
    });
    assert.equal(init.status, 200, init.text);
    assert.equal(init.body.result.protocolVersion, LATEST_VERSION);
    const initialized = await call(server, 'POST', '/mcp', { headers: mcpHeaders, body: { jsonrpc: '2.0', method: 'notifications/initialized' } });
    assert.equal(initialized.status, 202);
    const register = await call(server, 'POST', '/mcp', {
      headers: mcpHeaders,
      body: { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'memory_workspace', arguments: { action: 'register', name: 'shop', path: path.join(tmp.dir, 'shop') } } },
    });
    assert.equal(register.status, 200, register.text);
    assert.notEqual(register.body.result.isError, true, register.text);
    const list = await call(server, 'POST', '/mcp', {
      headers: mcpHeaders,
      body: { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'memory_workspace', arguments: { action: 'list' } } },
    });
    assert.equal(list.status, 200, list.text);
    assert.match(JSON.stringify(list.body.result), /shop/);
  });

  test('tokens and Origin over https: 401 without a token, 200 with one, 403 for a foreign origin', opts, async (t) => {
    const db = freshDb();
    const token = createToken(db, 'team');
    const server = await startHttpServer(t, { db, cwd: tmp.dir, serveArgs: tlsArgs() });
    const without = await call(server, 'POST', '/api/tools/memory_workspace/list', { body: {} });
    assert.equal(without.status, 401, without.text);
    assert.match(without.headers['www-authenticate'], /^Bearer/);
    assert.equal((await call(server, 'POST', '/api/tools/memory_workspace/list', { body: {}, token: 'wrong' })).status, 401);
    const ok = await call(server, 'POST', '/api/tools/memory_workspace/list', { body: {}, token });
    assert.equal(ok.status, 200, ok.text);
    const foreign = await call(server, 'POST', '/api/tools/memory_workspace/list', { body: {}, token, headers: { Origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403, foreign.text);
    assert.equal(foreign.body.code, 'origin_not_allowed');
    const own = await call(server, 'POST', '/api/tools/memory_workspace/list', { body: {}, token, headers: { Origin: server.url } });
    assert.equal(own.status, 200, own.text);
    assert.ok(!server.stderr().includes(token), 'the token appears in the log');
  });

  test('limits are answered over TLS: 413 body, 431 headers, 503 past the connection cap', opts, async (t) => {
    const server = await startTls(t, { serveArgs: ['--max-body-bytes', '1024', '--max-header-bytes', '2048', '--max-connections', '1'] });
    const big = await call(server, 'POST', '/api/tools/memory_workspace/list', { body: { pad: 'x'.repeat(5000) } });
    assert.equal(big.status, 413, big.text);
    assert.equal(big.body.code, 'body_too_large');
    await assertServed(server, 'a 413');
    const headers = await call(server, 'GET', '/health', { headers: { 'X-Big': 'y'.repeat(4000) } });
    assert.equal(headers.status, 431, headers.text);
    assert.equal(headers.body.code, 'headers_too_large');
    await assertServed(server, 'a 431');

    // One TLS connection open and idle holds the only slot: the next is refused, over TLS.
    const idle = await holdOnlySlot(server);
    const refused = await call(server, 'GET', '/health');
    assert.equal(refused.status, 503, refused.text);
    assert.equal(refused.body.code, 'too_many_connections');
    idle.destroy();
    await assertServed(server, 'the idle connection closed');
  });

  test('plain HTTP to the TLS port is answered 400; failed handshakes free the connection', opts, async (t) => {
    // One connection at most: a connection left wedged would make every later request 503.
    const server = await startTls(t, { serveArgs: ['--max-connections', '1'] });
    const plain = await rawExchange(server.port, ['GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n']);
    assert.match(plain.data, /^HTTP\/1\.1 400 /);
    assert.match(plain.data, /https_required/);
    assert.ok(plain.closed, 'the connection stays open after plain HTTP');
    await assertServed(server, 'plain HTTP');

    const garbage = await rawExchange(server.port, ['\x16\x03\x01\x00\x05hello, not a handshake\r\n\r\n']);
    assert.ok(garbage.closed, 'the connection stays open after a bad handshake');
    await assertServed(server, 'a malformed handshake');

    // A client that does not trust the certificate abandons the handshake.
    await assert.rejects(call(server, 'GET', '/health', { ca: null }), /self[- ]signed/i);
    await assertServed(server, 'a client refusing the certificate');
    assert.equal(server.proc.exitCode, null, server.stderr());
  });

  test('a handshake that does not arrive within the header timeout is cut off', opts, async (t) => {
    const server = await startTls(t, { serveArgs: ['--header-timeout-ms', '300', '--max-connections', '1'] });
    const silent = await rawExchange(server.port, [], { timeoutMs: 3000 });
    assert.ok(silent.closed, 'a silent connection was not closed');
    const partial = await rawExchange(server.port, ['\x16\x03\x01'], { timeoutMs: 3000 });
    assert.ok(partial.closed, 'a half-sent handshake was not closed');
    await assertServed(server, 'handshake timeouts');
  });

  test('SIGTERM exits 0 with a keep-alive HTTPS connection open', opts, async (t) => {
    const server = await startTls(t);
    const agent = new https.Agent({ keepAlive: true, ca: cert.ca });
    assert.equal((await call(server, 'GET', '/health', { agent })).status, 200);
    const { code, signal } = await server.stop('SIGTERM');
    agent.destroy();
    assert.equal(signal, null, 'killed instead of exiting');
    assert.equal(code, 0, server.stderr());
    assert.match(server.stderr(), /stopped/);
  });
});

describe('HTTPS start-up errors', () => {
  const bin = () => assertBinaryExists();
  const serve = (args) => spawnSync(bin(), ['--db', freshDb(), 'serve', ...args], { encoding: 'utf8', timeout: TEST_TIMEOUT });

  test('one flag without the other, or without --http, is a usage error (exit 2)', opts, () => {
    const certOnly = serve(['--http', '127.0.0.1:0', '--tls-cert', cert.certFile]);
    assert.equal(certOnly.status, 2, certOnly.stderr);
    assert.match(certOnly.stderr, /--tls-cert requires --tls-key/);
    const keyOnly = serve(['--http', '127.0.0.1:0', '--tls-key', cert.keyFile]);
    assert.equal(keyOnly.status, 2, keyOnly.stderr);
    assert.match(keyOnly.stderr, /--tls-key requires --tls-cert/);
    const noHttp = serve(tlsArgs());
    assert.equal(noHttp.status, 2, noHttp.stderr);
    assert.match(noHttp.stderr, /requires --http/);
  });

  test('a missing, invalid or mismatched certificate or key stops the start (exit 1), naming the file', opts, () => {
    const missing = path.join(tmp.dir, 'no-such-cert.pem');
    const otherKey = path.join(tmp.dir, 'other-key.pem');
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', otherKey]);
    const encrypted = path.join(tmp.dir, 'encrypted-key.pem');
    openssl(['pkey', '-in', cert.keyFile, '-aes256', '-passout', 'pass:secret', '-out', encrypted]);
    const notPem = path.join(tmp.dir, 'not-pem.txt');
    fs.writeFileSync(notPem, 'hello\n');
    const cases = [
      [['--tls-cert', missing, '--tls-key', cert.keyFile], /--tls-cert \S*no-such-cert\.pem: cannot read it: No such file/],
      [['--tls-cert', notPem, '--tls-key', cert.keyFile], /--tls-cert \S*not-pem\.txt: not a PEM certificate/],
      [['--tls-cert', cert.certFile, '--tls-key', notPem], /--tls-key \S*not-pem\.txt: not a PEM private key/],
      [['--tls-cert', cert.certFile, '--tls-key', cert.certFile], /--tls-key \S*cert\.pem: not a PEM private key/],
      [['--tls-cert', cert.certFile, '--tls-key', otherKey], /--tls-key \S*other-key\.pem does not match the certificate/],
      // Refused, not prompted for on the terminal.
      [['--tls-cert', cert.certFile, '--tls-key', encrypted], /--tls-key \S*encrypted-key\.pem: .*protected by a passphrase/],
      [['--tls-cert', cert.certFile, '--tls-key', tmp.dir], /--tls-key \S+: is a directory/],
    ];
    const keys = [fs.readFileSync(cert.keyFile, 'utf8'), fs.readFileSync(otherKey, 'utf8')];
    for (const [args, message] of cases) {
      const r = serve(['--http', '127.0.0.1:0', ...args]);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /BEGIN|PRIVATE KEY/, 'key material in the message');
      for (const key of keys) {
        const body = key.split('\n')[1];
        assert.ok(!r.stderr.includes(body), 'key material in the message');
      }
    }
  });

  test('a non-loopback address still needs a token with TLS', opts, async (t) => {
    const db = freshDb();
    const refused = spawnSync(bin(), ['--db', db, 'serve', '--http', '0.0.0.0:0', ...tlsArgs()], { encoding: 'utf8', timeout: TEST_TIMEOUT });
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, /refusing to serve 0\.0\.0\.0:0 without a token/);
    const token = createToken(db, 'team');
    const team = await startHttpServer(t, { db, cwd: tmp.dir, listen: '0.0.0.0:0', serveArgs: tlsArgs() });
    assert.match(team.url, /^https:\/\/0\.0\.0\.0:\d+$/);
    const local = { ...team, url: `https://127.0.0.1:${team.port}` };
    assert.equal((await call(local, 'POST', '/api/tools/memory_workspace/list', { body: {} })).status, 401);
    assert.equal((await call(local, 'POST', '/api/tools/memory_workspace/list', { body: {}, token })).status, 200);
  });
});
