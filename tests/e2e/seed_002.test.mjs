// Seed 002 (task tracking schema) scenarios 1–7 on the store the suite runs
// against (SQLite, or PostgreSQL with PM_E2E_DB=postgres). A seed "project" is
// a workspace, a "task" a step.
//   1. `project-memory migrate` on an empty database creates the steps table
//      with its status CHECK and the (workspace, status) and status indexes.
//   5. Migrating again reports nothing to do and leaves the schema unchanged.
//   2. A pending task is stored with created_at set to now.
//   3. An invalid status is refused — by the tool, and by the database's CHECK
//      constraint for a raw INSERT — and no row is added.
//   6. One project's queries never return another project's tasks.
//   7. inputs / expected_outputs are JSON arrays, queryable in SQL.
//   4. 10,000 tasks over 5 projects: the project+status query reads the
//      (workspace_id, status) index (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN
//      QUERY PLAN on SQLite); its time is printed, not asserted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { ENGINE, ON_POSTGRES, freshDb, query } from './lib/backend.mjs';
import { TEST_TIMEOUT, assertBinaryExists, makeTempDir, serverBinary, startRaw } from './lib/harness.mjs';

const TIMEOUT = Math.max(TEST_TIMEOUT, 60000) * 2;
const PROJECTS = ['project-alpha', 'project-beta', 'project-gamma', 'project-delta', 'project-epsilon'];
const TASKS = 10000;

let tmp;
before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-seed002-');
});
after(() => tmp?.cleanup());

function cli(args) {
  return spawnSync(serverBinary(), args, { encoding: 'utf8', cwd: tmp.dir });
}

/** The schema of the store as text: tables, columns, constraints and indexes. */
function schema(db) {
  if (ON_POSTGRES) {
    return query(db, `
      SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
        FROM information_schema.columns WHERE table_schema = current_schema()
      UNION ALL SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
      UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()
      ORDER BY 1;`);
  }
  return query(db, "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_schema ORDER BY name;");
}

async function open(t, db) {
  const server = startRaw(t, { db, cwd: tmp.dir, logLevel: 'warn' });
  await server.initialize();
  const call = async (name, args) => (await server.request('tools/call', { name, arguments: args })).result;
  const must = async (name, args) => {
    const result = await call(name, args);
    assert.ok(result && !result.isError, `${name} ${JSON.stringify(args).slice(0, 200)}: ${JSON.stringify(result).slice(0, 500)}`);
    return result.structuredContent;
  };
  return { server, call, must };
}

test(`scenarios 1 and 5 (${ENGINE}): migrate creates the tasks table, its CHECK and indexes; migrating again changes nothing`, { timeout: TIMEOUT }, async () => {
  const db = freshDb(tmp.dir, 'schema');
  const first = cli(['--db', db, 'migrate']);
  assert.equal(first.status, 0, first.stderr);
  const before = schema(db);
  assert.match(before, /steps/);
  assert.match(before, /idx_steps_workspace_status/, 'the (project, status) index');
  assert.match(before, /idx_steps_status/, 'the status index');
  assert.match(before, /status.*IN.*'pending'.*'in_progress'.*'completed'/s, 'the status CHECK');
  const again = cli(['--db', db, 'migrate']);
  assert.equal(again.status, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /error/i);
  assert.equal(schema(db), before, 'the schema is unchanged');
  const status = cli(['--db', db, 'migrate', '--status']);
  assert.equal(status.status, 0, status.stderr);
  assert.doesNotMatch(status.stdout + status.stderr, /pending migration|not applied/i);
});

