// The server on PostgreSQL (--db postgresql://...): the server scripts/test
// starts (PM_TEST_PG_URL). Each test works in a database of its own
// (lib/backend.mjs's freshPostgresDb, dropped at exit).
//   - One scripted session through the main actions (tests/golden/session.json's
//     calls: register, plans, steps, get_next_task claims, update_task_status,
//     search, ...) gives the same success or error, call by call, as on SQLite.
//   - Several server processes complete a dependency graph of tasks through
//     get_next_task / update_task_status: every task is claimed and completed
//     exactly once, by its holder; the run prints claims per second.
//   - export from SQLite, import into PostgreSQL, export again and import into
//     a fresh SQLite file: the exports of both SQLite files are byte-identical.
// Without PM_TEST_PG_URL every test is skipped and says why.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { freshPostgresDb, query } from './lib/backend.mjs';
import { assertBinaryExists, makeTempDir, serverBinary, sleep, startRaw } from './lib/harness.mjs';

const PG_URL = process.env.PM_TEST_PG_URL;
const SKIP = PG_URL ? false : 'PM_TEST_PG_URL is not set (scripts/test starts a PostgreSQL server and sets it)';
const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const TIMEOUT = Math.max(Number(process.env.PM_E2E_TIMEOUT_MS) || 15000, 60000) * 2;

let tmp;
before(() => {
  if (SKIP) return;
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-pg-');
});
after(() => tmp?.cleanup());

function cli(args) {
  const r = spawnSync(serverBinary(), args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `project-memory ${args.join(' ')} failed: ${r.stderr}`);
  return r;
}

test('the scripted session gives the same results on PostgreSQL as on SQLite', { skip: SKIP, timeout: TIMEOUT }, async (t) => {
  const db = freshPostgresDb('session');
  const session = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'tests', 'golden', 'session.json'), 'utf8'));
  const server = startRaw(t, { db, logLevel: 'warn' });
  await server.initialize();
  const differ = [];
  for (const step of session) {
    const res = await server.request('tools/call', { name: step.tool, arguments: step.args });
    const isError = res.result?.isError;
    if (res.error || isError !== step.isError) {
      differ.push(`${step.call}: isError ${isError} (expected ${step.isError}) ${JSON.stringify(res.error ?? res.result?.content?.[0]?.text).slice(0, 300)}`);
    }
    if (step.call === 'search') {
      const hits = res.result.structuredContent.hits ?? res.result.structuredContent.results ?? [];
      assert.ok(hits.length > 0, `search finds something: ${JSON.stringify(res.result.structuredContent).slice(0, 500)}`);
    }
  }
  assert.deepEqual(differ, [], 'every call succeeds or fails as on SQLite');
  // What the session left: T1 completed by alice, and codes given out in order.
  const steps = query(db, 'SELECT code, status, completed_by FROM steps ORDER BY id', { json: true });
  assert.deepEqual(steps.find((s) => s.code === 'T1'), { code: 'T1', status: 'completed', completed_by: 'alice' });
  await server.closeStdin();
});

const PROCESSES = Number(process.env.PM_E2E_PG_PROCESSES) || 6;
const PLANS = 6;
const PHASES = 3;
const STEPS_PER_PHASE = 40;
const TASKS = PLANS * PHASES * STEPS_PER_PHASE;

function seed(db) {
  const sql = ['BEGIN;', "INSERT INTO workspaces (id, code, name) VALUES (1, 'conc', 'Concurrency');"];
  const stepId = (plan, phase, order) => ((plan * PHASES + phase) * STEPS_PER_PHASE) + order + 1;
  const phaseId = (plan, phase) => plan * PHASES + phase + 1;
  const edges = [];
  for (let p = 0; p < PLANS; p++) {
    sql.push(`INSERT INTO plans (id, workspace_id, code, title, status, priority) VALUES (${p + 1}, 1, 'P${p + 1}', 'Plan ${p + 1}', 'active', 'medium');`);
    for (let ph = 0; ph < PHASES; ph++) {
      sql.push(`INSERT INTO phases (id, plan_id, name, order_index) VALUES (${phaseId(p, ph)}, ${p + 1}, 'Phase ${ph + 1}', ${ph});`);
      const rows = [];
      for (let s = 0; s < STEPS_PER_PHASE; s++) {
        const id = stepId(p, ph, s);
        rows.push(`(${id}, 1, ${p + 1}, ${phaseId(p, ph)}, 'T${id}', ${s}, 'task ${id}')`);
        if (s % 7 === 3) edges.push(`(1, 'step', ${id}, 'step', ${stepId(p, ph, s - 2)})`);
      }
      sql.push(`INSERT INTO steps (id, workspace_id, plan_id, phase_id, code, order_index, task) VALUES ${rows.join(', ')};`);
    }
    if (p > 0) edges.push(`(1, 'phase', ${phaseId(p, 1)}, 'phase', ${phaseId(p - 1, 0)})`);
  }
  sql.push(`INSERT INTO code_counters (workspace_id, prefix, last_value) VALUES (1, 'P', ${PLANS}), (1, 'T', ${TASKS});`);
  sql.push(`INSERT INTO dependencies (workspace_id, source_kind, source_id, target_kind, target_id) VALUES ${edges.join(', ')};`);
  sql.push('SELECT pm_sync_identities();');
  sql.push('COMMIT;');
  sql.push('ANALYZE;');  // planner statistics after a bulk load, as autovacuum would gather
  query(db, sql.join('\n'));
}

