// Crash safety: server processes are killed with SIGKILL at random moments
// during a storm of writes — atomic `next` (complete + claim in one
// transaction), claims and completions, plan and step edits — round after
// round on one database — and `project-memory import` runs of a
// workspace export, alternating between two versions of its rows. After every
// round: the store is sound (PRAGMA integrity_check on SQLite), no step is half-transitioned (completed
// without completed_at, in progress without a holder), no `next` completed a
// step without claiming the following one, and the imported workspace is one
// version or the other, never a mix.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

import { freshDb, query } from './lib/backend.mjs';
import { RawServer, TEST_TIMEOUT, assertBinaryExists, makeTempDir, serverBinary, sleep } from './lib/harness.mjs';
import { integrityCheck } from './lib/hostile.mjs';

const ROUNDS = Number(process.env.PM_CRASH_ROUNDS) || 12;
const NEXT_PLANS = 2;          // one `next` worker each, same agent every round
const NEXT_STEPS = 3 * 150;    // per next-plan, over three phases
const CLAIM_STEPS = 400;       // a pool for claim + complete workers
const TIMEOUT = Math.max(TEST_TIMEOUT, 60000) * 3;
const LEASE = 3600;            // leases must not run out during the test
const IMPORTED_STEPS = 300;    // in the workspace the import runs rewrite

let tmp;
before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-crash-');
});
after(() => tmp?.cleanup());

/** A small deterministic generator, so a failing round can be replayed. */
function random(seed) {
  let x = seed;
  return (n) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
}

const stepsOf = (prefix, n) => Array.from({ length: n }, (_, i) => ({ task: `${prefix} ${i + 1}` }));

/** A server process and a loop of writes that runs until the process dies. */
function worker(db, loop) {
  const server = new RawServer({ db, logLevel: 'off' });
  const call = async (name, args) => {
    const res = await server.request('tools/call', { name, arguments: { workspace: 'crash', ...args } });
    return res.result?.structuredContent ?? {};
  };
  const done = (async () => {
    try {
      await server.initialize();
      for (;;) await loop(call);
    } catch {
      // The process was killed mid-request: what the test is about.
    }
  })();
  return { server, done };
}

const nextLoop = (plan) => async (call) => {
  await call('memory_steps', { action: 'next', plan, agent: `next-${plan}`, session_id: `s-${plan}`, lease_seconds: LEASE });
};

const claimLoop = (n) => async (call) => {
  const got = await call('get_next_task', { plan: 'P3', agent: `claimer-${n}`, lease_seconds: LEASE });
  if (got.task?.code) {
    await call('update_task_status', { task: got.task.code, status: 'completed', agent: `claimer-${n}` });
  } else {
    await sleep(5);
  }
};

function editLoop(r) {
  let i = 0;
  return async (call) => {
    i++;
    const added = await call('memory_steps', { action: 'add', plan: 'P4', phase: 'Edit', task: `edit ${i}`, agent: 'editor' });
    const code = JSON.stringify(added).match(/"code":"(T\d+)"/)?.[1];
    if (code) {
      await call('memory_steps', { action: 'update', step: code, task: `edited ${i}`, priority: 'high' });
      await call('memory_steps', { action: 'move', step: code, phase: 'Edit', index: 0 });
      if (r(3) === 0) await call('memory_steps', { action: 'delete', step: code });
    }
    await call('memory_plan', { action: 'update', plan: 'P4', title: `Edited plan ${i}`, description: 'x'.repeat(r(2000)) });
    if (r(20) === 0) await call('memory_plan', { action: 'add_phase', plan: 'P4', name: `Phase ${i}` });
  };
}

/**
 * Two exports of workspace "imported" with the same ids whose step tasks differ
 * (" v1" / " v2"), written from a fixture database; returns their paths.
 */
