// project-memory export / import through the real binary: the CLI round trip is
// byte-identical, refusals exit 1 and write nothing, and the memory_workspace
// export / import actions send MCP progress notifications to an SDK client
// that asked for them (onprogress).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';

import { freshDb } from './lib/backend.mjs';
import { TEST_TIMEOUT, assertBinaryExists, makeTempDir, serverArgs } from './lib/harness.mjs';

const opts = { timeout: TEST_TIMEOUT };
let tmp;
let counter = 0;
const unique = (prefix) => `${prefix}-${++counter}`;

before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-export-');
});
after(() => tmp?.cleanup());

/** Runs the CLI; returns { status, stdout (Buffer), stderr (string) }. */
function cli(args, { input, cwd } = {}) {
  const r = spawnSync(assertBinaryExists(), args, { input, cwd: cwd ?? tmp.dir, timeout: TEST_TIMEOUT / 2 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

/** An SDK client on a server over `db`, started in `cwd` (with `serveArgs`). */
async function connect(t, db, cwd, serveArgs = []) {
  const transport = new StdioClientTransport({
    command: assertBinaryExists(),
    args: serverArgs({ db, logLevel: 'warn', serveArgs }),
    cwd,
    env: getDefaultEnvironment(),
    stderr: 'pipe',
  });
  const client = new Client({ name: 'pm-e2e-export', version: '0.0.0' }, { capabilities: {} });
  t.after(async () => {
    await client.close().catch(() => {});
  });
  await client.connect(transport, { timeout: TEST_TIMEOUT / 2 });
  const call = async (name, args, options = {}) => {
    const result = await client.callTool({ name, arguments: args }, undefined, { timeout: TEST_TIMEOUT / 2, ...options });
    assert.ok(!result.isError, `${name} ${JSON.stringify(args)}: ${result.content?.[0]?.text}`);
    return result.structuredContent;
  };
  return { client, call };
}

/** A database with a workspace, a plan with phases, steps, knowledge and feedback. */
async function seededDatabase(t) {
  const db = freshDb(tmp.dir, unique('seed'));
  const project = path.join(tmp.dir, unique('project'));
  fs.mkdirSync(project);
  const { call } = await connect(t, db, project);
  await call('memory_workspace', { action: 'register', path: project, name: 'Shop' });
  await call('memory_plan', { action: 'create', title: 'Checkout', status: 'active', phases: ['Design', 'Build'], requirements: ['Card payments'] });
  await call('memory_steps', { action: 'add', plan: 'P1', phase: 'Design', steps: [{ task: 'Sketch the flow' }, { task: 'Pick a provider — “Stripe”?' }] });
  await call('update_task_status', { task: 'T1', status: 'in_progress' });
  await call('update_task_status', { task: 'T1', status: 'completed' });
  await call('memory_context', { action: 'knowledge_store', slug: 'payments', title: 'Payments', content: 'Idempotency keys.\nAlways.' });
  await call('memory_feedback', { action: 'report', kind: 'bug', title: 'Double charge' });
  return { db, project };
}

describe('CLI export and import', () => {
  test('export, import into a fresh database, export again: identical bytes', opts, async (t) => {
    const { db } = await seededDatabase(t);
    const first = path.join(tmp.dir, unique('first') + '.jsonl');
    const r1 = cli(['--db', db, 'export', '-o', first]);
    assert.equal(r1.status, 0, r1.stderr);
    assert.match(r1.stderr, /Exported every workspace to .* bytes\): \d+ rows \(workspaces 1, code_counters/);
    const bytes = fs.readFileSync(first);
    const lines = bytes.toString().trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines[0].format, 'project-memory-export');
    assert.equal(lines.at(-1).end, true);
    assert.ok(lines.some((l) => l.table === 'steps' && l.row.task === 'Pick a provider — “Stripe”?'));

    // stdout gives the same bytes.
    const toStdout = cli(['--db', db, 'export', '--quiet']);
    assert.equal(toStdout.status, 0, toStdout.stderr);
    assert.equal(toStdout.stderr, '');
    assert.ok(Buffer.compare(toStdout.stdout, bytes) === 0, 'stdout export differs from -o export');

    const fresh = freshDb(tmp.dir, unique('fresh'));
    const imp = cli(['--db', fresh, 'import', first]);
    assert.equal(imp.status, 0, imp.stderr);
    assert.match(imp.stderr, /Imported .*: \d+ rows: \d+ inserted, 0 updated, 0 unchanged/);
    assert.match(imp.stderr, /0 tombstones applied/);

    const second = path.join(tmp.dir, unique('second') + '.jsonl');
    assert.equal(cli(['--db', fresh, 'export', '-q', '-o', second]).status, 0);
    assert.ok(Buffer.compare(fs.readFileSync(second), bytes) === 0, 'the round trip changed the bytes');

    // Importing again (from stdin) changes nothing.
    const again = cli(['--db', fresh, 'import', '-'], { input: bytes });
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, /: \d+ rows: 0 inserted, 0 updated, \d+ unchanged/);
  });

  test('a malformed line exits 1, names the line and writes nothing', opts, async (t) => {
    const { db } = await seededDatabase(t);
    const good = cli(['--db', db, 'export', '-q']).stdout.toString().split('\n');
    good[3] = '{"table":"plans","row":';
    const bad = path.join(tmp.dir, unique('bad') + '.jsonl');
    fs.writeFileSync(bad, good.join('\n'));
    const fresh = freshDb(tmp.dir, unique('fresh'));
    const r = cli(['--db', fresh, 'import', bad]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /line 4: not valid JSON.*nothing was imported/);
    const after = cli(['--db', fresh, 'export', '-q']).stdout.toString().trimEnd().split('\n');
    assert.equal(after.length, 2, `expected only header and end line, got ${after.join('\n')}`);
  });
});

describe('memory_workspace export and import over MCP', () => {
  test('progress notifications reach an SDK client that asked for them', opts, async (t) => {
    const { db, project } = await seededDatabase(t);
    // Enough rows for several progress reports: event_log rows added by import.
    const header = cli(['--db', db, 'export', '-q']).stdout.toString().split('\n')[0];
    const rows = [];
    for (let i = 1; i <= 2000; i++) {
      rows.push(JSON.stringify({ table: 'event_log', row: { id: 100000 + i, workspace_id: 1, event_type: 'tick', data: '{}', created_at: '2026-01-01T00:00:00.000Z', agent: null } }));
    }
    const synthetic = path.join(tmp.dir, unique('events') + '.jsonl');
    fs.writeFileSync(synthetic, [header, ...rows, JSON.stringify({ end: true, rows: rows.length, tombstones: 0 })].join('\n') + '\n');
    const imported = cli(['--db', db, 'import', '-q', synthetic]);
    assert.equal(imported.status, 0, imported.stderr);

    const { call } = await connect(t, db, project);
    const progress = [];
    const out = path.join(project, unique('agent') + '.jsonl');
    const exported = await call('memory_workspace', { action: 'export', path: out }, { onprogress: (p) => progress.push(p) });
    assert.equal(exported.path, out);
    assert.ok(exported.total_rows > 2000);
    assert.ok(progress.length >= 3, `expected several progress notifications, got ${JSON.stringify(progress)}`);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i].progress > progress[i - 1].progress, 'progress must increase');
    // The SDK hands notifications to onprogress a tick after it reads them, so
    // the final one (100%, written just before the response) may land after
    // the request settled; tests/tools/workspace_transfer_test.cpp checks the
    // wire order itself.
    for (const p of progress) assert.equal(p.total, exported.total_rows);
    assert.ok(progress.at(-1).progress <= exported.total_rows);
    assert.match(progress[0].message, /exported \d+ rows/);

    // The agent's file equals the CLI's export of the workspace.
    const viaCli = cli(['--db', db, 'export', '-q', '--workspace', project]).stdout;
    assert.ok(Buffer.compare(fs.readFileSync(out), viaCli) === 0, 'agent export differs from the CLI export');

    // Import into another server's empty database, with progress by bytes.
    const other = freshDb(tmp.dir, unique('other'));
    // That store knows nothing of the project: its directory is allowed by name.
    const second = await connect(t, other, project, ['--allow-path', project]);
    const importProgress = [];
    const result = await second.call('memory_workspace', { action: 'import', path: out }, { onprogress: (p) => importProgress.push(p) });
    assert.equal(result.tables.event_log.inserted, 2000);
    assert.ok(importProgress.length >= 2, JSON.stringify(importProgress));
    for (const p of importProgress) assert.equal(p.total, fs.statSync(out).size);
    const got = await second.call('memory_workspace', { action: 'get' });
    assert.equal(got.workspace.content.plans, 1);
  });
});
