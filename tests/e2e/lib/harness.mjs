// Shared helpers for the project-memory end-to-end tests.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Ajv as AjvDraft7 } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule.default ?? addFormatsModule;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

export const E2E_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const REPO_ROOT = path.resolve(E2E_DIR, '..', '..');

/** Per-test timeout (ms) for node:test. Override with PM_E2E_TIMEOUT_MS. */
export const TEST_TIMEOUT = Number(process.env.PM_E2E_TIMEOUT_MS) || 15000;
/** How long to wait for one expected message before failing (ms). */
export const MESSAGE_TIMEOUT = Math.max(1000, Math.floor(TEST_TIMEOUT * 0.6));

export const SUPPORTED_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];
export const LATEST_VERSION = '2025-11-25';
export const WORKSPACE_ACTIONS = [
  'register', 'get', 'list', 'update', 'delete', 'export', 'import', 'describe',
  'track_create', 'track_get', 'track_update', 'track_delete', 'track_list', 'track_assign',
  'program_create', 'program_get', 'program_list', 'program_add_plan', 'program_remove_plan',
  'program_link', 'program_upgrade',
];

/** Path of the server executable under test. */
export function serverBinary() {
  const fromEnv = process.env.PROJECT_MEMORY_BIN;
  return path.resolve(fromEnv && fromEnv.length > 0 ? fromEnv : path.join(REPO_ROOT, 'build', 'debug', 'project-memory'));
}

/**
 * Command-line arguments that start the MCP server. The binary takes its global
 * options (--db, --log-level) before the `serve` subcommand and serve's own
 * options (--max-line-bytes, ...) after it, as its --help documents.
 */
export function serverArgs({ db, logLevel, serveArgs = [] } = {}) {
  const args = [];
  if (db !== undefined) args.push('--db', db);
  if (logLevel !== undefined) args.push('--log-level', logLevel);
  return [...args, 'serve', ...serveArgs];
}

/** Throws a clear error when the binary has not been built. */
export function assertBinaryExists() {
  const bin = serverBinary();
  try {
    fs.accessSync(bin, fs.constants.X_OK);
  } catch {
    throw new Error(`project-memory binary not found or not executable at ${bin}; build it or set PROJECT_MEMORY_BIN`);
  }
  return bin;
}