async function importFixtures(t) {
  const fixture = freshDb(tmp.dir, 'fixture');
  const server = new RawServer({ db: fixture, logLevel: 'off', cwd: tmp.dir });
  t.after(() => server.dispose());
  await server.initialize();
  const must = async (args) => {
    const [name, a] = args;
    const res = await server.request('tools/call', { name, arguments: a });
    assert.ok(res.result && !res.result.isError, `${name}: ${JSON.stringify(res).slice(0, 400)}`);
  };
  await must(['memory_workspace', { action: 'register', path: path.join(tmp.dir, 'imported'), name: 'imported' }]);
  await must(['memory_plan', { action: 'create', workspace: 'imported', title: 'Imported plan', phases: ['One'] }]);
  await must(['memory_steps', { action: 'add', workspace: 'imported', plan: 'P1', phase: 'One', steps: stepsOf('imported v1', IMPORTED_STEPS) }]);
  await server.closeStdin();
  const files = [];
  for (const version of ['v1', 'v2']) {
    if (version === 'v2') query(fixture, "UPDATE steps SET task = replace(task, ' v1', ' v2');");
    const file = path.join(tmp.dir, `imported-${version}.jsonl`);
    const r = spawnSync(serverBinary(), ['--db', fixture, 'export', '--workspace', 'imported', '-o', file, '-q'], { encoding: 'utf8' });
    assert.equal(r.status, 0, `export failed: ${r.stderr}`);
    files.push(file);
  }
  return files;
}