test(`scenarios 2, 3, 6 and 7 (${ENGINE}): created_at, the status CHECK, project isolation, JSON inputs`, { timeout: TIMEOUT }, async (t) => {
  const db = freshDb(tmp.dir, 'tasks');
  const s = await open(t, db);
  for (const name of ['project-alpha', 'project-beta']) {
    await s.must('memory_workspace', { action: 'register', path: path.join(tmp.dir, name), name });
    await s.must('memory_plan', { action: 'create', workspace: name, title: `${name} plan`, phases: ['Work'], status: 'active' });
  }
  // 2: a pending task, with created_at set by the store.
  const added = await s.must('memory_steps', {
    action: 'add', workspace: 'project-alpha', plan: 'P1', phase: 'Work', task: 'Write PRD-006', status: 'pending',
    inputs: ['EPIC-006', 'PRD-006'], expected_outputs: ['PRD-006'], context_notes: 'New session CX required',
  });
  const code = JSON.stringify(added).match(/"code":"(T\d+)"/)[1];
  await s.must('memory_steps', { action: 'add', workspace: 'project-beta', plan: 'P1', phase: 'Work', steps: [{ task: 'Beta task', inputs: ['BETA-1'] }] });
  const age = ON_POSTGRES
    ? `SELECT status, extract(epoch FROM now() - created_at) FROM steps WHERE code = '${code}' AND workspace_id = (SELECT id FROM workspaces WHERE name = 'project-alpha');`
    : `SELECT status, strftime('%s', 'now') - strftime('%s', created_at) FROM steps WHERE code = '${code}' AND workspace_id = (SELECT id FROM workspaces WHERE name = 'project-alpha');`;
  const [status, seconds] = query(db, age).trim().split('|');
  assert.equal(status, 'pending');
  assert.ok(Math.abs(Number(seconds)) < 120, `created_at is now (${seconds} s ago)`);

  // 3: an invalid status is refused, by the tool and by the database.
  const count = () => Number(query(db, 'SELECT count(*) FROM steps;').trim());
  const rows = count();
  const refused = await s.call('memory_steps', { action: 'add', workspace: 'project-alpha', plan: 'P1', phase: 'Work', task: 'Bad', status: 'invalid_status' });
  assert.equal(refused.isError, true, JSON.stringify(refused));
  assert.match(refused.content[0].text, /status/);
  const step = query(db, `SELECT workspace_id, plan_id, phase_id FROM steps WHERE code = '${code}' AND task = 'Write PRD-006';`).trim().split('|');
  assert.throws(() => query(db, `INSERT INTO steps (workspace_id, plan_id, phase_id, code, order_index, task, status)
                                VALUES (${step.join(', ')}, 'T999', 99, 'raw', 'invalid_status');`), /check constraint/i);
  assert.equal(count(), rows, 'no row was added');

  // 6: alpha's queries return alpha's tasks only.
  const alphaSteps = await s.must('memory_steps', { action: 'list', workspace: 'project-alpha' });
  const tasks = JSON.stringify(alphaSteps);
  assert.match(tasks, /Write PRD-006/);
  assert.doesNotMatch(tasks, /Beta task/);
  const next = await s.must('get_next_task', { workspace: 'project-beta', claim: false });
  assert.equal(next.task?.task ?? next.task?.title ?? JSON.stringify(next.task), 'Beta task');
  const bySql = query(db, "SELECT task FROM steps WHERE workspace_id = (SELECT id FROM workspaces WHERE name = 'project-alpha');").trim();
  assert.equal(bySql, 'Write PRD-006');

  // 7: inputs and expected_outputs are JSON arrays the database can query.
  const json = ON_POSTGRES
    ? `SELECT inputs->>0, jsonb_array_length(inputs), inputs @> '["PRD-006"]', expected_outputs FROM steps WHERE task = 'Write PRD-006';`
    : `SELECT json_extract(inputs, '$[0]'), json_array_length(inputs), EXISTS (SELECT 1 FROM json_each(inputs) WHERE value = 'PRD-006'), expected_outputs FROM steps WHERE task = 'Write PRD-006';`;
  const [firstInput, length, contains, outputs] = query(db, json).trim().split('|');
  assert.equal(firstInput, 'EPIC-006');
  assert.equal(length, '2');
  assert.match(contains, /^(t|1)$/);
  assert.deepEqual(JSON.parse(outputs), ['PRD-006']);
  await s.server.closeStdin();
});