/** A temporary directory removed by cleanup(). */
export function makeTempDir(prefix = 'pm-e2e-') {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  return {
    dir,
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Ajv instance matching the dialect a schema declares (2020-12 when none, per MCP). */
export function ajvFor(schema) {
  const declared = typeof schema?.$schema === 'string' ? schema.$schema : '';
  const options = {
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    validateFormats: true,
  };
  const ajv = declared.includes('draft-07') ? new AjvDraft7(options) : new Ajv2020(options);
  addFormats(ajv);
  return ajv;
}

/** Compiles a JSON Schema (and checks it against its meta-schema); throws with details on failure. */
export function compileSchema(schema, label) {
  const ajv = ajvFor(schema);
  try {
    return ajv.compile(schema);
  } catch (err) {
    throw new Error(`${label}: schema does not compile: ${err.message}\n${JSON.stringify(schema, null, 2)}`);
  }
}

/** Asserts that `validate` accepts `value`, with a readable message otherwise. */
export function assertValid(validate, value, label) {
  if (!validate(value)) {
    throw new Error(
      `${label}: value does not match schema:\n${JSON.stringify(validate.errors, null, 2)}\nvalue: ${JSON.stringify(value, null, 2)}`,
    );
  }
}

/**
 * A project-memory process driven over raw stdio, newline-delimited JSON-RPC.
 * Every stdout line is recorded; lines that are not JSON are kept in `badLines`.
 */
export class RawServer {
  /**
   * db: database path (default ":memory:"); logLevel: --log-level value;
   * serveArgs: options of the serve subcommand (e.g. --max-line-bytes);
   * argv: the complete argument list instead of the above; spawnOptions: more
   * options for child_process.spawn (e.g. uid and gid).
   */
  constructor({ db, logLevel, serveArgs = [], argv, cwd, env, spawnOptions = {} } = {}) {
    this.bin = assertBinaryExists();
    this.args = argv ?? serverArgs({ db: db ?? ':memory:', logLevel, serveArgs });
    this.proc = spawn(this.bin, this.args, {
      cwd: cwd ?? os.tmpdir(),
      env: env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...spawnOptions,
    });
    this.messages = [];
    this.rawLines = [];
    this.badLines = [];
    this.invalidUtf8Lines = [];
    this.stderr = '';
    this._stdoutBuf = Buffer.alloc(0);
    this._waiters = [];
    this._nextId = 1;
    this.exited = new Promise((resolve) => {
      this.proc.on('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        resolve({ code, signal });
        this._notify();
      });
    });
    this.proc.on('error', (err) => {
      this.spawnError = err;
      this._notify();
    });
    this.proc.stdin.on('error', () => {}); // EPIPE after the server exited is reported by the tests
    this.proc.stdout.on('data', (chunk) => this._onStdout(chunk));
    this.proc.stderr.on('data', (chunk) => {
      this.stderr += chunk.toString('utf8');
      if (this.stderr.length > 1 << 20) this.stderr = this.stderr.slice(-(1 << 19));
    });
  }

  _onStdout(chunk) {
    this._stdoutBuf = Buffer.concat([this._stdoutBuf, chunk]);
    let nl;
    while ((nl = this._stdoutBuf.indexOf(0x0a)) >= 0) {
      const bytes = this._stdoutBuf.subarray(0, nl);
      this._stdoutBuf = this._stdoutBuf.subarray(nl + 1);
      let line;
      try {
        line = STRICT_UTF8.decode(bytes);
      } catch {
        line = bytes.toString('utf8');
        this.invalidUtf8Lines.push(line);
      }
      this.rawLines.push(line);
      let parsed;
      try {
        parsed = JSON.parse(line);
      } catch {
        this.badLines.push(line);
        continue;
      }
      this.messages.push(parsed);
    }
    this._notify();
  }

  _notify() {
    for (const w of [...this._waiters]) w();
  }

  /** Bytes received on stdout that were not terminated by a newline. */
  get pendingStdout() {
    return this._stdoutBuf.toString('utf8');
  }

  /** Writes an object (serialised + newline), a string (newline appended) or raw bytes (as is). */
  write(data) {
    if (Buffer.isBuffer(data)) this.proc.stdin.write(data);
    else if (typeof data === 'string') this.proc.stdin.write(data + '\n');
    else this.proc.stdin.write(JSON.stringify(data) + '\n');
  }

  /** Waits until predicate(messages) returns a truthy value, which is returned. */
  waitFor(predicate, { timeout = MESSAGE_TIMEOUT, what = 'message' } = {}) {
    return new Promise((resolve, reject) => {
      const check = () => {
        let value;
        try {
          value = predicate(this.messages);
        } catch (err) {
          finish();
          reject(err);
          return true;
        }
        if (value) {
          finish();
          resolve(value);
          return true;
        }
        if (this.spawnError || this.exitCode !== undefined || this.exitSignal) {
          finish();
          reject(new Error(`server exited (code ${this.exitCode}, signal ${this.exitSignal}) while waiting for ${what}${this.spawnError ? `: ${this.spawnError.message}` : ''}\n${this.describe()}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeout} ms waiting for ${what}\n${this.describe()}`));
      }, timeout);
      const finish = () => {
        clearTimeout(timer);
        this._waiters = this._waiters.filter((w) => w !== waiter);
      };
      const waiter = () => check();
      if (!check()) this._waiters.push(waiter);
    });
  }

  /** All responses (messages with result or error, no method) carrying this id. */
  responsesFor(id) {
    return this.messages.filter((m) => isResponse(m) && sameId(m.id, id));
  }

  /** Waits for the (first) response with this id. */
  waitForResponse(id, opts = {}) {
    return this.waitFor((msgs) => msgs.find((m) => isResponse(m) && sameId(m.id, id)), { what: `response to id ${JSON.stringify(id)}`, ...opts });
  }

  /** Waits for the n-th message (0-based) counted from the start. */
  waitForMessageCount(n, opts = {}) {
    return this.waitFor((msgs) => (msgs.length >= n ? msgs[n - 1] : undefined), { what: `${n} messages`, ...opts });
  }

  /** Sends a request and waits for its response. */
  async request(method, params, id) {
    const reqId = id ?? `r${this._nextId++}`;
    const msg = { jsonrpc: '2.0', id: reqId, method };
    if (params !== undefined) msg.params = params;
    this.write(msg);
    return this.waitForResponse(reqId, { what: `response to ${method} (id ${JSON.stringify(reqId)})` });
  }

  notify(method, params) {
    const msg = { jsonrpc: '2.0', method };
    if (params !== undefined) msg.params = params;
    this.write(msg);
  }

  /** Performs the initialize handshake; returns the initialize response. */
  async initialize(protocolVersion = LATEST_VERSION) {
    const res = await this.request('initialize', {
      protocolVersion,
      capabilities: {},
      clientInfo: { name: 'pm-e2e', version: '0.0.0' },
    });
    if (res.error) throw new Error(`initialize failed: ${JSON.stringify(res.error)}`);
    this.notify('notifications/initialized');
    return res;
  }

  /** Closes stdin and waits for the process to exit. */
  async closeStdin(timeout = MESSAGE_TIMEOUT) {
    this.proc.stdin.end();
    return this.waitExit(timeout);
  }

  async waitExit(timeout = MESSAGE_TIMEOUT) {
    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeout);
    });
    const result = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') throw new Error(`server did not exit within ${timeout} ms\n${this.describe()}`);
    return result;
  }

  /** Kills the process if it is still running (for test cleanup). */
  async dispose() {
    if (this.exitCode === undefined && !this.exitSignal && !this.spawnError) {
      this.proc.kill('SIGKILL');
      await Promise.race([this.exited, sleep(2000)]);
    }
  }

  describe() {
    const tail = (s, n) => (s.length > n ? '…' + s.slice(-n) : s);
    return `stdout lines (${this.rawLines.length}):\n${tail(this.rawLines.join('\n'), 4000)}\nstderr:\n${tail(this.stderr, 4000)}`;
  }
}

