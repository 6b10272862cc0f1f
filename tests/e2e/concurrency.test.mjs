// Exactly-once scheduling across processes: eight `project-memory serve`
// processes share one database file holding 2,000 tasks over eight plans with
// dependencies between them (lib/exactly_once.mjs). Each process works like an
// agent — get_next_task, then update_task_status(completed), completing a plan
// when its last task is done — until nothing is left. Afterwards the database
// and its update_log must show every task completed exactly once, never claimed
// twice, never started before its blockers were complete, and no request
// failed along the way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { TASKS, assertExactlyOnce, createWorkload } from './lib/exactly_once.mjs';
import { assertBinaryExists, makeTempDir, sleep, startRaw } from './lib/harness.mjs';

const PROCESSES = 8;
// Generous: the run itself takes seconds, more under sanitizers.
const TIMEOUT = Math.max(Number(process.env.PM_E2E_TIMEOUT_MS) || 15000, 60000) * 2;

let tmp;
before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-concurrency-');
});
after(() => tmp?.cleanup());

/** One agent: its own server process, working until everything is done. */
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
      await sleep(5);  // others hold what remains, or it waits on their work
      continue;
    }
    const status = await call('update_task_status', { workspace: 'conc', task: next.task.code, status: 'completed', ...who });
    if (!status) return done;
    done++;
    if (status.plan_open_steps === 0) {
      await call('memory_plan', { action: 'update', workspace: 'conc', plan: next.plan.code, status: 'completed', agent: who.agent });
    }
  }
  await server.closeStdin();
  return done;
}

test('eight processes on one database complete 2,000 tasks exactly once, in dependency order', { timeout: TIMEOUT }, async (t) => {
  const db = path.join(tmp.dir, 'shared.db');
  createWorkload(db);

  const failures = [];
  const started = Date.now();
  const counts = await Promise.all(Array.from({ length: PROCESSES }, (_, n) => agent(t, db, n + 1, failures)));
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(`${TASKS} tasks by ${PROCESSES} processes in ${seconds.toFixed(1)} s; per process: ${counts.join(', ')}`);

  assert.deepEqual(failures.slice(0, 3), [], `${failures.length} requests failed`);
  assert.equal(counts.reduce((a, b) => a + b, 0), TASKS, 'completions reported by the agents');
  assert.ok(counts.filter((c) => c > 0).length > 1, 'the work was shared between processes');
  assertExactlyOnce(db);
});