test(`scenario 4 (${ENGINE}): 10,000 tasks over 5 projects; the project+status query reads its index`, { timeout: TIMEOUT * 2 }, async (t) => {
  const db = freshDb(tmp.dir, 'scale');
  const s = await open(t, db);
  const statuses = (i) => (i % 10 < 7 ? 'completed' : i % 10 < 9 ? 'pending' : 'in_progress');
  const perProject = TASKS / PROJECTS.length;
  const started = Date.now();
  for (const name of PROJECTS) {
    await s.must('memory_workspace', { action: 'register', path: path.join(tmp.dir, name), name });
    await s.must('memory_plan', { action: 'create', workspace: name, title: `${name} backlog`, phases: ['Work'], status: 'active' });
    for (let from = 0; from < perProject; from += 500) {
      const steps = Array.from({ length: 500 }, (_, k) => ({ task: `${name} task ${from + k + 1}`, inputs: [`IN-${from + k}`] }));
      await s.must('memory_steps', { action: 'add', workspace: name, plan: 'P1', phase: 'Work', steps });
    }
  }
  await s.server.closeStdin();
  // Most tasks done, some in progress: the mix a long-running project has.
  query(db, `UPDATE steps SET status = CASE WHEN id % 10 < 7 THEN 'completed' WHEN id % 10 < 9 THEN 'pending' ELSE 'in_progress' END,
                              completed_at = CASE WHEN id % 10 < 7 THEN created_at END,
                              holder_agent = CASE WHEN id % 10 = 9 THEN 'agent' END,
                              claimed_at = CASE WHEN id % 10 = 9 THEN created_at END,
                              started_at = CASE WHEN id % 10 = 9 THEN created_at END;
             ANALYZE;`);
  const loaded = (Date.now() - started) / 1000;
  assert.equal(Number(query(db, 'SELECT count(*) FROM steps;').trim()), TASKS);
  const alpha = Number(query(db, "SELECT id FROM workspaces WHERE name = 'project-alpha';").trim());
  const sql = `SELECT * FROM steps WHERE workspace_id = ${alpha} AND status = 'pending'`;
  const expected = Array.from({ length: TASKS }, (_, i) => i).filter((i) => statuses(i) === 'pending').length / PROJECTS.length;
  const pending = Number(query(db, `SELECT count(*) FROM (${sql}) AS q;`).trim());
  assert.ok(Math.abs(pending - expected) <= 10, `about ${expected} pending tasks in project-alpha (${pending})`);

  if (ON_POSTGRES) {
    const [plan] = JSON.parse(query(db, `EXPLAIN (ANALYZE, FORMAT JSON) ${sql};`));
    const indexes = [];
    const walk = (node) => {
      if (node['Index Name']) indexes.push(`${node['Node Type']} on ${node['Index Name']}`);
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(plan.Plan);
    t.diagnostic(`PostgreSQL: ${TASKS} tasks loaded through the tools in ${loaded.toFixed(1)} s; project+status query: ` +
                 `${pending} rows in ${plan['Execution Time'].toFixed(2)} ms (planning ${plan['Planning Time'].toFixed(2)} ms), ${indexes.join(', ')}`);
    assert.ok(indexes.some((i) => i.endsWith('idx_steps_workspace_status')), `the plan reads idx_steps_workspace_status:\n${JSON.stringify(plan.Plan, null, 1)}`);
    assert.notEqual(plan.Plan['Node Type'], 'Seq Scan');
  } else {
    const plan = query(db, `EXPLAIN QUERY PLAN ${sql};`);
    const timer = query(db, `.timer on\n${sql};`);
    const time = timer.match(/Run Time: real ([0-9.]+)/)?.[1];
    t.diagnostic(`SQLite: ${TASKS} tasks loaded through the tools in ${loaded.toFixed(1)} s; project+status query: ` +
                 `${pending} rows in ${time ? (Number(time) * 1000).toFixed(2) : '?'} ms; plan: ${plan.trim().replace(/\n/g, ' ')}`);
    assert.match(plan, /USING INDEX idx_steps_workspace_status \(workspace_id=\? AND status=\?\)/);
  }
});
