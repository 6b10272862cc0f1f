// Faults of the storage underneath: a read-only database file, a missing or
// unwritable directory, a damaged file, a full disk (simulated with
// --max-db-size), and a database locked by another process past the busy
// timeout. Each must give a clear message and a non-zero exit on the command
// line, or an isError tool result over MCP — never a crash, never a write
// silently lost — and the server keeps answering.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { sqliteOnly } from './lib/backend.mjs';
import { RawServer, TEST_TIMEOUT, assertBinaryExists, makeTempDir, serverBinary, sleep } from './lib/harness.mjs';
import { integrityCheck, sqlite } from './lib/hostile.mjs';

const TIMEOUT = Math.max(TEST_TIMEOUT, 60000);
// Root ignores file permissions: permission faults then run as "nobody".
const AS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const NOBODY = AS_ROOT ? { uid: 65534, gid: 65534 } : {};

let tmp;
let cases = 0;
before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-faults-');
  fs.chmodSync(tmp.dir, 0o755);
});
after(() => {
  console.error(`faults: ${cases} fault cases`);
  tmp?.cleanup();
});

/** Runs the CLI; returns { status, signal, stdout, stderr }. */
function cli(args, { env = {}, user = {} } = {}) {
  const r = spawnSync(serverBinary(), args, {
    encoding: 'utf8', env: { ...process.env, ...env }, cwd: tmp.dir, ...user, timeout: TIMEOUT / 2,
  });
  return r;
}