async function agent(t, db, n, failures) {
  const server = startRaw(t, { db, logLevel: 'warn' });
  await server.initialize();
  const who = { agent: `worker-${n}`, session_id: `session-${n}` };
  const call = async (name, args) => {
    const res = await server.request('tools/call', { name, arguments: args });
    if (res.error || res.result?.isError) {
      failures.push({ worker: n, name, args, res });
      return undefined;
    }
    return res.result.structuredContent;
  };
  let done = 0;
  for (;;) {
    const next = await call('get_next_task', { workspace: 'conc', ...who });
    if (!next) return done;
    if (!next.task) {
      if (next.nothing_ready.reason === 'all_done') break;
      await sleep(5);
      continue;
    }
    const status = await call('update_task_status', { workspace: 'conc', task: next.task.code, status: 'completed', ...who });
    if (!status) return done;
    done++;
  }
  await server.closeStdin();
  return done;
}

test(`${PROCESSES} processes on one PostgreSQL database complete ${TASKS} tasks exactly once`, { skip: SKIP, timeout: TIMEOUT }, async (t) => {
  const db = freshPostgresDb('claims');
  cli(['--db', db, 'migrate']);
  seed(db);
  const failures = [];
  const started = Date.now();
  const counts = await Promise.all(Array.from({ length: PROCESSES }, (_, n) => agent(t, db, n + 1, failures)));
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(`PostgreSQL: ${TASKS} tasks claimed and completed by ${PROCESSES} processes in ${seconds.toFixed(1)} s ` +
               `(${(TASKS / seconds).toFixed(0)} claims/s); per process: ${counts.join(', ')}`);
  assert.deepEqual(failures.slice(0, 3).map((f) => JSON.stringify(f).slice(0, 500)), [], `${failures.length} requests failed`);
  assert.equal(counts.reduce((a, b) => a + b, 0), TASKS, 'completions reported by the agents');
  assert.ok(counts.filter((c) => c > 0).length > 1, 'the work was shared between processes');

  const open = query(db, "SELECT code FROM steps WHERE status <> 'completed'", { json: true });
  assert.deepEqual(open, [], 'every task completed');
  const wrong = query(db, `
    SELECT s.code,
           (SELECT count(*) FROM update_log u WHERE u.entity_kind = 'step' AND u.entity_id = s.id AND u.action = 'claim') AS claims,
           (SELECT count(*) FROM update_log u WHERE u.entity_kind = 'step' AND u.entity_id = s.id AND u.action = 'status'
              AND u.after_json->>'status' = 'completed') AS completions,
           (SELECT agent FROM update_log u WHERE u.entity_kind = 'step' AND u.entity_id = s.id AND u.action = 'claim' LIMIT 1) AS claimed_by
    FROM steps s`, { json: true }).filter((r) => r.claims !== 1 || r.completions !== 1);
  assert.deepEqual(wrong.slice(0, 5), [], 'each task claimed once and completed once');
  // A step that waits on another was claimed after that one was completed.
  const early = query(db, `
    SELECT d.source_id FROM dependencies d
    WHERE d.source_kind = 'step' AND (SELECT min(id) FROM update_log WHERE entity_kind = 'step' AND entity_id = d.source_id AND action = 'claim')
        < (SELECT min(id) FROM update_log WHERE entity_kind = 'step' AND entity_id = d.target_id AND action = 'status'
             AND after_json->>'status' = 'completed')`, { json: true });
  assert.deepEqual(early, [], 'no step claimed before the step it waits on was completed');
});

test('export | import round trip SQLite → PostgreSQL → SQLite is byte-identical', { skip: SKIP, timeout: TIMEOUT }, async (t) => {
  const first = path.join(tmp.dir, 'first.db');
  const server = startRaw(t, { db: first, logLevel: 'warn' });
  await server.initialize();
  const session = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'tests', 'golden', 'session.json'), 'utf8'));
  for (const step of session) await server.request('tools/call', { name: step.tool, arguments: step.args });
  await server.closeStdin();

  const pg = freshPostgresDb('roundtrip');
  const a = path.join(tmp.dir, 'a.jsonl');
  const b = path.join(tmp.dir, 'b.jsonl');
  const c = path.join(tmp.dir, 'c.jsonl');
  const second = path.join(tmp.dir, 'second.db');
  cli(['--db', first, 'export', '-o', a]);
  cli(['--db', pg, 'migrate']);
  cli(['--db', pg, 'import', a]);
  cli(['--db', pg, 'export', '-o', b]);
  cli(['--db', second, 'import', b]);
  cli(['--db', second, 'export', '-o', c]);
  const body = (file) => fs.readFileSync(file, 'utf8').split('\n').filter((l) => !l.includes('"exported_at"')).join('\n');
  assert.equal(body(c), body(a), 'SQLite → PostgreSQL → SQLite keeps every row as it was');
});
