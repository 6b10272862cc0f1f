// The exactly-once scheduling workload the concurrency tests share: workspace
// "conc" with 2,000 tasks over eight plans with dependencies, seeded with the
// sqlite3 CLI or psql, and the checks run on the database afterwards — every task
// completed exactly once by the holder of its one claim, none claimed before
// its blockers were complete, every plan completed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

import { isPostgresUrl, jsonText, query } from './backend.mjs';
import { serverBinary } from './harness.mjs';

export const PLANS = 8;
export const PHASES = 5;
export const STEPS_PER_PHASE = 50;
export const TASKS = PLANS * PHASES * STEPS_PER_PHASE;
const PRIORITIES = ['critical', 'high', 'medium', 'low'];


/** A small deterministic generator, so a failure can be replayed. */
function random(seed) {
  let x = seed;
  return (n) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
}

/**
 * Seeds workspace "conc": plans P1..P8, each with 5 phases of 50 steps, and
 * acyclic dependencies — every cross-plan edge points from a later plan to an
 * earlier one; inside a plan, edges point to an earlier step of the same phase.
 */
function seedWorkload(db) {
  const r = random(4);
  const sql = ['BEGIN;', "INSERT INTO workspaces (id, code, name) VALUES (1, 'conc', 'Concurrency');"];
  const stepId = (plan, phase, order) => ((plan * PHASES + phase) * STEPS_PER_PHASE) + order + 1;
  const phaseId = (plan, phase) => plan * PHASES + phase + 1;
  const edges = new Set();
  const edge = (sk, si, tk, ti) => edges.add(`('${sk}', ${si}, '${tk}', ${ti})`);
  for (let p = 0; p < PLANS; p++) {
    sql.push(`INSERT INTO plans (id, workspace_id, code, title, status, priority) VALUES (${p + 1}, 1, 'P${p + 1}', 'Plan ${p + 1}', 'active', '${PRIORITIES[p % 4]}');`);
    for (let ph = 0; ph < PHASES; ph++) {
      sql.push(`INSERT INTO phases (id, plan_id, name, order_index) VALUES (${phaseId(p, ph)}, ${p + 1}, 'Phase ${ph + 1}', ${ph});`);
      const rows = [];
      for (let s = 0; s < STEPS_PER_PHASE; s++) {
        const id = stepId(p, ph, s);
        rows.push(`(${id}, 1, ${p + 1}, ${phaseId(p, ph)}, 'T${id}', ${s}, 'task ${id}')`);
        if (s > 0 && r(5) === 0) edge('step', id, 'step', stepId(p, ph, r(s)));
      }
      sql.push(`INSERT INTO steps (id, workspace_id, plan_id, phase_id, code, order_index, task) VALUES ${rows.join(', ')};`);
    }
    if (p > 0) {
      for (let k = 0; k < 40; k++) {  // steps waiting on steps of earlier plans
        edge('step', stepId(p, r(PHASES), r(STEPS_PER_PHASE)), 'step', stepId(r(p), r(PHASES), r(STEPS_PER_PHASE)));
      }
      edge('phase', phaseId(p, 1), 'phase', phaseId(p - 1, 2));
      edge('step', stepId(p, 0, 7), 'phase', phaseId(r(p), 0));
    }
  }
  edge('plan', PLANS, 'plan', 1);  // the last plan waits until the first is completed
  sql.push(`INSERT INTO code_counters (workspace_id, prefix, last_value) VALUES (1, 'P', ${PLANS}), (1, 'T', ${TASKS});`);
  sql.push(`INSERT INTO dependencies (workspace_id, source_kind, source_id, target_kind, target_id) SELECT 1, v.* FROM (VALUES ${[...edges].join(', ')}) AS v;`);
  // PostgreSQL: identity columns continue after the ids given here.
  if (isPostgresUrl(db)) sql.push('SELECT pm_sync_identities();');
  sql.push('COMMIT;');
  // Planner statistics after a bulk load, as autovacuum would gather them.
  if (isPostgresUrl(db)) sql.push('ANALYZE;');
  query(db, sql.join('\n'));
}


/** The migrated database `db` (a SQLite file or a PostgreSQL URL) holding the workload. */
export function createWorkload(db) {
  const migrate = spawnSync(serverBinary(), ['--db', db, 'migrate'], { encoding: 'utf8' });
  assert.equal(migrate.status, 0, `migrate failed: ${migrate.stderr}`);
  seedWorkload(db);
  assert.equal(Number(query(db, 'SELECT count(*) FROM steps;').trim()), TASKS);
}