export function isResponse(m) {
  return m !== null && typeof m === 'object' && !Array.isArray(m) && !('method' in m) && ('result' in m || 'error' in m);
}

export function sameId(a, b) {
  return a === b || (a !== null && b !== null && typeof a === typeof b && JSON.stringify(a) === JSON.stringify(b));
}

/** Starts a raw server and registers its disposal with the node:test context. */
export function startRaw(t, options = {}) {
  const server = new RawServer(options);
  t.after(() => server.dispose());
  return server;
}

/**
 * Asserts that everything the server wrote to stdout so far was complete,
 * valid-UTF-8 JSON-RPC 2.0 messages, one per line.
 */
export function assertCleanStdout(server, { allowPartial = false } = {}) {
  const problems = [];
  if (server.badLines.length > 0) problems.push(`non-JSON stdout lines: ${JSON.stringify(server.badLines.slice(0, 5))}`);
  if (server.invalidUtf8Lines.length > 0) problems.push(`stdout lines with invalid UTF-8: ${JSON.stringify(server.invalidUtf8Lines.slice(0, 5))}`);
  if (!allowPartial && server.pendingStdout.length > 0) problems.push(`unterminated stdout data: ${JSON.stringify(server.pendingStdout.slice(0, 500))}`);
  for (const m of server.messages) {
    const items = Array.isArray(m) ? m : [m];
    if (Array.isArray(m) && m.length === 0) problems.push('empty JSON array on stdout');
    for (const item of items) {
      if (item === null || typeof item !== 'object' || Array.isArray(item) || item.jsonrpc !== '2.0') {
        problems.push(`not a JSON-RPC 2.0 message: ${JSON.stringify(item)}`);
      } else if (!('method' in item) && !('result' in item) && !('error' in item)) {
        problems.push(`message is neither request, notification nor response: ${JSON.stringify(item)}`);
      } else if ('result' in item && 'error' in item) {
        problems.push(`response has both result and error: ${JSON.stringify(item)}`);
      } else if ('error' in item && (typeof item.error?.code !== 'number' || !Number.isInteger(item.error.code) || typeof item.error?.message !== 'string')) {
        problems.push(`malformed error object: ${JSON.stringify(item)}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`stdout is not clean JSON-RPC:\n${problems.join('\n')}`);
}
