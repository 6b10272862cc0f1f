// Helpers for the hostile-input and fault tests: the tool catalog as data
// (every action and parameter, with a value of the wrong JSON type for each),
// hostile strings, and checks on the database file from outside the server
// (integrity, and a checksum of one workspace's rows) through the sqlite3 CLI
// or, for a PostgreSQL store, psql.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { isPostgresUrl, query } from './backend.mjs';
import { REPO_ROOT } from './harness.mjs';

/** Every tool of catalog/*.json: [{ name, actions: [{ name, params, example }] }]. */
export function loadCatalog() {
  const dir = path.join(REPO_ROOT, 'catalog');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
}

export const typesOf = (param) => (Array.isArray(param.type) ? param.type : [param.type]);

const CANDIDATES = [
  ['boolean', true],
  ['integer', 12345],
  ['number', 1.5],
  ['string', 'not-the-right-type'],
  ['array', [1, 'two']],
  ['object', { unexpected: 1 }],
];

/** A value whose JSON type the parameter does not accept, or undefined if it accepts all. */
export function wrongValueFor(param) {
  const types = typesOf(param);
  const accepts = (t) => types.includes(t) || (t === 'integer' && types.includes('number'));
  // 1.5 is a number but not an integer: wrong for integer-only parameters.
  for (const [type, value] of CANDIDATES) if (!accepts(type)) return value;
  return undefined;
}

/** SQL injection, FTS5 query syntax and other strings that must be stored or refused, never executed. */
export const HOSTILE_STRINGS = [
  "'; DROP TABLE steps; --",
  "x' OR '1'='1",
  '1; DELETE FROM workspaces',
  "') UNION SELECT sql FROM sqlite_schema --",
  '"unterminated',
  'NEAR(a b, 2) OR c*',
  'title:secret AND NOT x',
  '^prefix* - {col1 col2}:term',
  '(((((a',
  '*',
  '\u0000nul byte',
  '%_%\\',
  'P1; T1',
  '../../../../etc/passwd',
  '\u202e\u0301 combining ✓ 𝕏',
  'x'.repeat(5000),
];

/** Search queries in FTS5 syntax, well-formed or not. */
export const HOSTILE_QUERIES = [
  '"', '""', '*', 'a*', '^a', 'NEAR(', 'NEAR(a b', 'a NEAR/2 b', 'AND', 'OR OR', 'NOT', 'a AND', '(a OR b',
  'col:term', '{a b}:c', '-', '+', 'a - b', "'", "'; DROP TABLE knowledge; --", '\\', '\u0000', '🙂*', 'x'.repeat(3000),
];

/** Runs the sqlite3 CLI on `db` with `sql` on stdin; returns stdout. Throws on failure. */
export function sqlite(db, sql) {
  const r = spawnSync('sqlite3', ['-bail', db], { input: sql, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`sqlite3 is needed for this test: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`sqlite3 failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/**
 * "ok" when the store is sound: SQLite's integrity_check; on PostgreSQL (which
 * checks its own pages and constraints) every index is still valid and the
 * tables answer.
 */
export function integrityCheck(db) {
  if (isPostgresUrl(db)) {
    const broken = query(db, `SELECT count(*) FROM pg_index WHERE NOT indisvalid;
                              SELECT count(*) FROM workspaces;`).trim().split('\n')[0];
    return broken === '0' ? 'ok' : `${broken} invalid indexes`;
  }
  return sqlite(db, 'PRAGMA integrity_check;').trim();
}

/** Names of tables holding rows of a workspace (a workspace_id or plan_id column). */
function workspaceTables(db) {
  const out = isPostgresUrl(db)
    ? query(db, `SELECT table_name, column_name FROM information_schema.columns
                 WHERE table_schema = current_schema() AND column_name IN ('workspace_id', 'plan_id');`)
    : sqlite(db, "SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND p.name IN ('workspace_id', 'plan_id');");
  const tables = new Map();
  for (const row of out.trim().split('\n').filter(Boolean)) {
    const [table, column] = row.split('|');
    if (!tables.has(table) || column === 'workspace_id') tables.set(table, column);
  }
  return [...tables].sort();
}

/**
 * A checksum of every row belonging to workspace `id` (its own row, rows with
 * its workspace_id, rows of its plans), per table, so a change is named.
 */
export function workspaceChecksum(db, id) {
  if (isPostgresUrl(db)) {
    const selects = [`SELECT 'workspaces', md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM workspaces t WHERE id = ${id}`];
    for (const [table, column] of workspaceTables(db)) {
      const where = column === 'workspace_id'
        ? `workspace_id = ${id}`
        : `plan_id IN (SELECT id FROM plans WHERE workspace_id = ${id})`;
      selects.push(`SELECT '${table}', md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM "${table}" t WHERE ${where}`);
    }
    return query(db, selects.join(' UNION ALL ') + ';').trim();
  }
  const selects = [`SELECT 'workspaces', hex(sha3_query('SELECT * FROM workspaces WHERE id = ${id}'))`];
  for (const [table, column] of workspaceTables(db)) {
    const where = column === 'workspace_id'
      ? `workspace_id = ${id}`
      : `plan_id IN (SELECT id FROM plans WHERE workspace_id = ${id})`;
    selects.push(`SELECT '${table}', hex(sha3_query('SELECT * FROM "${table}" WHERE ${where}'))`);
  }
  return sqlite(db, selects.join(' UNION ALL ') + ';').trim();
}
