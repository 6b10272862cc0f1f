// Drives project-memory with the official MCP TypeScript SDK client over stdio,
// or, when PM_E2E_TRANSPORT=http (http_sdk_client.test.mjs), with the SDK's
// Streamable HTTP client against `serve --http`: the same session either way.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION, McpError } from '@modelcontextprotocol/sdk/types.js';

import { ON_POSTGRES, freshDb } from './lib/backend.mjs';
import {
  TEST_TIMEOUT,
  WORKSPACE_ACTIONS,
  assertBinaryExists,
  assertValid,
  compileSchema,
  makeTempDir,
  serverArgs,
} from './lib/harness.mjs';
import { startHttpServer } from './lib/http_server.mjs';

const OVER_HTTP = process.env.PM_E2E_TRANSPORT === 'http';

const TOOL = 'memory_workspace';
const opts = { timeout: TEST_TIMEOUT };

let tmp;
let counter = 0;
const unique = (prefix) => `${prefix}-${++counter}`;

before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-sdk-');
});
after(() => tmp?.cleanup());

/** A new project directory on disk (canonical path). */
function projectDir(name = unique('project')) {
  const dir = path.join(tmp.dir, 'projects', name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Spawns the server on a fresh database with the SDK client and connects.
 * Returns { client, negotiatedVersion, stderr(), cwd, call, tools, validators }.
 */
async function connect(t, { cwd } = {}) {
  const bin = assertBinaryExists();
  const db = freshDb(tmp.dir, unique('sdk'));
  const serverCwd = cwd ?? projectDir(unique('cwd'));
  let transport;
  let stderr = '';
  if (OVER_HTTP) {
    const server = await startHttpServer(t, { db, cwd: serverCwd });
    transport = new StreamableHTTPClientTransport(new URL('/mcp', server.url));
    server.proc.stderr.on('data', (chunk) => {
      stderr += chunk.toString();
    });
  } else {
    transport = new StdioClientTransport({
      command: bin,
      args: serverArgs({ db, logLevel: 'warn' }),
      cwd: serverCwd,
      env: getDefaultEnvironment(),
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk) => {
      stderr += chunk.toString();
    });
  }
  // The client reports the negotiated version to transports that accept it
  // (the HTTP transport sends it as MCP-Protocol-Version, so it keeps doing so).
  let negotiatedVersion;
  const setVersion = transport.setProtocolVersion?.bind(transport);
  transport.setProtocolVersion = (version) => {
    negotiatedVersion = version;
    setVersion?.(version);
  };
  const client = new Client({ name: 'pm-e2e-sdk', version: '0.0.0' }, { capabilities: {} });
  t.after(async () => {
    await client.close().catch(() => {});
  });
  await client.connect(transport, { timeout: TEST_TIMEOUT / 2 });

  const tools = await listAllTools(client);
  const validators = new Map();
  for (const tool of tools) {
    validators.set(tool.name, {
      input: compileSchema(tool.inputSchema, `${tool.name}.inputSchema`),
      output: tool.outputSchema ? compileSchema(tool.outputSchema, `${tool.name}.outputSchema`) : undefined,
    });
  }

  /** Calls memory_workspace; checks arguments and results against the schemas. */
  async function call(args, { expectError = false, inputValid = !expectError, name = TOOL } = {}) {
    const v = validators.get(name);
    if (inputValid === true) assertValid(v.input, args, `${name} inputSchema should accept ${JSON.stringify(args)}`);
    const result = await client.callTool({ name, arguments: args }, undefined, { timeout: TEST_TIMEOUT / 2 });
    const label = `${name} ${JSON.stringify(args)}`;
    assert.ok(Array.isArray(result.content) && result.content.length > 0, `${label}: content must be a non-empty array: ${JSON.stringify(result)}`);
    assert.equal(result.content[0].type, 'text', `${label}: content[0] must be text`);
    assert.equal(typeof result.content[0].text, 'string');
    assert.ok(result.content[0].text.length > 0, `${label}: content[0].text is empty`);
    if (expectError) {
      assert.equal(result.isError, true, `${label}: expected isError:true, got ${brief(result)}`);
    } else {
      assert.ok(!result.isError, `${label}: unexpected tool error: ${brief(result.content[0].text)}`);
      assert.ok(result.structuredContent && typeof result.structuredContent === 'object', `${label}: structuredContent missing`);
      assertValid(v.output, result.structuredContent, `${label} structuredContent vs outputSchema`);
    }
    return result;
  }
  return { client, transport, tools, validators, call, cwd: serverCwd, negotiated: () => negotiatedVersion, stderr: () => stderr };
}

async function listAllTools(client) {
  const tools = [];
  let cursor;
  for (let page = 0; page < 100; page++) {
    const res = await client.listTools(cursor === undefined ? {} : { cursor });
    tools.push(...res.tools);
    if (res.nextCursor === undefined) return tools;
    assert.equal(typeof res.nextCursor, 'string');
    cursor = res.nextCursor;
  }
  throw new Error('tools/list did not finish within 100 pages');
}

/** JSON (or a string) shortened for assertion messages. */
const brief = (value, max = 600) => {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s;
};

const errorText = (result) => result.content.map((c) => c.text ?? '').join('\n');

describe('session', () => {
  test('negotiates the SDK latest protocol version and reports server info', opts, async (t) => {
    const { client, negotiated } = await connect(t);
    assert.equal(LATEST_PROTOCOL_VERSION, '2025-11-25', 'SDK latest version changed; review the test expectations');
    assert.equal(negotiated(), LATEST_PROTOCOL_VERSION);
    const info = client.getServerVersion();
    assert.equal(info.name, 'project-memory');
    assert.ok(typeof info.version === 'string' && info.version.length > 0);
    assert.ok(typeof info.title === 'string' && info.title.length > 0, `serverInfo.title missing: ${JSON.stringify(info)}`);
    const caps = client.getServerCapabilities();
    assert.deepEqual(caps.tools, { listChanged: false });
    assert.deepEqual(caps.logging, {});
    const instructions = client.getInstructions();
    assert.ok(typeof instructions === 'string' && instructions.trim().length > 0, 'instructions missing');
    assert.deepEqual(await client.ping(), {});
    assert.deepEqual(await client.setLoggingLevel('info'), {});
  });
});

describe('tool catalog', () => {
  test('every tool has valid, compilable input and output schemas', opts, async (t) => {
    const { tools } = await connect(t);
    assert.ok(tools.length >= 1, 'at least one tool');
    assert.equal(new Set(tools.map((x) => x.name)).size, tools.length, 'tool names are unique');
    for (const tool of tools) {
      assert.match(tool.name, /^[A-Za-z0-9_.-]{1,128}$/, `tool name ${tool.name}`);
      assert.ok(typeof tool.description === 'string' && tool.description.length > 0, `${tool.name}: description`);
      if ('title' in tool) assert.ok(typeof tool.title === 'string' && tool.title.length > 0, `${tool.name}: title`);
      for (const key of ['inputSchema', 'outputSchema']) {
        const schema = tool[key];
        assert.ok(schema && typeof schema === 'object', `${tool.name}: ${key} missing (negotiated 2025-11-25)`);
        assert.equal(schema.type, 'object', `${tool.name}: ${key}.type must be "object"`);
        compileSchema(schema, `${tool.name}.${key}`);
      }
      // Every required input property is declared.
      for (const req of tool.inputSchema.required ?? []) {
        assert.ok(tool.inputSchema.properties?.[req], `${tool.name}: required "${req}" not in properties`);
      }
      if (tool.annotations !== undefined) {
        for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint']) {
          if (hint in tool.annotations) assert.equal(typeof tool.annotations[hint], 'boolean', `${tool.name}: annotations.${hint}`);
        }
        if (tool.annotations.readOnlyHint === true) {
          assert.notEqual(tool.annotations.destructiveHint, true, `${tool.name}: read-only tool cannot be destructive`);
        }
      }
    }
  });

  test('memory_workspace declares the action enum and every parameter', opts, async (t) => {
    const { tools } = await connect(t);
    const tool = tools.find((x) => x.name === TOOL);
    assert.ok(tool, `${TOOL} not listed`);
    const { inputSchema } = tool;
    assert.ok(inputSchema.required?.includes('action'), 'action is required');
    assert.deepEqual([...inputSchema.properties.action.enum].sort(), [...WORKSPACE_ACTIONS].sort());
    for (const p of ['path', 'name', 'description', 'metadata', 'workspace', 'limit', 'cursor', 'confirm', 'about']) {
      assert.ok(inputSchema.properties[p], `parameter ${p} missing from inputSchema`);
    }
    const type = (p) => [inputSchema.properties[p].type].flat().sort();
    assert.deepEqual(type('metadata'), ['object']);
    assert.deepEqual(type('workspace'), ['integer', 'string']);
    assert.deepEqual(type('limit'), ['integer']);
    assert.deepEqual(type('confirm'), ['boolean']);
    // The output schema uses $defs/$ref and resolves them.
    assert.ok(JSON.stringify(tool.outputSchema).includes('$ref'), 'outputSchema uses $ref');
    assert.ok(tool.outputSchema.$defs && typeof tool.outputSchema.$defs === 'object', 'outputSchema has $defs');
  });

  test('the examples in describe validate against the inputSchema', opts, async (t) => {
    const { call, validators } = await connect(t);
    const res = await call({ action: 'describe' });
    const help = res.structuredContent.help;
    assert.ok(help && typeof help === 'object');
    const text = JSON.stringify(help);
    for (const action of WORKSPACE_ACTIONS) assert.ok(text.includes(action), `describe help should mention ${action}`);
    const examples = [];
    JSON.stringify(help, (key, value) => {
      if (key === 'example' && value && typeof value === 'object') examples.push(value.arguments ?? value);
      return value;
    });
    for (const example of examples) {
      assertValid(validators.get(TOOL).input, example, `describe example ${JSON.stringify(example)}`);
    }
  });
});

describe('memory_workspace actions', () => {
  test('register creates, re-register returns the same workspace', opts, async (t) => {
    const { call } = await connect(t);
    const dir = projectDir();
    const first = await call({ action: 'register', path: dir, name: 'Shop', description: 'An online shop', metadata: { team: 'a', n: 1, nested: { ok: true } } });
    const { workspace, created } = first.structuredContent;
    assert.equal(created, true);
    assert.ok(Number.isInteger(workspace.id) && workspace.id > 0, `id ${workspace.id}`);
    assert.ok(typeof workspace.code === 'string' && workspace.code.length > 0);
    assert.equal(workspace.name, 'Shop');
    assert.equal(workspace.path, dir);
    assert.equal(workspace.description, 'An online shop');
    assert.deepEqual(workspace.metadata, { team: 'a', n: 1, nested: { ok: true } });
    assert.ok(!Number.isNaN(Date.parse(workspace.created_at)), `created_at ${workspace.created_at}`);
    assert.ok(!Number.isNaN(Date.parse(workspace.updated_at)), `updated_at ${workspace.updated_at}`);

    const again = await call({ action: 'register', path: dir });
    assert.equal(again.structuredContent.created, false);
    assert.equal(again.structuredContent.workspace.id, workspace.id);
    assert.equal(again.structuredContent.workspace.code, workspace.code);

    // The same directory spelled with a trailing slash / dot segment is the same workspace.
    const spelled = await call({ action: 'register', path: `${dir}/./` });
    assert.equal(spelled.structuredContent.workspace.id, workspace.id, 'path spelling variants map to the same workspace');
    assert.equal(spelled.structuredContent.created, false);

    const other = await call({ action: 'register', path: projectDir('second-project') });
    assert.equal(other.structuredContent.created, true);
    assert.notEqual(other.structuredContent.workspace.id, workspace.id);
    assert.notEqual(other.structuredContent.workspace.code, workspace.code);
    assert.equal(other.structuredContent.workspace.name, 'second-project', 'name defaults to the directory name');
  });

  test('register resolves a relative path against the server directory; name-only registration works', opts, async (t) => {
    const cwd = projectDir();
    fs.mkdirSync(path.join(cwd, 'sub'));
    const { call } = await connect(t, { cwd });
    const rel = await call({ action: 'register', path: 'sub' });
    assert.equal(rel.structuredContent.workspace.path, path.join(cwd, 'sub'), 'relative path stored as absolute');
    assert.equal(rel.structuredContent.workspace.name, 'sub');
    const abs = await call({ action: 'register', path: path.join(cwd, 'sub') });
    assert.equal(abs.structuredContent.workspace.id, rel.structuredContent.workspace.id);
    const named = await call({ action: 'register', name: 'Pathless idea' });
    assert.equal(named.structuredContent.created, true);
    assert.equal(named.structuredContent.workspace.name, 'Pathless idea');
    assert.equal(named.structuredContent.workspace.path ?? null, null, 'a name-only workspace has no path');
  });

  test('strings, unicode and metadata round-trip exactly', opts, async (t) => {
    const { call } = await connect(t);
    const name = `Ünïcödé 🚀 "quoted" \\ back\\slash '; DROP TABLE workspaces; --`;
    let description = 'line one\nline two\ttabbed\u0000nul\u2028sep — ☃';
    const metadata = {
      emoji: '🧠',
      nested: { deep: { deeper: [1, 2, { three: 3 }] } },
      numbers: [0, -1, 1.5, 2 ** 53 - 1, -(2 ** 53 - 1), 1e-7, 12345678.875],
      flags: [true, false, null],
      empty: { obj: {}, arr: [], str: '' },
      'key with spaces & ünïcode': 'v',
    };
    const dir = projectDir('ünï cödé dir');
    if (ON_POSTGRES) {
      // PostgreSQL text cannot hold U+0000: refused whole, never stored cut short.
      const refused = await call({ action: 'register', path: dir, name, description, metadata }, { expectError: true, inputValid: true });
      assert.match(refused.content[0].text, /NUL character \(U\+0000\)/);
      const listed = await call({ action: 'list' });
      assert.equal(listed.structuredContent.workspaces.length, 0, 'nothing was stored');
      description = description.replace('\u0000', '');
    }
    const reg = await call({ action: 'register', path: dir, name, description, metadata });
    const { workspace } = reg.structuredContent;
    assert.equal(workspace.name, name);
    assert.equal(workspace.description, description);
    assert.equal(workspace.path, dir);
    assert.deepEqual(workspace.metadata, metadata);
    const got = (await call({ action: 'get', workspace: dir })).structuredContent.workspace;
    assert.equal(got.name, name);
    assert.equal(got.description, description);
    assert.deepEqual(got.metadata, metadata);
  });

  test('large metadata (about 1 MB) is stored and returned', opts, async (t) => {
    const { call } = await connect(t);
    const metadata = { blob: 'x'.repeat(1 << 20), items: Array.from({ length: 2000 }, (_, i) => ({ i, s: `item-${i}` })) };
    const reg = await call({ action: 'register', path: projectDir(), metadata });
    assert.deepEqual(reg.structuredContent.workspace.metadata, metadata);
  });

  test('get by id, code and path; includes content counts', opts, async (t) => {
    const { call } = await connect(t);
    const dir = projectDir();
    const { workspace } = (await call({ action: 'register', path: dir, name: 'getme' })).structuredContent;
    for (const key of [workspace.id, workspace.code, dir]) {
      const res = await call({ action: 'get', workspace: key });
      const got = res.structuredContent.workspace;
      assert.equal(got.id, workspace.id, `get ${JSON.stringify(key)}`);
      assert.equal(got.name, 'getme');
      assert.ok(got.content && typeof got.content === 'object' && !Array.isArray(got.content), `content counts missing: ${JSON.stringify(got)}`);
      for (const [k, n] of Object.entries(got.content)) assert.ok(Number.isInteger(n) && n >= 0, `content.${k} = ${n}`);
    }
  });

  test('get without workspace uses the workspace of the server directory', opts, async (t) => {
    const cwd = projectDir();
    const { call } = await connect(t, { cwd });
    const missing = await call({ action: 'get' }, { expectError: true, inputValid: true });
    assert.ok(errorText(missing).length > 0);
    const { workspace } = (await call({ action: 'register', path: cwd })).structuredContent;
    const res = await call({ action: 'get' });
    assert.equal(res.structuredContent.workspace.id, workspace.id);
  });

  test('list pages oldest first with next_cursor', opts, async (t) => {
    const { call } = await connect(t);
    const empty = await call({ action: 'list' });
    assert.deepEqual(empty.structuredContent.workspaces, []);
    assert.equal(empty.structuredContent.next_cursor, null);

    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await call({ action: 'register', path: projectDir(), name: `ws${i}` })).structuredContent.workspace.id);
    const seen = [];
    let cursor;
    let pages = 0;
    do {
      const res = await call(cursor === undefined ? { action: 'list', limit: 2 } : { action: 'list', limit: 2, cursor });
      const { workspaces, next_cursor: next } = res.structuredContent;
      assert.ok(workspaces.length <= 2, `page larger than limit: ${workspaces.length}`);
      seen.push(...workspaces.map((w) => w.id));
      assert.ok(next === null || typeof next === 'string');
      cursor = next ?? undefined;
      pages++;
      assert.ok(pages <= 5, 'too many pages');
    } while (cursor !== undefined);
    assert.deepEqual(seen, ids, 'all workspaces, oldest first, no duplicates');
    assert.equal(pages, 3);

    const all = await call({ action: 'list', limit: 500 });
    assert.deepEqual(all.structuredContent.workspaces.map((w) => w.id), ids);
    assert.equal(all.structuredContent.next_cursor, null);
    const defaults = await call({ action: 'list' });
    assert.equal(defaults.structuredContent.workspaces.length, 5);
  });

  test('list rejects out-of-range limits and bad cursors', opts, async (t) => {
    const { call } = await connect(t);
    for (const limit of [0, 501, -1]) {
      const res = await call({ action: 'list', limit }, { expectError: true });
      assert.match(errorText(res), /limit/, `limit ${limit}: ${errorText(res)}`);
    }
    const frac = await call({ action: 'list', limit: 2.5 }, { expectError: true });
    assert.match(errorText(frac), /limit/);
    const badCursor = await call({ action: 'list', cursor: 'not-a-real-cursor!' }, { expectError: true, inputValid: true });
    assert.match(errorText(badCursor), /cursor/i, errorText(badCursor));
  });

  test('update changes fields and get reflects them', opts, async (t) => {
    const { call } = await connect(t);
    const { workspace } = (await call({ action: 'register', path: projectDir(), name: 'before', metadata: { a: 1 } })).structuredContent;
    const newDir = projectDir();
    const res = await call({ action: 'update', workspace: workspace.id, name: 'after', description: 'now described', path: newDir, metadata: { b: [1, 2] } });
    const updated = res.structuredContent.workspace;
    assert.equal(updated.id, workspace.id);
    assert.equal(updated.code, workspace.code);
    assert.equal(updated.name, 'after');
    assert.equal(updated.description, 'now described');
    assert.equal(updated.path, newDir);
    assert.deepEqual(updated.metadata, { b: [1, 2] }, 'metadata is replaced, not merged');
    assert.equal(updated.created_at, workspace.created_at);
    assert.ok(Date.parse(updated.updated_at) >= Date.parse(workspace.updated_at));
    const got = (await call({ action: 'get', workspace: workspace.code })).structuredContent.workspace;
    for (const k of ['name', 'description', 'path', 'metadata']) assert.deepEqual(got[k], updated[k], `get reflects ${k}`);
    // Registering the new path finds the updated workspace.
    const reg = await call({ action: 'register', path: newDir });
    assert.equal(reg.structuredContent.workspace.id, workspace.id);
    assert.equal(reg.structuredContent.created, false);
    // Moving a workspace onto another workspace's path is a tool error, not a crash.
    const otherDir = projectDir();
    const other = (await call({ action: 'register', path: otherDir })).structuredContent.workspace;
    const clash = await call({ action: 'update', workspace: workspace.id, path: otherDir }, { expectError: true, inputValid: true });
    assert.ok(errorText(clash).length > 0);
    assert.equal((await call({ action: 'get', workspace: other.id })).structuredContent.workspace.path, otherDir);
    assert.equal((await call({ action: 'get', workspace: workspace.id })).structuredContent.workspace.path, newDir);
    // Update of an unknown workspace is a tool error.
    const missing = await call({ action: 'update', workspace: 987654, name: 'x' }, { expectError: true, inputValid: true });
    assert.ok(errorText(missing).length > 0);
  });

  test('delete removes the workspace', opts, async (t) => {
    const { call } = await connect(t);
    const { workspace } = (await call({ action: 'register', path: projectDir(), name: 'doomed' })).structuredContent;
    const keep = (await call({ action: 'register', path: projectDir(), name: 'keeper' })).structuredContent.workspace;
    const res = await call({ action: 'delete', workspace: workspace.code });
    assert.equal(res.structuredContent.deleted, true);
    assert.equal(res.structuredContent.workspace.id, workspace.id);
    const gone = await call({ action: 'get', workspace: workspace.id }, { expectError: true, inputValid: true });
    assert.ok(errorText(gone).length > 0);
    const list = await call({ action: 'list' });
    assert.deepEqual(list.structuredContent.workspaces.map((w) => w.id), [keep.id]);
    const twice = await call({ action: 'delete', workspace: workspace.id }, { expectError: true, inputValid: true });
    assert.ok(errorText(twice).length > 0);
    const confirmed = await call({ action: 'delete', workspace: keep.id, confirm: true });
    assert.equal(confirmed.structuredContent.deleted, true);
    // The path is free again: registering it creates a new workspace.
    const again = await call({ action: 'register', path: workspace.path });
    assert.equal(again.structuredContent.created, true);
  });

  test('ids of deleted workspaces are not reused', opts, async (t) => {
    // A client that still holds a deleted workspace's id must not reach a different workspace with it.
    const { call } = await connect(t);
    const first = (await call({ action: 'register', path: projectDir() })).structuredContent.workspace;
    const last = (await call({ action: 'register', path: projectDir() })).structuredContent.workspace;
    await call({ action: 'delete', workspace: last.id });
    const next = (await call({ action: 'register', path: projectDir() })).structuredContent.workspace;
    assert.notEqual(next.id, last.id, `new workspace got the deleted workspace's id ${last.id}`);
    assert.ok(next.id > first.id);
    const stale = await call({ action: 'get', workspace: last.id }, { expectError: true, inputValid: true });
    assert.ok(errorText(stale).length > 0);
  });

  test('describe returns help for the tool and for each action', opts, async (t) => {
    const { call } = await connect(t);
    const all = await call({ action: 'describe' });
    assert.ok(all.structuredContent.help && typeof all.structuredContent.help === 'object');
    for (const about of WORKSPACE_ACTIONS) {
      const res = await call({ action: 'describe', about });
      const text = JSON.stringify(res.structuredContent.help);
      assert.ok(text.includes(about), `describe ${about} mentions it`);
    }
    const bad = await call({ action: 'describe', about: 'fly' }, { expectError: true, inputValid: true });
    assert.match(errorText(bad), /register/, `should list valid actions: ${errorText(bad)}`);
  });
});

