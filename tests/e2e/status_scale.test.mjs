// `project-memory status` on a plan of 1,000 steps, as a new user would try it:
// a screenful that says what matters (in progress with holders and lease left,
// blocked with reasons, the next few ready, counts for the rest), while
// `status --all` still draws every step.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { freshDb } from './lib/backend.mjs';
import { TEST_TIMEOUT, assertBinaryExists, makeTempDir } from './lib/harness.mjs';
import { connectStdio } from './lib/stdio_client.mjs';

const opts = { timeout: TEST_TIMEOUT };
let tmp;
let project;

function status(args) {
  return new Promise((resolve, reject) => {
    execFile(
      assertBinaryExists(),
      ['--db', project.db, 'status', ...args],
      { cwd: project.dir, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 16 << 20, timeout: TEST_TIMEOUT },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

// Workspace "big": P1 of 1,000 steps in two phases, two claimed by agents, one
// blocked with a reason, three completed.
before(async () => {
  tmp = makeTempDir('pm-e2e-status-scale-');
  project = { dir: path.join(tmp.dir, 'big'), db: freshDb(tmp.dir, 'big') };
  fs.mkdirSync(project.dir);
  const { call, close } = await connectStdio({ db: project.db, cwd: project.dir, name: 'pm-e2e-status-scale' });
  try {
    await call('memory_workspace', { action: 'register', path: project.dir, name: 'big' });
    await call('memory_plan', { action: 'create', title: 'Port the engine', status: 'active', phases: ['Build', 'Ship'] });
    const steps = (n, prefix) => Array.from({ length: n }, (_, i) => ({ task: `${prefix} ${i + 1}` }));
    await call('memory_steps', { action: 'add', plan: 'P1', phase: 'Build', steps: steps(990, 'Port module') });
    await call('memory_steps', { action: 'add', plan: 'P1', phase: 'Ship', steps: steps(10, 'Release part') });
    for (const task of ['T1', 'T2', 'T3']) {
      await call('update_task_status', { task, status: 'in_progress' });
      await call('update_task_status', { task, status: 'completed' });
    }
    await call('get_next_task', { agent: 'builder-1', lease_seconds: 1800 });
    await call('get_next_task', { agent: 'builder-2', lease_seconds: 7200 });
    await call('update_task_status', { task: 'T6', status: 'blocked', notes: 'needs the vendor SDK' });
  } finally {
    await close();
  }
});
after(() => tmp?.cleanup());

test('status of a 1,000-step plan fits a screen and names what matters', opts, async () => {
  const out = await status([]);
  const lines = out.trimEnd().split('\n');
  assert.ok(lines.length <= 40, `status printed ${lines.length} lines:\n${out}`);
  assert.match(out, /^1,000 steps: ✓ 3 completed · ▶ 2 in progress · ⊘ 1 blocked · ○ 994 pending \(500\+ ready\)/m);
  assert.match(out, /^▶ P1 Port the engine {2}active/m);
  assert.match(out, /^In progress \(2\)\n {2}▶ T4 Port module 4 {2}@builder-1 {2}(30|29)m left {2}P1 › Build\n {2}▶ T5 Port module 5 {2}@builder-2 {2}(2h00m|1h59m) left/m);
  assert.match(out, /^Blocked \(1\)\n {2}⊘ T6 Port module 6 — needs the vendor SDK {2}P1 › Build$/m);
  assert.match(out, /^Ready \(500\+\), best first\n {2}○ T7 Port module 7 {2}P1 › Build\n/m);
  assert.match(out, /^ {2}… 495\+ more$/m);
  assert.match(out, /^Next: T7 Port module 7/m);
  assert.doesNotMatch(out, /Port module 500\b/);
});

test('status --all still draws every step', opts, async () => {
  const out = await status(['--all']);
  const lines = out.trimEnd().split('\n');
  assert.ok(lines.length > 1000, `status --all printed ${lines.length} lines`);
  assert.match(out, /│ {2}├─ ○ T500 Port module 500\n/);
  assert.match(out, /⊘ T6 Port module 6 — needs the vendor SDK/);
});
