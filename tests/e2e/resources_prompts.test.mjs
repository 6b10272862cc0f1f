// MCP resources, resource templates and prompts through the official SDK
// client, and the `project-memory markdown` command.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

import { freshDb } from './lib/backend.mjs';
import { TEST_TIMEOUT, assertBinaryExists, makeTempDir, serverArgs } from './lib/harness.mjs';

const opts = { timeout: TEST_TIMEOUT };
let tmp;
let counter = 0;

before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-resources-');
});
after(() => tmp?.cleanup());

/** A project directory and a database of its own. */
function freshProject() {
  const n = ++counter;
  const dir = path.join(tmp.dir, `project-${n}`);
  fs.mkdirSync(dir, { recursive: true });
  return { dir, db: freshDb(tmp.dir, `resources-${n}`) };
}

/** Connects the SDK client to a server started in `dir`; small list pages show paging. */
async function connect(t, { dir, db }, pageSize = 2) {
  const transport = new StdioClientTransport({
    command: assertBinaryExists(),
    args: serverArgs({ db, logLevel: 'warn', serveArgs: ['--list-page-size', String(pageSize)] }),
    cwd: dir,
    env: getDefaultEnvironment(),
    stderr: 'pipe',
  });
  const client = new Client({ name: 'pm-e2e-resources', version: '0.0.0' }, { capabilities: {} });
  t.after(async () => {
    await client.close().catch(() => {});
  });
  await client.connect(transport, { timeout: TEST_TIMEOUT / 2 });
  /** A tool call that must succeed; returns structuredContent. */
  const call = async (name, args) => {
    const result = await client.callTool({ name, arguments: args }, undefined, { timeout: TEST_TIMEOUT / 2 });
    assert.ok(!result.isError, `${name} ${JSON.stringify(args)}: ${result.content?.[0]?.text}`);
    return result.structuredContent;
  };
  return { client, call };
}

/** A workspace for `dir` with plan P1 (Design: T1 done; Build: T2) and a knowledge entry. */
async function seed(call, dir) {
  await call('memory_workspace', { action: 'register', path: dir, name: 'Shop' });
  const created = await call('memory_plan', {
    action: 'create', title: 'Checkout', goal: 'Customers can pay', status: 'active',
    phases: ['Design', 'Build'], requirements: ['Card payments', 'Receipts by email'],
  });
  await call('memory_steps', { action: 'add', plan: 'P1', phase: 'Design', steps: [{ task: 'Draw the flow' }] });
  await call('memory_steps', { action: 'add', plan: 'P1', phase: 'Build', steps: [{ task: 'Call the payment API' }] });
  await call('update_task_status', { task: 'T1', status: 'in_progress' });
  await call('update_task_status', { task: 'T1', status: 'completed' });
  await call('memory_context', { action: 'knowledge_store', slug: 'payments', title: 'Payments', content: 'Use the sandbox key.' });
  await call('memory_plan', { action: 'create', title: 'Search' });
  return created.plan;
}

async function expectMcpError(promise, code, pattern) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof McpError, `expected McpError, got ${e}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

describe('resources', () => {
  test('capabilities announce resources and prompts', opts, async (t) => {
    const { client } = await connect(t, freshProject());
    const caps = client.getServerCapabilities();
    assert.deepEqual(caps.resources, { listChanged: false });
    assert.deepEqual(caps.prompts, { listChanged: false });
  });

  test('listResources pages with nextCursor over workspaces, plans and knowledge', opts, async (t) => {
    const project = freshProject();
    const { client, call } = await connect(t, project);
    const plan = await seed(call, project.dir);
    const uris = [];
    let cursor;
    let pages = 0;
    do {
      const page = await client.listResources(cursor === undefined ? {} : { cursor });
      pages++;
      assert.ok(page.resources.length <= 2);
      for (const r of page.resources) {
        assert.equal(r.mimeType, 'text/markdown');
        assert.equal(typeof r.name, 'string');
        uris.push(r.uri);
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined && pages < 20);
    assert.equal(pages, 2);
    assert.deepEqual(uris.slice(0, 2), ['project-memory://workspace/shop', `project-memory://plan/${plan.id}`]);
    assert.ok(uris.includes('project-memory://knowledge/shop/payments'), uris.join('\n'));
    assert.equal(uris.length, 4);
  });

  test('listResourceTemplates gives the URI templates', opts, async (t) => {
    const { client } = await connect(t, freshProject(), 10);
    const { resourceTemplates } = await client.listResourceTemplates();
    assert.deepEqual(resourceTemplates.map((x) => x.uriTemplate), [
      'project-memory://workspace/{workspace}',
      'project-memory://plan/{plan}',
      'project-memory://knowledge/{workspace}/{slug}',
      'project-memory://research/{workspace}/{id}',
    ]);
    for (const x of resourceTemplates) assert.ok(x.title && x.description, JSON.stringify(x));
  });

  test('readResource of a plan created through tools is its Markdown checklist', opts, async (t) => {
    const project = freshProject();
    const { client, call } = await connect(t, project);
    const plan = await seed(call, project.dir);
    for (const uri of [`project-memory://plan/${plan.id}`, 'project-memory://plan/P1']) {
      const { contents } = await client.readResource({ uri });
      assert.equal(contents.length, 1);
      assert.equal(contents[0].uri, uri);
      assert.equal(contents[0].mimeType, 'text/markdown');
      const md = contents[0].text;
      assert.match(md, /^# P1 Checkout\n/);
      assert.match(md, /\*\*Progress:\*\* 1\/2 steps done \(50%\)/);
      assert.match(md, /- \[ \] \*\*R1\*\* Card payments/);
      assert.match(md, /- \[x\] \*\*T1\*\* Draw the flow — completed/);
      assert.match(md, /- \[ \] \*\*T2\*\* Call the payment API — pending/);
    }
    const overview = await client.readResource({ uri: 'project-memory://workspace/shop' });
    assert.match(overview.contents[0].text, /\*\*Ready steps:\*\* 1/);
    const knowledge = await client.readResource({ uri: 'project-memory://knowledge/shop/payments' });
    assert.match(knowledge.contents[0].text, /Use the sandbox key\./);
  });

  test('an unknown URI is error -32002 Resource not found', opts, async (t) => {
    const project = freshProject();
    const { client, call } = await connect(t, project);
    await seed(call, project.dir);
    await expectMcpError(client.readResource({ uri: 'project-memory://plan/P77' }), -32002, /Resource not found.*P77/);
    await expectMcpError(client.readResource({ uri: 'https://example.com/x' }), -32002, /Resource not found/);
  });
});