describe('memory_workspace errors', () => {
  test('unknown action lists the valid actions', opts, async (t) => {
    const { call } = await connect(t);
    const res = await call({ action: 'explode' }, { expectError: true });
    const text = errorText(res);
    assert.match(text, /explode/, text);
    for (const action of WORKSPACE_ACTIONS) assert.ok(text.includes(action), `message should list ${action}: ${text}`);
  });

  test('missing action is named', opts, async (t) => {
    const { call } = await connect(t);
    const res = await call({}, { expectError: true });
    assert.match(errorText(res), /action/);
  });

  test('missing required parameters are named', opts, async (t) => {
    const { call } = await connect(t);
    for (const action of ['update', 'delete']) {
      const res = await call({ action }, { expectError: true, inputValid: true });
      assert.match(errorText(res), /workspace/, `${action}: ${errorText(res)}`);
    }
  });

  test('wrong JSON types are rejected with the parameter name and expected type', opts, async (t) => {
    const { call } = await connect(t);
    const cases = [
      [{ action: 'register', name: 123 }, 'name', /string/],
      [{ action: 'register', metadata: 'not an object' }, 'metadata', /object/],
      [{ action: 'register', metadata: [1, 2] }, 'metadata', /object/],
      [{ action: 'list', limit: 'ten' }, 'limit', /integer/],
      [{ action: 'delete', workspace: 1, confirm: 'yes' }, 'confirm', /boolean/],
      [{ action: 'get', workspace: true }, 'workspace', /integer|string/],
      [{ action: 7 }, 'action', /string/],
    ];
    for (const [args, param, expected] of cases) {
      const res = await call(args, { expectError: true });
      const text = errorText(res);
      assert.ok(text.includes(param), `${JSON.stringify(args)}: message should name ${param}: ${text}`);
      assert.match(text, expected, `${JSON.stringify(args)}: message should say what was expected: ${text}`);
    }
  });

  test('unknown parameters are rejected with a did-you-mean suggestion', opts, async (t) => {
    const { call } = await connect(t);
    const res = await call({ action: 'register', nmae: 'typo' }, { expectError: true });
    const text = errorText(res);
    assert.match(text, /nmae/, text);
    assert.match(text, /did you mean/i, text);
    assert.match(text, /\bname\b/, text);
    const res2 = await call({ action: 'get', workspce: 1 }, { expectError: true });
    assert.match(errorText(res2), /did you mean/i);
    assert.match(errorText(res2), /workspace/);
    // A parameter of another action is not valid for this one.
    const res3 = await call({ action: 'list', confirm: true }, { expectError: true, inputValid: true });
    assert.match(errorText(res3), /confirm/);
    // Nothing was registered by the rejected calls.
    const list = await call({ action: 'list' });
    assert.deepEqual(list.structuredContent.workspaces, []);
  });

  test('get of a nonexistent workspace is a tool error', opts, async (t) => {
    const { call } = await connect(t);
    for (const key of [424242, 'no-such-code', '/no/such/path']) {
      const res = await call({ action: 'get', workspace: key }, { expectError: true, inputValid: true });
      assert.ok(errorText(res).length > 0);
    }
  });

  test('unknown tool is a JSON-RPC -32602 error', opts, async (t) => {
    const { client } = await connect(t);
    await assert.rejects(
      client.callTool({ name: 'no_such_tool', arguments: {} }),
      (err) => err instanceof McpError && err.code === -32602,
    );
    // The session is still usable.
    assert.deepEqual(await client.ping(), {});
  });
});

