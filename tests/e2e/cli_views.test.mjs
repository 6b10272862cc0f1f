// The commands for people (register, status, next, show, start, done, block, search, log,
// tracks, feedback, graph) run as the real binary against a temporary database
// that an MCP client filled: their text, their --json, their exit codes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { freshDb } from './lib/backend.mjs';
import { TEST_TIMEOUT, assertBinaryExists, makeTempDir } from './lib/harness.mjs';
import { connectStdio } from './lib/stdio_client.mjs';

const opts = { timeout: TEST_TIMEOUT };
let tmp;
let project;

/** Runs the binary in `cwd` (default: the project); resolves { code, stdout, stderr }. */
function cli(args, { cwd, env } = {}) {
  return new Promise((resolve) => {
    execFile(
      assertBinaryExists(),
      ['--db', project.db, ...args],
      { cwd: cwd ?? project.dir, env: env ?? { ...process.env, NO_COLOR: '' }, timeout: TEST_TIMEOUT / 2 },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }),
    );
  });
}

/** A command that must succeed; returns its stdout. */
async function ok(args, options) {
  const r = await cli(args, options);
  assert.equal(r.code, 0, `${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  assert.equal(r.stderr, '', `${args.join(' ')} wrote to stderr`);
  return r.stdout;
}

async function okJson(args) {
  const out = await ok([...args, '--json']);
  return JSON.parse(out);
}

/**
 * Workspace "shop" for the project directory: P1 Checkout (active; Design: T1
 * done; Build: T2, T3 waits for T2; Ship: T4) and P2 Search (planned; waits for
 * P1; Index: T5), a track holding P1, a feedback item and a note.
 */
async function seed() {
  const { call, close } = await connectStdio({ db: project.db, cwd: project.dir, name: 'pm-e2e-cli-views' });
  try {
    await call('memory_workspace', { action: 'register', path: project.dir, name: 'shop' });
    await call('memory_plan', {
      action: 'create', title: 'Checkout', goal: 'Customers can pay', status: 'active', priority: 'high',
      phases: ['Design', 'Build', 'Ship'], requirements: ['Card payments', 'Receipts by email'],
    });
    await call('memory_steps', { action: 'add', plan: 'P1', phase: 'Design', steps: [{ task: 'Draw the flow' }] });
    await call('memory_steps', {
      action: 'add', plan: 'P1', phase: 'Build',
      steps: [{ task: 'Call the payment API' }, { task: 'Send the receipt email' }],
    });
    await call('memory_steps', { action: 'add', plan: 'P1', phase: 'Ship', steps: [{ task: 'Release' }] });
    await call('memory_plan', { action: 'create', title: 'Search', status: 'planned', phases: ['Index'] });
    await call('memory_steps', { action: 'add', plan: 'P2', phase: 'Index', steps: [{ task: 'Build the index' }] });
    await call('memory_plan', { action: 'add_dependency', item: 'T3', depends_on: 'T2' });
    await call('memory_plan', { action: 'add_dependency', item: 'P2', depends_on: 'P1' });
    await call('update_task_status', { task: 'T1', status: 'in_progress' });
    await call('update_task_status', { task: 'T1', status: 'completed' });
    await call('memory_plan', { action: 'add_note', plan: 'P1', text: 'Use the sandbox key for tests.' });
    await call('memory_agent', { action: 'handoff', plan: 'P1', from: 'architect', to: 'builder', reason: 'design done' });
    await call('memory_workspace', { action: 'track_create', name: 'Web', goal: 'Sell online' });
    await call('memory_workspace', { action: 'track_assign', plan: 'P1', track: 'Web' });
    await call('memory_feedback', { action: 'report', kind: 'bug', title: 'Coupon field ignores spaces' });
  } finally {
    await close();
  }
}

before(async () => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-cli-views-');
  project = { dir: path.join(tmp.dir, 'shop'), db: freshDb(tmp.dir, 'views') };
  fs.mkdirSync(project.dir);
  await seed();
});
after(() => tmp?.cleanup());

// The tests below run in order and share the database: each reads what the
// one before it left.
describe('views of a workspace', { concurrency: false }, () => {
  test('status draws the plans as plain trees (stdout is not a terminal) and the next task', opts, async () => {
    const out = await ok(['status']);
    assert.doesNotMatch(out, /\x1b\[/, 'no ANSI colour into a pipe');
    assert.match(out, /^Workspace shop /);
    assert.match(out, /\n▶ P1 Checkout {2}active {2}██░░░░░░░░ 1\/4\n/);
    assert.match(out, /\n├─ ✓ Design {2}██████████ 1\/1\n│ {2}└─ ✓ T1 Draw the flow\n/);
    assert.match(out, /\n├─ ○ Build {3}░░░░░░░░░░ 0\/2\n│ {2}├─ ○ T2 Call the payment API\n│ {2}└─ ○ T3 Send the receipt email\n/);
    assert.match(out, /\n└─ ○ Ship {4}░░░░░░░░░░ 0\/1\n {3}└─ ○ T4 Release\n/);
    assert.match(out, /\n○ P2 Search {2}planned {2}░░░░░░░░░░ 0\/1\n└─ ○ Index  ░░░░░░░░░░ 0\/1\n {3}└─ ○ T5 Build the index\n/);
    assert.match(out, /\nNext: T2 Call the payment API \(P1 › Build\)\n$/);
  });

  test('status --json is the tools\' structured results', opts, async () => {
    const status = await okJson(['status']);
    assert.equal(status.workspace.code, 'shop');
    assert.deepEqual(status.plans.map((v) => v.plan.code), ['P1', 'P2']);
    assert.deepEqual(status.plans[0].phases.map((p) => p.name), ['Design', 'Build', 'Ship']);
    assert.equal(status.next.task.code, 'T2');
    assert.equal(status.next.claimed, false);
  });

  test('next looks without claiming; --claim claims', opts, async () => {
    const look = await ok(['next']);
    assert.match(look, /^○ T2 Call the payment API {2}pending\n/);
    assert.match(look, /Plan P1 Checkout › Build/);
    assert.match(look, /Not claimed\. Start it with: project-memory start T2/);
    const again = await okJson(['next']);
    assert.equal(again.task.code, 'T2');
    assert.equal(again.task.status, 'pending', 'next without --claim must not claim');
    assert.equal(again.claimed, false);

    const claimed = await okJson(['next', '--claim']);
    assert.equal(claimed.task.code, 'T2');
    assert.equal(claimed.claimed, true);
    assert.equal(claimed.task.status, 'in_progress');
    assert.equal(claimed.task.holder_agent, 'cli');

    const nothing = await ok(['next']);
    assert.match(nothing, /^Nothing ready: .*T3 waits on T2/, 'T3 waits for T2, Ship for Build, P2 for P1');
  });

  test('done completes a task and shows what became ready; start and block move it', opts, async () => {
    const done = await ok(['done', 'T2', '--notes', 'Charges the sandbox card']);
    assert.match(done, /^✓ T2 Call the payment API: in_progress → completed\n/);
    assert.match(done, /Now ready:\n {2}○ T3 Send the receipt email \(P1 › Build\)\n/);

    const started = await ok(['start', 'T3']);
    assert.match(started, /^▶ T3 Send the receipt email: pending → in_progress\n/);
    const blocked = await ok(['block', 'T3', '--reason', 'waiting for SMTP credentials']);
    assert.match(blocked, /^⊘ T3 Send the receipt email: in_progress → blocked\n {2}Reason: waiting for SMTP credentials\n/);

    const show = await okJson(['show', 'P1']);
    const steps = Object.fromEntries(show.plan.phases.flatMap((p) => p.steps).map((s) => [s.code, s.status]));
    assert.deepEqual(steps, { T1: 'completed', T2: 'completed', T3: 'blocked', T4: 'pending' });
    const refused = await cli(['done', 'T3']);
    assert.equal(refused.code, 1, 'a blocked task cannot be completed');
    assert.match(refused.stderr, /blocked/);

    const status = await ok(['status']);
    assert.match(status, /\n├─ ▶ Build {3}█████░░░░░ 1\/2\n│ {2}├─ ✓ T2 Call the payment API\n│ {2}└─ ⊘ T3 Send the receipt email — waiting for SMTP credentials\n/);

    const resumed = await ok(['start', 'T3']);
    assert.match(resumed, /^▶ T3 Send the receipt email: blocked → in_progress\n/, 'start unblocks first');
    const json = await okJson(['done', 'T3']);
    assert.equal(json.previous_status, 'in_progress');
    assert.equal(json.task.status, 'completed');
    assert.deepEqual(json.became_ready.map((s) => s.code), ['T4'], 'Ship waited for Build');
  });

  test('show prints criteria, dependencies and notes of a plan', opts, async () => {
    const out = await ok(['show', 'P1']);
    assert.match(out, /^▶ P1 Checkout {2}active/);
    assert.match(out, /Goal: Customers can pay/);
    assert.match(out, /Acceptance criteria\n {2}○ R1 Card payments\n {2}○ R2 Receipts by email\n/);
    assert.match(out, /Dependencies\n {2}T3 waits for ✓ T2\n/);
    assert.match(out, /Waiting for this plan\n {2}P2 waits for ▶ P1\n/);
    assert.match(out, /Notes\n {2}\[\w+\] Use the sandbox key for tests\.\n/);
    assert.match(out, /Recent handoffs\n {2}\S+Z architect → builder: design done\n$/);
    const json = await okJson(['show', 'P1']);
    assert.deepEqual(json.lineage.map((h) => [h.from_agent, h.to_agent]), [['architect', 'builder']]);
    assert.ok(json.dependencies.some((d) => d.item.kind === 'plan' && d.dependents.length === 1));
  });

  test('graph draws plans, phases and steps with status classes and dependency edges', opts, async () => {
    const show = await okJson(['show', 'P1']);
    const id = (code) => show.plan.phases.flatMap((p) => p.steps).find((s) => s.code === code).id;
    const p1 = show.plan.plan.id;

    const mermaid = await ok(['graph', 'P1']);
    assert.match(mermaid, /^flowchart TD\n/);
    assert.match(mermaid, new RegExp(`\\n  subgraph plan_${p1}\\["▶ P1 Checkout"\\]\\n`));
    assert.match(mermaid, /\n {4}subgraph phase_\d+\["✓ Design"\]\n/);
    assert.match(mermaid, new RegExp(`\\n {6}step_${id('T2')}\\["✓ T2 Call the payment API"\\]:::completed\\n`));
    assert.match(mermaid, new RegExp(`\\n {2}step_${id('T2')} --> step_${id('T3')}\\n`));
    assert.match(mermaid, /\n {2}plan_\d+\["○ P2 Search"\]:::planned\n/, 'P2 waits for P1: drawn outside the plan');
    assert.match(mermaid, /\n {2}classDef completed fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6}\n/);
    assert.match(mermaid, /\n {2}classDef active /);
    assert.match(mermaid, new RegExp(`\\n {2}class plan_${p1} active\\n`));

    const dot = await ok(['graph', 'P1', '--format', 'dot']);
    assert.match(dot, /^digraph plans \{\n {2}compound=true;\n/);
    assert.match(dot, new RegExp(`subgraph cluster_plan_${p1} \\{`));
    assert.match(dot, new RegExp(`step_${id('T1')} \\[label="✓ T1 Draw the flow", fillcolor="#[0-9a-f]{6}"`));
    assert.match(dot, new RegExp(`\\n {2}step_${id('T2')} -> step_${id('T3')};\\n`));
    assert.match(dot, /\n}\n$/);
    const graphviz = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
    if (!graphviz.error) {  // Graphviz installed: it must accept the text as it is
      assert.equal(graphviz.status, 0, graphviz.stderr);
      assert.equal(graphviz.stderr, '');
      assert.match(graphviz.stdout, /<svg/);
    }

    const all = await ok(['graph', '--workspace', 'shop']);
    assert.match(all, /\n {2}subgraph plan_\d+\["○ P2 Search"\]\n/);
    assert.match(all, new RegExp(`\\n {2}plan_${p1} --> plan_\\d+\\n`), 'P2 waits for P1');

    const graph = await okJson(['graph', 'P1']);
    assert.ok(graph.edges.some((e) => e.from === `step:${id('T2')}` && e.to === `step:${id('T3')}`));
  });

  test('search, log, tracks and feedback list what the tools return', opts, async () => {
    const search = await ok(['search', 'payment']);
    assert.match(search, /^1\. \[\w+ [PT]\d+\] /);
    assert.match(search, /\*\*payment\*\*/i);
    const hits = await okJson(['search', 'payment']);
    assert.ok(hits.hits.length >= 1);

    const log = await ok(['log', '--limit', '3']);
    assert.equal(log.trimEnd().split('\n').length, 3);
    assert.match(log, /^\S+Z {2}status step T3 Send the receipt email: in_progress → completed {2}by cli\n/, 'newest first');
    const entries = await okJson(['log', '--limit', '2']);
    assert.equal(entries.entries.length, 2);
    assert.ok(entries.entries[0].id > entries.entries[1].id, 'newest first');

    const tracks = await ok(['tracks']);
    assert.match(tracks, /^Web {2}░░░░░░░░░░ 0\/1 plans done {2}1 ready {2}— Sell online\n$/);
    const trackJson = await okJson(['tracks']);
    assert.equal(trackJson.tracks[0].plan_count, 1);

    const feedback = await ok(['feedback', '--status', 'new']);
    assert.match(feedback, /^FB1 {3}bug {6}new {9}Coupon field ignores spaces\n$/);
    assert.equal(await ok(['feedback', '--status', 'resolved']), 'No feedback.\n');
  });
});

describe('errors and usage', () => {
  test('usage errors exit 2, help exits 0 with examples', opts, async () => {
    for (const args of [
      ['block', 'T4'],                      // --reason is required
      ['graph', 'P1', '--format', 'svg'],   // not a format
      ['status', '--bogus'],
      ['done'],                             // TASK is required
      ['feedback', '--status', 'open'],
      [],                                   // no command
      ['no-such-command'],
    ]) {
      const r = await cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.notEqual(r.stderr, '');
    }
    for (const command of ['register', 'status', 'next', 'show', 'start', 'done', 'block', 'search', 'log', 'tracks', 'feedback', 'graph']) {
      const help = await cli([command, '--help']);
      assert.equal(help.code, 0, command);
      assert.match(help.stdout, /Examples:\n {2}project-memory /, `${command} --help has examples`);
    }
    const top = await cli(['--help']);
    assert.equal(top.code, 0);
    assert.match(top.stdout, /project-memory status/);
  });

  test('an unknown plan or task exits 1 with the tool\'s message', opts, async () => {
    const plan = await cli(['show', 'P9']);
    assert.equal(plan.code, 1);
    assert.equal(plan.stdout, '');
    assert.match(plan.stderr, /no plan P9/);
    const graph = await cli(['graph', 'P9', '--format', 'dot']);
    assert.equal(graph.code, 1);
    assert.match(graph.stderr, /no plan P9/);
    const task = await cli(['done', 'T99']);
    assert.equal(task.code, 1);
    assert.match(task.stderr, /T99/);
  });

  test('start refuses a blocked task that is not ready, and leaves it blocked', opts, async () => {
    await ok(['block', 'T5', '--reason', 'needs a search engine']);
    const r = await cli(['start', 'T5']);  // P2 waits for P1
    assert.equal(r.code, 1, r.stdout);
    assert.notEqual(r.stderr, '');
    const show = await okJson(['show', 'P2']);
    const step = show.plan.phases[0].steps[0];
    assert.equal(step.code, 'T5');
    assert.equal(step.status, 'blocked');
    assert.match(await ok(['status']), /└─ ⊘ T5 Build the index — needs a search engine\n/);
  });

  test('outside a registered directory a workspace must be named', opts, async () => {
    const r = await cli(['status'], { cwd: tmp.dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no workspace given/);
    const named = await ok(['status', '--workspace', 'shop'], { cwd: tmp.dir });
    assert.match(named, /^Workspace shop /);
  });

  test('register makes a directory a workspace the other commands then default to', opts, async () => {
    const dir = path.join(tmp.dir, 'garden');
    fs.mkdirSync(dir);
    const before = await cli(['status'], { cwd: dir });
    assert.equal(before.code, 1);
    assert.match(before.stderr, /project-memory register/);
    assert.match(await ok(['register', '--name', 'garden'], { cwd: dir }),
      new RegExp(`^Registered: workspace \\d+ garden ${dir}\n$`));
    const again = JSON.parse(await ok(['register', dir, '--json'], { cwd: tmp.dir }));
    assert.equal(again.created, false);
    assert.equal(again.workspace.name, 'garden');
    assert.match(await ok(['status'], { cwd: dir }), /^Workspace garden /);
    const missing = await cli(['register', path.join(tmp.dir, 'nowhere')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /not a directory/);
  });

  test('colour only on request of a terminal: --no-color and NO_COLOR keep text plain', opts, async () => {
    const plain = await ok(['status', '--no-color']);
    assert.doesNotMatch(plain, /\x1b\[/);
    const noColor = await ok(['status'], { env: { ...process.env, NO_COLOR: '1' } });
    assert.doesNotMatch(noColor, /\x1b\[/);
  });

  test('on a terminal status is coloured, unless --no-color or NO_COLOR', opts, async (t) => {
    if (!fs.existsSync('/usr/bin/script')) {
      t.skip('util-linux script (a pseudo-terminal) is not installed');
      return;
    }
    // script(1) runs the command on a pseudo-terminal, so isatty(stdout) holds.
    const onTerminal = (extra, env) => new Promise((resolve) => {
      const line = [assertBinaryExists(), '--db', project.db, 'status', ...extra].map((a) => `'${a}'`).join(' ');
      execFile('/usr/bin/script', ['-qec', line, '/dev/null'],
        { cwd: project.dir, env: { ...process.env, NO_COLOR: '', ...env }, timeout: TEST_TIMEOUT / 2 },
        (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
    });
    const coloured = await onTerminal([], {});
    assert.equal(coloured.code, 0, coloured.stderr);
    assert.match(coloured.stdout, /\x1b\[32m✓\x1b\[0m/, 'completed in green');
    assert.match(coloured.stdout, /Workspace shop/);
    assert.doesNotMatch((await onTerminal(['--no-color'], {})).stdout, /\x1b\[/);
    assert.doesNotMatch((await onTerminal([], { NO_COLOR: '1' })).stdout, /\x1b\[/);
  });
});
