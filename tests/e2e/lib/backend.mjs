// The store the end-to-end suite runs against: SQLite files (the default) or,
// with PM_E2E_DB=postgres, databases on the PostgreSQL server PM_TEST_PG_URL
// names (scripts/test starts one). Tests ask for a fresh database by name and
// get a file path or a postgresql:// URL; they read the store from outside the
// server through query(), which runs the sqlite3 CLI or psql. Databases
// created here are dropped when the test process exits.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** True when the suite runs against PostgreSQL. */
export const ON_POSTGRES = process.env.PM_E2E_DB === 'postgres' || process.env.PM_E2E_DB === 'postgresql';
const PG_URL = process.env.PM_TEST_PG_URL;
if (ON_POSTGRES && !PG_URL) {
  throw new Error('PM_E2E_DB=postgres needs PM_TEST_PG_URL (a postgresql:// URL of a server the tests may create databases on)');
}

/** The engine's name, for test titles and diagnostics. */
export const ENGINE = ON_POSTGRES ? 'PostgreSQL' : 'SQLite';

/**
 * node:test `skip` value for a test that reads or damages the SQLite file
 * itself: false on SQLite, the reason on PostgreSQL.
 */
export function sqliteOnly(why) {
  return ON_POSTGRES ? `SQLite only: ${why}` : false;
}

/** True when `db` names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(db) {
  return /^postgres(ql)?:\/\//.test(String(db));
}

const created = [];
let counter = 0;

function psqlRun(url, input) {
  const r = spawnSync('psql', [url, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1'], {
    input, encoding: 'utf8', maxBuffer: 64 << 20,
  });
  if (r.error) throw new Error(`psql is needed for this test: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`psql failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

function dropCreated() {
  if (created.length === 0) return;
  psqlRun(PG_URL, created.splice(0).map((name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE);`).join('\n'));
}
process.on('exit', () => {
  try {
    dropCreated();
  } catch {
    // the throwaway server is dropped with everything in it anyway
  }
});

/** The URL of database `name` on the test server (host, port and credentials of PM_TEST_PG_URL). */
export function pgDatabaseUrl(name, base = PG_URL) {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Database `url`'s name on the same server reached through its Unix socket
 * directory instead of TCP, logging in as `user` without a password (peer
 * authentication: the operating-system user of the process).
 */
export function pgSocketUrl(url, socketDir, user) {
  const u = new URL(url);
  const params = new URLSearchParams({ host: socketDir, port: u.port || '5432', user });
  return `postgresql://${u.pathname}?${params}`;
}

/**
 * A fresh, empty database for one test (or one group of servers sharing it):
 * on SQLite the file `dir/label.db` (not created yet), on PostgreSQL a new
 * database, dropped at exit, whose URL is returned.
 */
export function freshDb(dir, label) {
  return createDb(dir, label);
}

function createDb(dir, label, template) {
  if (!ON_POSTGRES) return path.join(dir, `${label}.db`);
  return freshPostgresDb(label, template);
}

/**
 * A new database on the PostgreSQL server PM_TEST_PG_URL names, whichever
 * engine the suite runs on (empty, or a copy of database `template`); dropped
 * at exit. Returns its URL.
 */
export function freshPostgresDb(label, template) {
  const slug = String(label).toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
  const name = `pm_e2e_${process.pid}_${++counter}_${slug}`;
  psqlRun(PG_URL, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''};`);
  created.push(name);
  return pgDatabaseUrl(name);
}

/**
 * A copy of database `db` (no server may be connected to it): a copy of the
 * SQLite file as `dir/label.db`, or a PostgreSQL database made from it as a
 * template. Returns its path or URL.
 */
export function copyDb(db, dir, label) {
  if (!isPostgresUrl(db)) {
    const copy = path.join(dir, `${label}.db`);
    fs.copyFileSync(db, copy);
    return copy;
  }
  return createDb(dir, label, new URL(db).pathname.slice(1));
}

/** Removes database `db` now (a SQLite file, or a database freshDb created). */
export function dropDb(db) {
  if (!isPostgresUrl(db)) {
    fs.rmSync(db, { force: true });
    return;
  }
  const name = new URL(db).pathname.slice(1);
  psqlRun(PG_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE);`);
  const at = created.indexOf(name);
  if (at >= 0) created.splice(at, 1);
}

/**
 * Runs `sql` on `db` (a SQLite file or a PostgreSQL URL) from outside the
 * server. Returns stdout, rows separated by newlines and columns by "|"; with
 * json, `sql` must be one SELECT and its rows come back as objects.
 */
export function query(db, sql, { json = false } = {}) {
  if (isPostgresUrl(db)) {
    if (!json) return psqlRun(db, sql);
    const out = psqlRun(db, `SELECT coalesce(json_agg(q), '[]') FROM (${sql.trim().replace(/;$/, '')}) AS q;`);
    return JSON.parse(out);
  }
  const args = json ? ['-bail', '-json', db] : ['-bail', db];
  const r = spawnSync('sqlite3', args, { input: sql, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`sqlite3 is needed for this test: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`sqlite3 failed (${r.status}): ${r.stderr}`);
  return json ? (r.stdout.trim() ? JSON.parse(r.stdout) : []) : r.stdout;
}

/** SQL for the text at JSON path key `key` of column `column`, in the engine of `db`. */
export function jsonText(db, column, key) {
  return isPostgresUrl(db) ? `(${column})::jsonb->>'${key}'` : `json_extract(${column}, '$.${key}')`;
}