describe('persistence', () => {
  test('a second server on the same database sees the workspaces', opts, async (t) => {
    const bin = assertBinaryExists();
    const db = freshDb(tmp.dir, unique('persist'));
    const dir = projectDir();
    const open = async () => {
      const transport = OVER_HTTP
        ? new StreamableHTTPClientTransport(new URL('/mcp', (await startHttpServer(t, { db, cwd: tmp.dir })).url))
        : new StdioClientTransport({ command: bin, args: serverArgs({ db }), cwd: tmp.dir, stderr: 'pipe' });
      const client = new Client({ name: 'pm-e2e-sdk', version: '0' });
      await client.connect(transport);
      return client;
    };
    const a = await open();
    const created = await a.callTool({ name: TOOL, arguments: { action: 'register', path: dir, name: 'persisted', metadata: { k: 'v' } } });
    assert.equal(created.structuredContent.created, true);
    await a.close();
    const b = await open();
    t.after(() => b.close().catch(() => {}));
    const got = await b.callTool({ name: TOOL, arguments: { action: 'get', workspace: dir } });
    assert.ok(!got.isError, JSON.stringify(got));
    assert.equal(got.structuredContent.workspace.id, created.structuredContent.workspace.id);
    assert.deepEqual(got.structuredContent.workspace.metadata, { k: 'v' });
  });
});

