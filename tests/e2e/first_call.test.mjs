// An agent that has read only tools/list and one `describe` per tool calls every
// action of every tool correctly the first time.
//
// The arguments are generated, never written per action: each action's example
// and parameters come from its tool's describe answer; parameters that name
// something that must already exist (a plan, a step, a session...) take the
// world's value of that name, as an agent takes ids from earlier answers;
// required parameters the example leaves out are filled from their type and
// enum; absolute paths are moved into this test's scratch directory. Every call
// must pass the tools/list inputSchema (ajv) and succeed (isError false), each on
// its own copy of one world database, so no call depends on another.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';

import { copyDb, dropDb, freshDb } from './lib/backend.mjs';
import { TEST_TIMEOUT, assertBinaryExists, assertValid, compileSchema, makeTempDir, serverArgs } from './lib/harness.mjs';

let tmp;
let project;
let worldDb;
let world;      // parameter name (or tool.parameter) -> value of the world
let listed;     // tools/list
const help = new Map();  // tool name -> describe's help

async function connect(db) {
  const transport = new StdioClientTransport({
    command: assertBinaryExists(),
    // The scratch directory is allowed explicitly: beside a SQLite file it is
    // in the data directory anyway, but a PostgreSQL store has none.
    args: serverArgs({ db, logLevel: 'error', serveArgs: ['--allow-path', scratchPath('/')] }),
    cwd: project,
    env: getDefaultEnvironment(),
    stderr: 'ignore',
  });
  const client = new Client({ name: 'pm-e2e-first-call', version: '0.0.0' }, { capabilities: {} });
  await client.connect(transport, { timeout: TEST_TIMEOUT / 2 });
  return client;
}

async function ok(client, name, args) {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: TEST_TIMEOUT / 2 });
  assert.ok(!result.isError, `${name} ${JSON.stringify(args)}: ${result.content?.[0]?.text}`);
  return result.structuredContent;
}

/**
 * The world every call starts from: workspace "shop" in the project directory
 * (and "mobile-app" to link programs to), plans with phases, steps (one claimed
 * by "executor"), a criterion, feedback, a session, a program, a track, memory,
 * knowledge, a section, research, the library, a build script, an event, a
 * dependency and an export file. Returns the values calls may refer to.
 */
async function buildWorld(client) {
  const call = (name, args) => ok(client, name, args);
  await call('memory_workspace', { action: 'register', path: project, name: 'shop' });
  await call('memory_workspace', { action: 'register', name: 'mobile-app' });
  const p1 = await call('memory_plan', {
    action: 'create', title: 'Checkout', status: 'active', phases: ['Design', 'Build', 'Test'],
    requirements: ['A user can pay'],
  });
  await call('memory_plan', { action: 'create', title: 'Order history', status: 'planned' });
  await call('memory_plan', { action: 'create', title: 'Search', status: 'planned', phases: ['Build'] });
  await call('memory_plan', { action: 'create', title: 'Old idea' });
  await call('memory_plan', { action: 'archive', plan: 'P4' });
  const tasks = (n, prefix) => Array.from({ length: n }, (_, i) => ({ task: `${prefix} ${i + 1}` }));
  await call('memory_steps', { action: 'add', plan: 'P1', phase: 'Design', steps: tasks(2, 'Design') });  // T1, T2
  await call('memory_steps', { action: 'add', plan: 'P1', phase: 'Build', steps: tasks(1, 'Build') });    // T3
  await call('memory_steps', { action: 'add', plan: 'P2', steps: tasks(1, 'Orders') });                  // T4
  await call('memory_steps', { action: 'add', plan: 'P3', steps: tasks(7, 'Search') });                  // T5-T11
  await call('memory_steps', { action: 'add', plan: 'P1', phase: 'Test', steps: tasks(3, 'Test') });     // T12-T14
  await call('memory_plan', { action: 'add_dependency', item: 'T3', depends_on: 'T2' });
  await call('get_next_task', { agent: 'executor', plan: 'P1' });  // claims T1
  await call('update_task_status', { task: 'T12', status: 'in_progress', agent: 'tester', force: true });
  await call('memory_feedback', { action: 'report', kind: 'bug', title: 'Crash on pay' });
  await call('memory_feedback', { action: 'report', kind: 'bug', title: 'Crash on pay again' });
  await call('memory_agent', { action: 'session_start', agent: 'executor', plan: 'P1' });
  await call('memory_agent', { action: 'handoff', plan: 'P1', from: 'architect', to: 'executor', reason: 'Design done' });
  await call('memory_workspace', { action: 'program_create', title: 'Payments' });
  await call('memory_workspace', { action: 'program_add_plan', program: 'PG1', plan: 'P1' });
  await call('memory_workspace', { action: 'track_create', name: 'Reliability' });
  const context = await call('memory_context', { action: 'store', anchor: 'plan', anchor_id: 'P1', type: 'decisions', data: { db: 'SQLite' } });
  await call('memory_context', { action: 'knowledge_store', title: 'Auth tokens', content: 'Tokens live 15 minutes.' });
  await call('memory_context', { action: 'section_set', name: 'architecture', content: 'One binary.' });
  await call('memory_context', { action: 'research_append', plan: 'P1', name: 'caching.md', content: 'LRU.' });
  await call('memory_agent', { action: 'agent_store', name: 'executor', content: '# Executor' });
  await call('memory_agent', { action: 'instruction_store', name: 'typescript', applies_to: '**/*.ts', content: 'Strict.' });
  await call('memory_agent', { action: 'skill_store', name: 'react-testing', content: 'Testing Library.' });
  await call('memory_agent', { action: 'script_add', name: 'test', command: 'ctest' });
  await call('memory_agent', { action: 'event_add', type: 'build_failed' });
  await call('memory_plan', { action: 'link_git', plan: 'P1', kind: 'branch', ref: 'feature/P1-checkout' });
  fs.mkdirSync(scratchPath('/home/me/src/shop'), { recursive: true });  // a project to import from
  const exportFile = scratchPath('/tmp/shop.jsonl');
  fs.mkdirSync(path.dirname(exportFile), { recursive: true });
  await call('memory_workspace', { action: 'export', path: exportFile });
  const phases = p1.phases.map((p) => p.id);
  return {
    // Chosen by what a parameter's description says it must be.
    [WHEN]: [
      { param: 'plan', says: 'archived plan', value: 'P4' },
      { param: 'plan', says: 'in no program', value: 'P3' },
    ],
    workspace: 'shop',
    // Who the calling agent is: it says so on every call that takes it, as the
    // holder of a claimed step must to change it.
    agent: 'executor',
    plan: 'P1',
    step: 'T1',
    task: 'T1',
    current: 'T1',
    requirement: 'R1',
    feedback: 'FB1',
    duplicate_of: 'FB2',
    session: 'S1',
    program: 'PG1',
    track: 'Reliability',
    phase: phases[0],
    move_to: phases[1],
    'memory_plan.order': [...phases].reverse(),
    'memory_plan.item': 'T3',
    'memory_plan.depends_on': 'T2',
    'memory_context.id': context.item?.id ?? context.id,
    to: 'mobile-app',
  };
}