/** Asserts a clean failure: exit 1, no signal, one clear line on stderr matching `pattern`. */
function assertCliFails(r, pattern, what) {
  cases++;
  assert.equal(r.signal, null, `${what}: killed by ${r.signal}\n${r.stderr}`);
  assert.equal(r.status, 1, `${what}: exit ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.match(r.stderr, pattern, what);
  assert.doesNotMatch(r.stderr, /AddressSanitizer|runtime error|terminate called|Segmentation/, what);
}

/** Starts a server (as `user` when given), initializes; `call` returns the CallToolResult. */
async function serve(t, db, { args = [], env, user } = {}) {
  const server = new RawServer({
    argv: ['--db', db, '--log-level', 'off', ...args, 'serve'],
    env: env ? { ...process.env, ...env } : undefined,
    cwd: tmp.dir,
    spawnOptions: user,
  });
  t.after(() => server.dispose());
  await server.initialize();
  return {
    server,
    async call(name, args) {
      const res = await server.request('tools/call', { name, arguments: args });
      assert.ok(!res.error, `JSON-RPC error instead of a tool result: ${JSON.stringify(res.error)}`);
      return res.result;
    },
  };
}

const text = (result) => result.content?.[0]?.text ?? '';

function migrated(name) {
  const db = path.join(tmp.dir, name);
  const r = cli(['--db', db, 'migrate']);
  assert.equal(r.status, 0, r.stderr);
  return db;
}

test('a corrupt database file: a clear "damaged" message, exit 1, no crash', { timeout: TIMEOUT, skip: sqliteOnly('overwrites pages of the database file') }, async () => {
  const garbage = path.join(tmp.dir, 'garbage.db');
  fs.writeFileSync(garbage, Buffer.from(Array.from({ length: 16384 }, (_, i) => (i * 7919) % 251)));
  for (const args of [['migrate'], ['serve'], ['reindex'], ['migrate', '--status']]) {
    assertCliFails(cli(['--db', garbage, ...args]), /database file is damaged: .*not a database/, `garbage ${args}`);
  }
  // A real database whose data pages were overwritten: reads fail as damaged.
  const db = migrated('torn.db');
  sqlite(db, "PRAGMA journal_mode=DELETE; CREATE TABLE filler (x); INSERT INTO filler SELECT randomblob(900) FROM generate_series(1, 200);");
  const size = fs.statSync(db).size;
  const fd = fs.openSync(db, 'r+');
  const junk = Buffer.alloc(4096, 0xa5);
  for (let offset = 4096 * 2; offset < size - 4096; offset += 4096 * 3) fs.writeSync(fd, junk, 0, junk.length, offset);
  fs.closeSync(fd);
  const r = cli(['--db', db, 'reindex']);
  assertCliFails(r, /damaged|malformed/, 'torn database');
});

test('a full disk (--max-db-size): the write is refused whole, the server goes on', { timeout: TIMEOUT, skip: sqliteOnly('--max-db-size caps the size of the database file') }, async (t) => {
  const db = migrated('full.db');
  const size = fs.statSync(db).size;
  const limit = size + 256 * 1024;
  const s = await serve(t, db, { args: ['--max-db-size', String(limit)] });
  await s.call('memory_workspace', { action: 'register', path: tmp.dir, name: 'full' });
  let full;
  let written = 0;
  for (let i = 0; i < 200 && !full; i++) {
    const result = await s.call('memory_context', { action: 'knowledge_store', workspace: 'full', slug: `k${i}`, title: `Entry ${i}`, content: `entry ${i} `.repeat(4000) });
    if (result.isError) full = result;
    else written++;
  }
  cases++;
  assert.ok(full, 'the limit was reached');
  assert.match(text(full), /database is full \(max size [0-9.]+ (KiB|MiB)/);
  // Nothing of the refused write is there; everything acknowledged is.
  const rows = Number(sqlite(db, 'SELECT count(*) FROM knowledge;').trim());
  assert.equal(rows, written, 'every acknowledged write, and nothing of the refused one');
  // Reads still work, the server still answers, the file is sound.
  const list = await s.call('memory_context', { action: 'knowledge_list', workspace: 'full' });
  assert.equal(list.isError, false, text(list));
  assert.equal(integrityCheck(db), 'ok');
  // The command line: the same limit through the environment, exit 1.
  const fresh = path.join(tmp.dir, 'tiny.db');
  assertCliFails(cli(['--db', fresh, 'migrate'], { env: { PROJECT_MEMORY_MAX_DB_SIZE: '16KiB' } }),
    /database is full \(max size 16 KiB/, 'migrate into a 16 KiB limit');
  assertCliFails(cli(['--db', fresh, '--max-db-size', '12 parsecs', 'migrate']), /unknown size unit "parsecs"/, 'bad size');
});

test('a database locked by another process past --busy-timeout', { timeout: TIMEOUT, skip: sqliteOnly('the sqlite3 CLI holds the file\'s write lock; PostgreSQL locks rows, not the store') }, async (t) => {
  const db = migrated('locked.db');
  // Another process takes the write lock and keeps it until told to commit.
  const holder = spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'pipe'] });
  t.after(() => holder.kill('SIGKILL'));
  let out = '';
  holder.stdout.on('data', (c) => { out += c; });
  holder.stdin.write("BEGIN IMMEDIATE;\nINSERT INTO event_log (event_type) VALUES ('lock');\nSELECT 'holding';\n");
  for (let i = 0; i < 200 && !out.includes('holding'); i++) await sleep(25);
  assert.ok(out.includes('holding'), 'the other process holds the lock');

  const s = await serve(t, db, { args: ['--busy-timeout', '300'] });
  const started = Date.now();
  const locked = await s.call('memory_workspace', { action: 'register', path: tmp.dir, name: 'locked' });
  cases++;
  assert.equal(locked.isError, true, JSON.stringify(locked));
  assert.match(text(locked), /database is locked by another process \(waited 300 ms/);
  assert.ok(Date.now() - started >= 250, 'it waited for the busy timeout');
  // Reads go on under the other process's write lock (WAL).
  const list = await s.call('memory_workspace', { action: 'list' });
  assert.equal(list.isError, false, text(list));
  // The command line fails the same way, with the timeout from the environment.
  assertCliFails(cli(['--db', db, 'reindex'], { env: { PROJECT_MEMORY_BUSY_TIMEOUT: '200' } }),
    /database is locked by another process \(waited 200 ms/, 'reindex while locked');
  assertCliFails(cli(['--db', db, '--busy-timeout', 'soon', 'reindex']), /busy timeout must be a number of milliseconds/, 'bad timeout');

  // Released: the same write now succeeds, and nothing was half-written.
  holder.stdin.end('COMMIT;\n');
  await new Promise((resolve) => holder.on('exit', resolve));
  const retry = await s.call('memory_workspace', { action: 'register', path: tmp.dir, name: 'locked' });
  assert.equal(retry.isError, false, text(retry));
  assert.equal(sqlite(db, "SELECT count(*) FROM workspaces WHERE name = 'locked';").trim(), '1');
  assert.equal(integrityCheck(db), 'ok');
});

test('a missing or unwritable directory, a read-only file', { timeout: TIMEOUT, skip: sqliteOnly('directories and file permissions of the database file') }, async (t) => {
  // A directory that cannot be created: a file is in the way.
  const blocker = path.join(tmp.dir, 'not-a-dir');
  fs.writeFileSync(blocker, 'x');
  assertCliFails(cli(['--db', path.join(blocker, 'sub', 'memory.db'), 'migrate']),
    /cannot create the database directory .*not-a-dir/, 'directory blocked by a file');

  // A directory without write permission.
  const closed = path.join(tmp.dir, 'closed');
  fs.mkdirSync(closed, { mode: 0o555 });
  fs.chmodSync(closed, 0o555);
  assertCliFails(cli(['--db', path.join(closed, 'memory.db'), 'migrate'], { user: NOBODY }),
    /cannot open the database file .*closed.*(directory exist and is it writable|permission)/i, 'unwritable directory');

  // A read-only database file in a writable directory: the server starts, reads
  // work, a write is an isError result naming the cause, and nothing changes.
  const rwDir = path.join(tmp.dir, 'ro-file');
  fs.mkdirSync(rwDir);
  fs.chmodSync(rwDir, 0o777);
  const roFile = path.join(rwDir, 'memory.db');
  fs.copyFileSync(migrated('readonly-src.db'), roFile);
  fs.chmodSync(roFile, 0o444);
  const s = await serve(t, roFile, { user: NOBODY });
  const refused = await s.call('memory_workspace', { action: 'register', path: tmp.dir, name: 'ro' });
  cases++;
  assert.equal(refused.isError, true, JSON.stringify(refused));
  assert.match(text(refused), /database file is read-only: cannot write to .*memory\.db/);
  const list = await s.call('memory_workspace', { action: 'list' });
  assert.equal(list.isError, false, text(list));
  assert.equal(sqlite(roFile, 'SELECT count(*) FROM workspaces;').trim(), '0');

  // A read-only file in a read-only directory: the command line says so, exit 1.
  const roDir = path.join(tmp.dir, 'ro-dir');
  fs.mkdirSync(roDir);
  const roDb = path.join(roDir, 'memory.db');
  fs.copyFileSync(migrated('readonly-src2.db'), roDb);
  fs.chmodSync(roDb, 0o444);
  fs.chmodSync(roDir, 0o555);
  assertCliFails(cli(['--db', roDb, 'reindex'], { user: NOBODY }), /database file is read-only/, 'read-only file and directory');
  assertCliFails(cli(['--db', roDb, 'serve'], { user: NOBODY }), /database file is read-only/, 'serve on a read-only file and directory');
  fs.chmodSync(roDir, 0o755);
  assert.equal(integrityCheck(roDb), 'ok');
  t.diagnostic(`faults: running permission cases as ${AS_ROOT ? 'nobody (tests run as root)' : 'the current user'}`);
});