/** `project-memory import FILE` into `db`, killed at `killAfterMs` unless done before. */
async function importRun(db, file, killAfterMs) {
  const child = spawn(serverBinary(), ['--db', db, 'import', file, '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => { stderr += c; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const result = await exited;
  clearTimeout(timer);
  return { ...result, stderr };
}

/** The invariants, read from outside the server; returns a list of problems. */
function check(db, round) {
  const problems = [];
  const versions = query(db, "SELECT CASE WHEN task LIKE 'imported v1 %' THEN 'v1' ELSE 'v2' END, count(*) FROM steps WHERE workspace_id = (SELECT id FROM workspaces WHERE name = 'imported') GROUP BY 1;").trim();
  if (!/^v[12]\|300$/.test(versions)) problems.push(`round ${round}: imported workspace is a mix: ${versions.replace(/\n/g, ', ')}`);
  const integrity = integrityCheck(db);
  if (integrity !== 'ok') problems.push(`round ${round}: integrity_check: ${integrity}`);
  const half = query(db, `SELECT code || ' ' || status FROM steps WHERE (status = 'completed' AND completed_at IS NULL) OR (status = 'in_progress' AND (holder_agent IS NULL OR claimed_at IS NULL OR started_at IS NULL));`).trim();
  if (half) problems.push(`round ${round}: half-transitioned steps: ${half.split('\n').slice(0, 5).join(', ')}`);
  for (let p = 1; p <= NEXT_PLANS; p++) {
    const rows = query(db, `SELECT s.status, coalesce(s.holder_agent, '') FROM steps s JOIN phases ph ON ph.id = s.phase_id JOIN plans pl ON pl.id = s.plan_id WHERE pl.code = 'P${p}' AND pl.workspace_id = (SELECT id FROM workspaces WHERE name = 'crash') ORDER BY ph.order_index, s.order_index;`)
      .trim().split('\n').map((l) => l.split('|'));
    const statuses = rows.map(([s]) => s).join(',');
    // completed*, then at most one in_progress held by the plan's agent, then pending*.
    if (!/^(completed,)*(completed|in_progress|pending)?(,pending)*$/.test(statuses)) {
      problems.push(`round ${round}: P${p} out of order: ${statuses.slice(0, 300)}`);
    }
    const count = (s) => rows.filter(([x]) => x === s).length;
    if (count('completed') > 0 && count('pending') > 0 && count('in_progress') !== 1) {
      problems.push(`round ${round}: P${p}: a next completed a step without claiming the following one (${count('completed')} completed, ${count('in_progress')} in progress)`);
    }
    const holder = rows.find(([s]) => s === 'in_progress')?.[1];
    if (holder !== undefined && holder !== `next-P${p}`) problems.push(`round ${round}: P${p} held by ${holder}`);
  }
  return problems;
}

test('SIGKILL during a storm of writes never leaves a half-done change', { timeout: TIMEOUT }, async (t) => {
  const db = freshDb(tmp.dir, 'crash');
  // The imported workspace comes first, so its ids never meet the storm's.
  const exports = await importFixtures(t);
  const first = await importRun(db, exports[0], 60000);
  assert.equal(first.code, 0, `import failed: ${first.stderr}`);
  const setup = new RawServer({ db, logLevel: 'off', cwd: tmp.dir });
  t.after(() => setup.dispose());
  await setup.initialize();
  const must = async (name, args) => {
    const scoped = args.action === 'register' ? args : { workspace: 'crash', ...args };
    const res = await setup.request('tools/call', { name, arguments: scoped });
    assert.ok(res.result && !res.result.isError, `${name}: ${JSON.stringify(res).slice(0, 400)}`);
    return res.result.structuredContent;
  };
  await must('memory_workspace', { action: 'register', path: tmp.dir, name: 'crash' });
  for (let p = 1; p <= NEXT_PLANS; p++) {
    await must('memory_plan', { action: 'create', title: `Next plan ${p}`, phases: ['A', 'B', 'C'], status: 'active' });
    for (const phase of ['A', 'B', 'C']) {
      await must('memory_steps', { action: 'add', plan: `P${p}`, phase, steps: stepsOf(`P${p}${phase}`, NEXT_STEPS / 3) });
    }
  }
  await must('memory_plan', { action: 'create', title: 'Claim pool', phases: ['Work'], status: 'active' });
  await must('memory_steps', { action: 'add', plan: 'P3', phase: 'Work', steps: stepsOf('claim', CLAIM_STEPS) });
  await must('memory_plan', { action: 'create', title: 'Edited plan', phases: ['Edit'], status: 'active' });
  await setup.closeStdin();

  const r = random(20251202);
  let kills = 0;
  let imports = 0;
  let importsKilled = 0;
  const problems = [];
  const progress = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const workers = [
      ...Array.from({ length: NEXT_PLANS }, (_, p) => worker(db, nextLoop(`P${p + 1}`))),
      worker(db, claimLoop(round)),
      worker(db, editLoop(r)),
    ];
    // Imports of one version, then the other, killed at random moments too.
    const importing = (async () => {
      for (let k = 0; k < 2; k++) {
        const result = await importRun(db, exports[(round + k) % 2], 30 + r(600));
        imports++;
        if (result.signal) {
          importsKilled++;
          kills++;
        } else if (result.code !== 0) {
          problems.push(`round ${round}: import failed: ${result.stderr.slice(0, 300)}`);
        }
      }
    })();
    // Let the storm build, then kill each process at its own random moment.
    await Promise.all([importing, ...workers.map(async (w) => {
      await w.server.waitFor((msgs) => msgs.length >= 2, { what: 'first answers' }).catch(() => {});
      await sleep(20 + r(400));
      w.server.proc.kill('SIGKILL');
      kills++;
      await w.server.exited;
      await w.done;
    })]);
    problems.push(...check(db, round));
    progress.push(query(db, "SELECT count(*) FROM steps WHERE status = 'completed';").trim());
  }
  t.diagnostic(`crash safety: ${ROUNDS} rounds, ${kills} kills (${importsKilled} of ${imports} imports killed); completed steps after each round: ${progress.join(' ')}`);
  console.error(`crash_safety: ${ROUNDS} rounds, ${kills} kills, ${imports} imports (${importsKilled} killed)`);
  assert.deepEqual(problems, []);
  // The storm did real work, and the database is still usable by a new process.
  assert.ok(Number(progress.at(-1)) > 0, 'steps were completed during the storm');
  const migrate = spawnSync(serverBinary(), ['--db', db, 'migrate', '--status'], { encoding: 'utf8' });
  assert.equal(migrate.status, 0, migrate.stderr);
});