/** Asserts, from the database and its update_log, that the workload ran exactly once. */
export function assertExactlyOnce(db) {
  const steps = query(db, 'SELECT id, code, plan_id, phase_id, status, completed_by FROM steps;', { json: true });
  assert.equal(steps.length, TASKS);
  assert.deepEqual(steps.filter((s) => s.status !== 'completed').map((s) => s.code), [], 'every task completed');

  // Claims and completions, in commit order (update_log ids).
  const log = query(db, `SELECT id, entity_id, action, agent, session_id, ${jsonText(db, 'after_json', 'status')} AS status
                          FROM update_log WHERE entity_kind = 'step' ORDER BY id;`, { json: true });
  const claims = new Map();
  const completions = new Map();
  for (const row of log) {
    if (row.action === 'claim') claims.set(row.entity_id, [...(claims.get(row.entity_id) ?? []), row]);
    if (row.action === 'status' && row.status === 'completed') {
      completions.set(row.entity_id, [...(completions.get(row.entity_id) ?? []), row]);
    }
    assert.notEqual(row.action, 'lease_expired', 'no lease ran out');
  }
  const twice = [];
  for (const s of steps) {
    const c = claims.get(s.id) ?? [];
    const d = completions.get(s.id) ?? [];
    if (c.length !== 1 || d.length !== 1) twice.push(`${s.code}: ${c.length} claims, ${d.length} completions`);
    else if (c[0].agent !== d[0].agent || c[0].session_id !== d[0].session_id) {
      twice.push(`${s.code}: claimed by ${c[0].agent}, completed by ${d[0].agent}`);
    }
  }
  assert.deepEqual(twice.slice(0, 5), [], 'each task is claimed once and completed once, by its holder');

  // No task was claimed before everything it waited for was complete.
  const claimAt = (id) => claims.get(id)[0].id;
  const doneAt = (id) => completions.get(id)[0].id;
  const stepsOfPhase = new Map();
  const stepsOfPlan = new Map();
  for (const s of steps) {
    stepsOfPhase.set(s.phase_id, [...(stepsOfPhase.get(s.phase_id) ?? []), s.id]);
    stepsOfPlan.set(s.plan_id, [...(stepsOfPlan.get(s.plan_id) ?? []), s.id]);
  }
  const planCompleted = new Map(query(db, `SELECT entity_id, min(id) AS id FROM update_log WHERE entity_kind = 'plan'
      AND action = 'update' AND ${jsonText(db, 'after_json', 'status')} = 'completed' GROUP BY entity_id;`, { json: true })
    .map((r) => [r.entity_id, r.id]));
  const phases = query(db, 'SELECT id, plan_id, order_index FROM phases;', { json: true });
  const phaseOf = new Map(phases.map((p) => [p.id, p]));
  const edges = query(db, 'SELECT source_kind, source_id, target_kind, target_id FROM dependencies;', { json: true });
  const lastDone = (ids) => Math.max(...ids.map(doneAt));
  const waitsFor = (s) => {
    const times = [];
    const phase = phaseOf.get(s.phase_id);
    for (const p of phases) {
      if (p.plan_id === phase.plan_id && p.order_index < phase.order_index) times.push(lastDone(stepsOfPhase.get(p.id)));
    }
    for (const e of edges) {
      const mine = (e.source_kind === 'step' && e.source_id === s.id) || (e.source_kind === 'phase' && e.source_id === s.phase_id) ||
                   (e.source_kind === 'plan' && e.source_id === s.plan_id);
      if (!mine) continue;
      if (e.target_kind === 'step') times.push(doneAt(e.target_id));
      if (e.target_kind === 'phase') times.push(lastDone(stepsOfPhase.get(e.target_id)));
      if (e.target_kind === 'plan') times.push(planCompleted.get(e.target_id) ?? Infinity);
    }
    return times;
  };
  const early = [];
  for (const s of steps) {
    const claimed = claimAt(s.id);
    for (const time of waitsFor(s)) if (!(time < claimed)) early.push(s.code);
  }
  assert.deepEqual(early.slice(0, 5), [], 'no task started before its blockers completed');
  assert.ok(edges.length > 300, `the graph has dependencies (${edges.length})`);
  assert.equal(planCompleted.size, PLANS, 'every plan was completed by the agent that finished it');
}