describe('prompts', () => {
  test('listPrompts, then getPrompt for each prompt', opts, async (t) => {
    const project = freshProject();
    const { client, call } = await connect(t, project);
    await seed(call, project.dir);
    const names = [];
    let cursor;
    do {
      const page = await client.listPrompts(cursor === undefined ? {} : { cursor });
      names.push(...page.prompts.map((p) => p.name));
      cursor = page.nextCursor;
    } while (cursor !== undefined && names.length < 20);
    assert.deepEqual(names, ['start_work', 'plan_feature', 'hand_off']);

    const text = (result) => {
      assert.equal(result.messages.length, 1);
      assert.equal(result.messages[0].role, 'user');
      assert.equal(result.messages[0].content.type, 'text');
      return result.messages[0].content.text;
    };
    const start = text(await client.getPrompt({ name: 'start_work', arguments: { plan: 'P1' } }));
    assert.match(start, /T2 Call the payment API \[pending\]/);
    assert.match(start, /`get_next_task`/);
    const still = await call('memory_steps', { action: 'get', step: 'T2' });
    assert.equal(still.step.status, 'pending', 'start_work must not claim');

    const planned = text(await client.getPrompt({ name: 'plan_feature', arguments: { idea: 'Gift cards' } }));
    assert.match(planned, /Gift cards/);
    assert.match(planned, /`memory_plan` action "create"/);
    assert.match(planned, /`memory_steps` action "add"/);

    const handed = text(await client.getPrompt({ name: 'hand_off', arguments: { plan: 'P1', to_agent: 'reviewer' } }));
    assert.match(handed, /`memory_agent` action "handoff"/);
    assert.match(handed, /reviewer/);
  });

  test('an unknown prompt or a missing required argument is -32602', opts, async (t) => {
    const { client } = await connect(t, freshProject());
    await expectMcpError(client.getPrompt({ name: 'no_such_prompt' }), -32602, /no_such_prompt/);
    await expectMcpError(client.getPrompt({ name: 'hand_off', arguments: {} }), -32602, /"plan"/);
  });
});

describe('markdown command', () => {
  /** Runs the binary; resolves { code, stdout, stderr }. */
  function run(args, cwd) {
    return new Promise((resolve) => {
      execFile(assertBinaryExists(), args, { cwd, timeout: TEST_TIMEOUT / 2 }, (error, stdout, stderr) => {
        resolve({ code: error ? error.code : 0, stdout, stderr });
      });
    });
  }

  test('prints a plan, the pending work, or writes a file; bad plan exits 1', opts, async (t) => {
    const project = freshProject();
    {
      const { client, call } = await connect(t, project);
      await seed(call, project.dir);
      await client.close();
    }
    const plan = await run(['--db', project.db, 'markdown', 'P1'], project.dir);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /^# P1 Checkout\n/);
    assert.match(plan.stdout, /- \[x\] \*\*T1\*\*/);

    const pending = await run(['--db', project.db, 'markdown', '--pending'], project.dir);
    assert.equal(pending.code, 0, pending.stderr);
    assert.match(pending.stdout, /^# Pending work in Shop \(shop\)\n\n1 unfinished step in 1 plan\./);
    assert.doesNotMatch(pending.stdout, /T1/);

    const file = path.join(project.dir, 'TODO.md');
    const nowhere = await run(['--db', project.db, 'markdown', 'P1', '-o', file], path.dirname(tmp.dir));
    assert.equal(nowhere.code, 1, 'outside the project directory there is no default workspace');
    assert.equal(fs.existsSync(file), false);
    const ok = await run(['--db', project.db, 'markdown', 'P1', '--pending', '--workspace', 'shop', '-o', file], tmp.dir);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, '');
    assert.match(fs.readFileSync(file, 'utf8'), /- \[ \] \*\*T2\*\* Call the payment API — pending/);

    const missing = await run(['--db', project.db, 'markdown', 'P9'], project.dir);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no plan P9/);

    const help = await run(['markdown', '--help'], project.dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Examples:/);
  });
});