const WHEN = Symbol('conditional world values');

/** Absolute paths of examples live under the scratch directory. */
function scratchPath(p) {
  return path.join(tmp.dir, 'scratch', p);
}

/** The value a parameter gets when the example has none: from its type and enum. */
function fromSpec(param) {
  if (Array.isArray(param.enum)) return param.enum[0];
  const type = [param.type].flat()[0];
  return { string: 'x', integer: param.minimum ?? 1, number: param.minimum ?? 1, boolean: true, array: [], object: {} }[type];
}

/** Moves absolute paths (at any depth) into the scratch directory. */
function rebased(value) {
  if (Array.isArray(value)) return value.map(rebased);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rebased(v)]));
  }
  return typeof value === 'string' && value.startsWith('/') ? scratchPath(value) : value;
}

/**
 * The world's value for a parameter that names something: one its description
 * asks for ("Archived plan id"), else by tool and name, else by name.
 */
function worldValue(tool, param) {
  const described = world[WHEN].find(
    (w) => w.param === param.name && param.description.toLowerCase().includes(w.says));
  if (described) return described.value;
  return world[`${tool}.${param.name}`] ?? world[param.name];
}

/** One call's arguments, from describe's help of the action alone. */
function argumentsFor(tool, actionHelp, defaultAction) {
  const args = rebased({ ...(actionHelp.example?.arguments ?? {}) });
  for (const param of actionHelp.params) {
    const known = worldValue(tool, param);
    const always = param.name === 'workspace' || param.name === 'agent';
    if (known !== undefined && (param.name in args || param.required || always)) {
      args[param.name] = known;
    } else if (param.required && !(param.name in args)) {
      args[param.name] = fromSpec(param);
    }
  }
  if (actionHelp.action === defaultAction) delete args.action;
  else args.action = actionHelp.action;
  return args;
}

before(async () => {
  tmp = makeTempDir('pm-e2e-first-call-');
  project = path.join(tmp.dir, 'shop');
  fs.mkdirSync(project, { recursive: true });
  fs.mkdirSync(scratchPath('/'), { recursive: true });
  worldDb = freshDb(tmp.dir, 'world');
  const client = await connect(worldDb);
  try {
    world = await buildWorld(client);
    listed = (await client.listTools()).tools;
    for (const tool of listed) {
      const actions = tool.inputSchema.properties.action;
      assert.ok(actions.enum.includes('describe'), `${tool.name} has describe`);
      const args = actions.default === undefined ? { action: 'describe' } : { action: 'describe' };
      help.set(tool.name, (await ok(client, tool.name, args)).help);
    }
  } finally {
    await client.close();
  }
});
after(() => tmp?.cleanup());

describe('every action, called from tools/list and describe alone', () => {
  for (const name of ['get_next_task', 'memory_agent', 'memory_context', 'memory_feedback', 'memory_plan',
    'memory_steps', 'memory_workspace', 'update_task_status']) {
    test(name, { timeout: TEST_TIMEOUT * 8 }, async () => {
      const tool = listed.find((t) => t.name === name);
      assert.ok(tool, `${name} is listed`);
      const validate = compileSchema(tool.inputSchema, `${name}.inputSchema`);
      const toolHelp = help.get(name);
      const actions = tool.inputSchema.properties.action.enum;
      assert.deepEqual(toolHelp.actions.map((a) => a.action), actions, 'describe covers every listed action');
      const failures = [];
      for (const actionHelp of toolHelp.actions) {
        const args = argumentsFor(name, actionHelp, tool.inputSchema.properties.action.default);
        assertValid(validate, args, `${name}.${actionHelp.action} arguments vs tools/list inputSchema`);
        const db = copyDb(worldDb, tmp.dir, `${name}.${actionHelp.action}`);
        const client = await connect(db);
        try {
          const result = await client.callTool({ name, arguments: args }, undefined, { timeout: TEST_TIMEOUT / 2 });
          if (result.isError) failures.push(`${name}.${actionHelp.action} ${JSON.stringify(args)}: ${result.content[0].text}`);
        } finally {
          await client.close();
          dropDb(db);
        }
      }
      assert.deepEqual(failures, [], `calls that failed:\n${failures.join('\n')}`);
    });
  }
});
