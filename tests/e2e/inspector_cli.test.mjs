// Drives project-memory with the MCP Inspector CLI (@modelcontextprotocol/inspector-cli).
//
// How the CLI is invoked: the package's bin `mcp-inspector-cli` (build/cli.js) is a
// launcher that needs `--cli` and then runs build/index.js with the same arguments:
//   mcp-inspector-cli --cli <server command> <server args...> --method <m> [options]
// The server command and its arguments come first; inspector options after them.
// Two quirks of inspector-cli 1.0.x shape how the tests call it:
//  * build/index.js locates its own package.json through a path relative to the
//    *current directory*, so it must run with cwd = its build/ directory, and npx
//    would resolve the package from the wrong place there: we run `node <bin>`.
//  * Options it knows itself (notably --log-level) are taken from the server's
//    argument list, so the server gets only `--db <file> serve`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { freshDb as newDb } from './lib/backend.mjs';
import { TEST_TIMEOUT, WORKSPACE_ACTIONS, assertBinaryExists, assertValid, compileSchema, makeTempDir, serverArgs } from './lib/harness.mjs';

const TOOL = 'memory_workspace';
const opts = { timeout: TEST_TIMEOUT };

const require = createRequire(import.meta.url);
const inspectorPkgPath = require.resolve('@modelcontextprotocol/inspector-cli/package.json');
const inspectorPkg = JSON.parse(fs.readFileSync(inspectorPkgPath, 'utf8'));
const inspectorBin = path.resolve(path.dirname(inspectorPkgPath), inspectorPkg.bin['mcp-inspector-cli']);

let tmp;
let counter = 0;

before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-inspector-');
});
after(() => tmp?.cleanup());

function freshDb() {
  return newDb(tmp.dir, `inspector-${++counter}`);
}

function projectDir(name = `project-${++counter}`) {
  const dir = path.join(tmp.dir, 'projects', name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Runs the inspector CLI against the server; resolves { code, stdout, stderr, json }. */
function inspector(db, inspectorArgs) {
  const bin = assertBinaryExists();
  const args = [inspectorBin, '--cli', bin, ...serverArgs({ db }), ...inspectorArgs];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: path.dirname(inspectorBin), timeout: TEST_TIMEOUT - 2000, maxBuffer: 16 << 20, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : error.signal ?? error.code) : 0;
        let json;
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
        resolve({ code, stdout, stderr, json, describe: () => `exit ${code}\nargs: ${args.join(' ')}\nstdout:\n${stdout.slice(0, 3000)}\nstderr:\n${stderr.slice(-3000)}` });
      },
    );
  });
}

async function listTools(db) {
  const run = await inspector(db, ['--method', 'tools/list']);
  assert.equal(run.code, 0, run.describe());
  assert.ok(run.json && Array.isArray(run.json.tools), `tools/list output is not JSON with tools:\n${run.describe()}`);
  return run.json.tools;
}

async function callTool(db, toolArgs, { toolName = TOOL } = {}) {
  return inspector(db, ['--method', 'tools/call', '--tool-name', toolName, '--tool-arg', ...toolArgs]);
}

/** Calls the tool and asserts success + outputSchema conformance; returns structuredContent. */
async function callOk(db, toolArgs, outputValidator) {
  const run = await callTool(db, toolArgs);
  assert.equal(run.code, 0, run.describe());
  assert.ok(run.json, `output is not JSON:\n${run.describe()}`);
  assert.ok(!run.json.isError, `tool error:\n${run.describe()}`);
  assert.equal(run.json.content?.[0]?.type, 'text');
  assert.ok(run.json.structuredContent, `no structuredContent:\n${run.describe()}`);
  if (outputValidator) assertValid(outputValidator, run.json.structuredContent, `${toolArgs.join(' ')} structuredContent`);
  return run.json.structuredContent;
}

