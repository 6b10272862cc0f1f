// What an agent reads back stays small: on a workspace of 1,000 steps (and 60
// of everything else), every list action pages with a default limit, and no
// list or search answer called with its defaults is over 8 KB.
//
// The actions are found in describe, not named here: every read-only action
// called list, *_list, list_* or search, and every other read-only action that
// takes a limit (history, update_log, ready, ...).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';

import { freshDb } from './lib/backend.mjs';
import { TEST_TIMEOUT, assertBinaryExists, makeTempDir, serverArgs } from './lib/harness.mjs';

const MAX_RESULT_BYTES = 8 * 1024;
const isListAction = (name) => /^(list|search)$|_list$|^list_/.test(name);

let tmp;
let client;

// Values for the required parameters of the reads below, by name.
const REQUIRED = { plan: 'P1', query: 'step', since: '2000-01-01T00:00:00Z' };

async function call(name, args) {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: TEST_TIMEOUT });
  assert.ok(!result.isError, `${name} ${JSON.stringify(args)}: ${result.content?.[0]?.text}`);
  return result;
}

before(async () => {
  tmp = makeTempDir('pm-e2e-result-size-');
  const project = path.join(tmp.dir, 'big');
  fs.mkdirSync(project);
  const transport = new StdioClientTransport({
    command: assertBinaryExists(),
    args: serverArgs({ db: freshDb(tmp.dir, 'big'), logLevel: 'error' }),
    cwd: project,
    env: getDefaultEnvironment(),
    stderr: 'ignore',
  });
  client = new Client({ name: 'pm-e2e-result-size', version: '0.0.0' }, { capabilities: {} });
  await client.connect(transport, { timeout: TEST_TIMEOUT / 2 });

  await call('memory_workspace', { action: 'register', path: project, name: 'big' });
  // 20 plans of 2 phases x 25 steps: 1,000 steps, with the fields agents fill in.
  for (let p = 1; p <= 20; p++) {
    await call('memory_plan', {
      action: 'create', title: `Plan ${p}: a feature with a realistic title`, status: 'active',
      description: 'What this plan does and why it matters to the people who use the product.',
      goal: 'Users can do the thing quickly and safely.', phases: ['Design', 'Build'],
      requirements: ['The first criterion holds', 'The second criterion holds'], tags: ['backend', 'api'],
    });
    for (const phase of ['Design', 'Build']) {
      await call('memory_steps', {
        action: 'add', plan: `P${p}`, phase,
        steps: Array.from({ length: 25 }, (_, i) => ({
          task: `Step ${i + 1} of ${phase}: implement the piece of work this line describes`,
          description: 'What to look at, and how to check that it works.', type: 'code',
          inputs: ['PRD-006'], expected_outputs: ['src/feature.cpp'],
        })),
      });
    }
  }
  for (let i = 1; i <= 60; i++) {
    const text = `Item ${i}: a line of text about one thing the agents keep in mind. `;
    await call('memory_feedback', { action: 'report', kind: 'bug', title: `Bug ${i}: checkout fails on a step`, body: text });
    await call('memory_agent', { action: 'session_start', agent: `agent-${i}`, plan: 'P1' });
    await call('memory_agent', { action: 'handoff', plan: 'P1', from: `agent-${i}`, to: 'executor', reason: text });
    await call('memory_agent', { action: 'event_add', type: 'build_failed', data: { step: `T${i}`, log: text } });
    await call('memory_context', { action: 'store', anchor: 'plan', anchor_id: 'P1', type: `notes-${i}`, data: { text } });
    await call('memory_context', { action: 'knowledge_store', title: `Knowledge ${i}`, tags: ['step'], content: text.repeat(5) });
    await call('memory_context', { action: 'research_append', name: `doc-${i}.md`, content: text.repeat(5) });
    await call('memory_agent', { action: 'agent_store', name: `agent-${i}`, description: 'Writes code', content: text.repeat(5) });
    await call('memory_agent', { action: 'instruction_store', name: `rules-${i}`, applies_to: '**/*.ts', content: text });
    await call('memory_agent', { action: 'skill_store', name: `skill-${i}`, tags: ['step'], content: text.repeat(5) });
    await call('memory_agent', { action: 'script_add', name: `script-${i}`, command: 'make test', description: text });
    await call('memory_workspace', { action: 'track_create', name: `Track ${i}`, goal: text });
    await call('memory_workspace', { action: 'program_create', title: `Program ${i}`, goal: text });
    await call('memory_workspace', { action: 'register', name: `other-${i}` });
    await call('memory_plan', { action: 'update', plan: `P${(i % 20) + 1}`, description: text });
  }
});
after(async () => {
  await client?.close();
  tmp?.cleanup();
});

test('list actions page with a default limit, and no default list or search answer is over 8 KB', { timeout: TEST_TIMEOUT * 4 }, async () => {
  const { tools } = await client.listTools();
  const measured = [];
  for (const tool of tools) {
    const help = (await call(tool.name, { action: 'describe' })).structuredContent.help;
    for (const action of help.actions) {
      const limit = action.params.find((p) => p.name === 'limit');
      if (!action.read_only || !(isListAction(action.action) || limit)) continue;
      const label = `${tool.name}.${action.action}`;
      if (isListAction(action.action)) {
        assert.ok(limit && Number.isInteger(limit.default), `${label} takes a limit with a default`);
        assert.ok(action.params.some((p) => p.name === 'cursor'), `${label} takes a cursor`);
      }
      const args = { action: action.action };
      // The required parameters, and a query where there is one (a search needs words).
      for (const p of action.params) {
        if (p.required || p.name === 'query') args[p.name] = REQUIRED[p.name];
      }
      let result = await client.callTool({ name: tool.name, arguments: args }, undefined, { timeout: TEST_TIMEOUT });
      if (result.isError) {
        // "history needs plan or step": name what the workspace has, as an agent would.
        for (const p of action.params) if (p.name in REQUIRED) args[p.name] = REQUIRED[p.name];
        result = await call(tool.name, args);
      }
      const bytes = Buffer.byteLength(JSON.stringify(result), 'utf8');
      measured.push(`${label}: ${bytes} bytes`);
      assert.ok(bytes <= MAX_RESULT_BYTES, `${label} answered ${bytes} bytes with its defaults (limit ${limit?.default})`);
      // A next page, when there is one, is another page.
      const next = result.structuredContent?.next_cursor;
      if (typeof next === 'string') {
        const second = await call(tool.name, { ...args, cursor: next });
        assert.notDeepEqual(second.structuredContent, result.structuredContent, `${label}: the second page differs`);
      }
    }
  }
  assert.ok(measured.length >= 20, `measured ${measured.length} actions:\n${measured.join('\n')}`);
});