describe('memory_plan', () => {
  test('a plan session through the SDK: every result matches the outputSchema', opts, async (t) => {
    const { call } = await connect(t);
    const plan = { name: 'memory_plan' };
    await call({ action: 'register', path: '.' });
    const created = await call({ action: 'create_from_template', template: 'feature', title: 'Login page' }, plan);
    const code = created.structuredContent.plan.code;
    assert.match(code, /^P\d+$/);
    assert.equal(created.structuredContent.phases.length, 3);
    await call({ action: 'update', plan: code, status: 'active' }, plan);
    await call({ action: 'add_note', plan: code, text: 'Use the session API', kind: 'instruction' }, plan);
    const req = await call({ action: 'add_requirement', plan: code, text: 'Errors shown inline' }, plan);
    await call({ action: 'update_requirement', requirement: req.structuredContent.requirement.code, met: true }, plan);
    await call({ action: 'link_git', plan: code, kind: 'branch', ref: `feature/${code}-login` }, plan);
    const found = await call({ action: 'find', ref: `feature/${code}-login` }, plan);
    assert.equal(found.structuredContent.matches[0].code, code);
    const listed = await call({ action: 'list', status: 'active' }, plan);
    assert.deepEqual(listed.structuredContent.plans.map((p) => p.code), [code]);
    await call({ action: 'archive', plan: code }, plan);
    const archived = await call({ action: 'get', plan: code }, plan);
    assert.equal(archived.structuredContent.plan.archived, true);
    const restored = await call({ action: 'restore', plan: code }, plan);
    assert.equal(restored.structuredContent.plan.archived, false);
    assert.equal(restored.structuredContent.notes.length, 1);
    const history = await call({ action: 'history', plan: code, limit: 5 }, plan);
    assert.ok(history.structuredContent.history.length > 0);
    const bad = await call({ action: 'update', plan: code, status: 'draft' }, { ...plan, expectError: true });
    assert.match(errorText(bad), /cannot go from active to draft/);
    await call({ action: 'describe', about: 'create' }, plan);
  });
});