describe('inspector cli', () => {
  test('bin is resolvable', () => {
    assert.ok(fs.existsSync(inspectorBin), `inspector cli not found at ${inspectorBin}; run npm ci in tests/e2e`);
  });

  test('tools/list shows every tool with compilable schemas', opts, async () => {
    const tools = await listTools(freshDb());
    const tool = tools.find((x) => x.name === TOOL);
    assert.ok(tool, `${TOOL} missing`);
    assert.deepEqual([...tool.inputSchema.properties.action.enum].sort(), [...WORKSPACE_ACTIONS].sort());
    assert.ok(tool.inputSchema.required.includes('action'));
    for (const t of tools) {
      compileSchema(t.inputSchema, `${t.name}.inputSchema`);
      assert.ok(t.outputSchema, `${t.name}: outputSchema missing`);
      compileSchema(t.outputSchema, `${t.name}.outputSchema`);
    }
  });

  test('tools/call register, then again from a new process on the same database', opts, async () => {
    const db = freshDb();
    const tools = await listTools(db);
    const output = compileSchema(tools.find((x) => x.name === TOOL).outputSchema, 'outputSchema');
    const dir = projectDir();
    const first = await callOk(db, ['action=register', `path=${dir}`, 'name=inspected', 'description=via inspector', 'metadata={"source":"inspector","n":2}'], output);
    assert.equal(first.created, true);
    assert.equal(first.workspace.name, 'inspected');
    assert.equal(first.workspace.path, dir);
    assert.equal(first.workspace.description, 'via inspector');
    assert.deepEqual(first.workspace.metadata, { source: 'inspector', n: 2 });

    const second = await callOk(db, ['action=register', `path=${dir}`], output);
    assert.equal(second.created, false);
    assert.equal(second.workspace.id, first.workspace.id);

    const got = await callOk(db, ['action=get', `workspace=${first.workspace.id}`], output);
    assert.equal(got.workspace.id, first.workspace.id);
    assert.equal(typeof got.workspace.content, 'object');

    const listed = await callOk(db, ['action=list', 'limit=1'], output);
    assert.equal(listed.workspaces.length, 1);
    assert.equal(listed.next_cursor, null);

    const updated = await callOk(db, ['action=update', `workspace=${first.workspace.id}`, 'name=renamed'], output);
    assert.equal(updated.workspace.name, 'renamed');

    const help = await callOk(db, ['action=describe', 'about=register'], output);
    assert.ok(JSON.stringify(help.help).includes('register'));

    const deleted = await callOk(db, ['action=delete', `workspace=${first.workspace.id}`, 'confirm=true'], output);
    assert.equal(deleted.deleted, true);
    assert.equal(deleted.workspace.id, first.workspace.id);
  });

  test('tool errors come back as isError results (exit code 0)', opts, async () => {
    const run = await callTool(freshDb(), ['action=bogus']);
    assert.equal(run.code, 0, run.describe());
    assert.equal(run.json?.isError, true, run.describe());
    const text = run.json.content.map((c) => c.text).join('\n');
    for (const action of WORKSPACE_ACTIONS) assert.ok(text.includes(action), `message should list ${action}: ${text}`);

    const typo = await callTool(freshDb(), ['action=register', 'nmae=x']);
    assert.equal(typo.json?.isError, true, typo.describe());
    assert.match(typo.json.content[0].text, /did you mean/i);
  });

  test('an unknown tool fails the CLI (JSON-RPC error)', opts, async () => {
    const run = await callTool(freshDb(), ['action=list'], { toolName: 'no_such_tool' });
    assert.notEqual(run.code, 0, run.describe());
    assert.match(run.stderr, /no_such_tool/, run.describe());
  });

  test('logging/setLevel succeeds', opts, async () => {
    const run = await inspector(freshDb(), ['--method', 'logging/setLevel', '--log-level', 'debug']);
    assert.equal(run.code, 0, run.describe());
    assert.deepEqual(run.json, {});
  });

  test('resources/list and prompts/list answer through the inspector', opts, async () => {
    const db = freshDb();
    const dir = projectDir();
    const registered = await callOk(db, ['action=register', `path=${dir}`, 'name=listed']);
    const resources = await inspector(db, ['--method', 'resources/list']);
    assert.equal(resources.code, 0, resources.describe());
    const uris = resources.json?.resources?.map((r) => r.uri);
    assert.deepEqual(uris, [`project-memory://workspace/${registered.workspace.code}`], resources.describe());
    const prompts = await inspector(db, ['--method', 'prompts/list']);
    assert.equal(prompts.code, 0, prompts.describe());
    assert.deepEqual(prompts.json?.prompts?.map((p) => p.name), ['start_work', 'plan_feature', 'hand_off']);
  });
});
