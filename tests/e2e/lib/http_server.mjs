// Starts `project-memory serve --http` for a test on a free loopback port and
// stops it again: the test suite starts every server it needs.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';

import { MESSAGE_TIMEOUT, assertBinaryExists, serverArgs } from './harness.mjs';

/**
 * Spawns the HTTP server on `db` and waits for its "listening on http://..."
 * (https:// with --tls-cert and --tls-key) line on stderr. Returns { url,
 * port, proc, stderr(), stop(signal) }, where stop sends the signal (default
 * SIGTERM) and resolves to { code, signal }. With `t`, the server is
 * stopped when the test ends.
 */
export async function startHttpServer(t, { db, cwd, serveArgs = [], listen = '127.0.0.1:0', env, logLevel = 'warn' } = {}) {
  const bin = assertBinaryExists();
  const args = serverArgs({ db, logLevel, serveArgs: ['--http', listen, ...serveArgs] });
  const proc = spawn(bin, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  proc.stdout.on('data', (chunk) => { stdout += chunk.toString(); });
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" line within ${MESSAGE_TIMEOUT} ms:\n${stderr}`)), MESSAGE_TIMEOUT * 2);
    proc.stderr.on('data', (chunk) => {
      stderr += chunk.toString();
      const m = /listening on (https?:\/\/\S+)[ \n]/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${stderr}`));
    });
  });
  const server = {
    url,
    port: Number(new URL(url).port),
    proc,
    stderr: () => stderr,
    stdout: () => stdout,
    exited,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
  t?.after(async () => {
    await server.stop();
  });
  return server;
}

/** Runs `project-memory --db DB token create --name NAME`; returns the token. */
export function createToken(db, name, { readOnly = false } = {}) {
  const bin = assertBinaryExists();
  const args = ['--db', db, 'token', 'create', '--name', name];
  if (readOnly) args.push('--read-only');
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`token create failed: ${r.stderr}`);
  return r.stdout.trim();
}

/**
 * fetch() against the server with JSON in and out. Returns { status, headers,
 * body (parsed JSON or text), text }.
 */
export async function request(server, method, path, { body, headers = {}, token } = {}) {
  const { headers: h, payload } = jsonRequest({ body, headers, token });
  const res = await fetch(server.url + path, { method, headers: h, body: payload });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: parseBody(text), text };
}

/**
 * The headers and payload of a request: `body` as JSON unless it is a string,
 * `token` as a bearer token.
 */
export function jsonRequest({ body, headers = {}, token } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  let payload = body;
  if (body !== undefined && typeof body !== 'string') {
    payload = JSON.stringify(body);
    h['Content-Type'] ??= 'application/json';
  }
  return { headers: h, payload };
}

/** A response body parsed as JSON; null when empty, the text when not JSON. */
export function parseBody(text) {
  try {
    return text.length ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/**
 * Writes raw bytes on a new TCP connection and collects what comes back until
 * the server closes it or `timeoutMs` passes. Resolves to { data, closed }.
 */
export function rawExchange(port, chunks, { timeoutMs = 5000, gapMs = 0 } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ data, closed });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (d) => { data += d.toString('latin1'); });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}
