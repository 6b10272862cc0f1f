// Keeps the README honest: replays its example JSON-RPC session against the real
// binary, and starts the server from every host configuration it shows (the
// `claude mcp add` command line and each "mcpServers"/"servers" JSON block) with the
// official SDK client, the way a host would; the HTTP ones (`claude mcp add
// --transport http` and a "type": "http" block) connect to `serve --http` with a
// token the way they say.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { freshDb } from './lib/backend.mjs';
import { REPO_ROOT, TEST_TIMEOUT, assertBinaryExists, assertCleanStdout, makeTempDir, serverBinary, startRaw } from './lib/harness.mjs';
import { createToken, startHttpServer } from './lib/http_server.mjs';

const opts = { timeout: TEST_TIMEOUT };
const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const ELLIPSIS = '…';

let tmp;
before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-readme-');
});
after(() => tmp?.cleanup());

/** The `→`/`←` lines between the example-session markers. */
function exampleSession() {
  const begin = README.indexOf('<!-- example-session: begin -->');
  const end = README.indexOf('<!-- example-session: end -->');
  assert.ok(begin >= 0 && end > begin, 'README has an example session between its markers');
  const lines = README.slice(begin, end).split('\n');
  const steps = [];
  for (const line of lines) {
    if (line.startsWith('→ ')) steps.push({ send: JSON.parse(line.slice(2)), expect: [] });
    else if (line.startsWith('← ')) {
      assert.ok(steps.length > 0, `an answer before any request: ${line}`);
      steps.at(-1).expect.push(JSON.parse(line.slice(2)));
    }
  }
  return steps;
}

/**
 * Checks that `actual` shows everything `expected` shows: objects may have more
 * keys, arrays must be as long, the string "…" stands for any value, and a string
 * ending in "…" for any string starting with what comes before it.
 */
function assertShows(actual, expected, where) {
  if (expected === ELLIPSIS) {
    assert.notEqual(actual, undefined, `${where}: missing`);
    return;
  }
  if (typeof expected === 'string' && expected.endsWith(ELLIPSIS)) {
    assert.equal(typeof actual, 'string', `${where}: expected a string`);
    const prefix = expected.slice(0, -ELLIPSIS.length);
    assert.ok(actual.startsWith(prefix), `${where}: ${JSON.stringify(actual)} does not start with ${JSON.stringify(prefix)}`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${where}: array length`);
    expected.forEach((e, i) => assertShows(actual[i], e, `${where}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${where}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [key, value] of Object.entries(expected)) {
      assert.ok(key in actual, `${where}.${key}: missing in ${JSON.stringify(actual).slice(0, 400)}`);
      assertShows(actual[key], value, `${where}.${key}`);
    }
    return;
  }
  assert.deepEqual(actual, expected, where);
}

describe('README example session', () => {
  test('every answer shown is what the server answers, and nothing more is sent', opts, async (t) => {
    const steps = exampleSession();
    assert.ok(steps.length >= 8, `the session has ${steps.length} messages`);
    const project = path.join(tmp.dir, 'shop');
    fs.mkdirSync(project);
    const server = startRaw(t, { db: freshDb(tmp.dir, 'demo'), cwd: project });
    let answered = 0;
    for (const step of steps) {
      const isRequest = 'id' in step.send;
      assert.equal(step.expect.length, isRequest ? 1 : 0, `one answer shown for each request, none for a notification: ${JSON.stringify(step.send)}`);
      server.write(step.send);
      if (!isRequest) continue;
      answered += 1;
      const response = await server.waitForResponse(step.send.id);
      assertShows(response, step.expect[0], `answer to id ${step.send.id}`);
    }
    await server.closeStdin();
    assert.equal(server.messages.length, answered, 'exactly one message per request');
    assertCleanStdout(server);
  });
});

/** Host configurations the README shows, as {label, command, args}. */
function hostConfigurations() {
  const configs = [];
  const add = README.match(/^claude mcp add project-memory -- (\S+)((?: \S+)*)$/m);
  assert.ok(add, 'README shows a `claude mcp add` command');
  configs.push({ label: 'claude mcp add', command: add[1], args: add[2].trim().split(/\s+/) });
  for (const block of README.matchAll(/```json\n([\s\S]*?)```/g)) {
    const config = JSON.parse(block[1]);
    const servers = config.mcpServers ?? config.servers;
    if (!servers) continue;
    const server = servers['project-memory'];
    assert.ok(server, 'each host configuration names the project-memory server');
    if (server.type === 'http') continue; // httpConfigurations()
    if ('type' in server) assert.equal(server.type, 'stdio');
    configs.push({ label: `${Object.keys(config)[0]} ${JSON.stringify(server.args)}`, command: server.command, args: server.args });
  }
  assert.ok(configs.length >= 4, `README shows Claude Code, .mcp.json, Claude Desktop and VS Code set-ups (found ${configs.length})`);
  return configs;
}

let httpDbCount = 0;

/** The HTTP host configurations the README shows, as {label, url, headers}. */
function httpConfigurations() {
  const configs = [];
  const add = README.match(/^claude mcp add --transport http project-memory (\S+) \\\n\s*--header "([^"]+)"$/m);
  assert.ok(add, 'README shows a `claude mcp add --transport http` command with a header');
  const [name, value] = add[2].split(/:\s*/);
  configs.push({ label: 'claude mcp add --transport http', url: add[1], headers: { [name]: value } });
  for (const block of README.matchAll(/```json\n([\s\S]*?)```/g)) {
    const server = JSON.parse(block[1]).mcpServers?.['project-memory'];
    if (server?.type === 'http') configs.push({ label: '.mcp.json (http)', url: server.url, headers: server.headers });
  }
  assert.ok(configs.length >= 2, `README shows a Claude Code command and a .mcp.json for HTTP (found ${configs.length})`);
  return configs;
}

describe('README HTTP host configurations', () => {
  for (const config of httpConfigurations()) {
    test(`a host connects over HTTP with a token as the README says: ${config.label}`, opts, async (t) => {
      const url = new URL(config.url);
      assert.equal(url.pathname, '/mcp', 'the URL names the MCP endpoint');
      const auth = Object.entries(config.headers).find(([k]) => k.toLowerCase() === 'authorization');
      assert.ok(auth, 'the host sends an Authorization header');
      assert.match(auth[1], /^Bearer (pm_…|\$\{\w+\})$/, 'a bearer token: the placeholder or an environment variable');
      const db = freshDb(tmp.dir, `http-${httpDbCount++}`);
      const token = createToken(db, 'alice');
      const server = await startHttpServer(t, { db, cwd: tmp.dir });
      // The test's server stands in for the README's host name and port.
      const endpoint = new URL(url.pathname, server.url);
      const headers = { ...config.headers, [auth[0]]: `Bearer ${token}` };
      const client = new Client({ name: 'readme-http-host', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(endpoint, { requestInit: { headers } }));
      try {
        const names = (await client.listTools()).tools.map((tool) => tool.name);
        for (const name of ['memory_workspace', 'get_next_task', 'update_task_status']) assert.ok(names.includes(name), `${name} listed`);
      } finally {
        await client.close();
      }
      const anonymous = new Client({ name: 'readme-no-token', version: '1.0.0' });
      await assert.rejects(anonymous.connect(new StreamableHTTPClientTransport(endpoint)), /401|token/i, 'without the token the server refuses');
    });
  }
});

describe('README host configurations', () => {
  for (const config of hostConfigurations()) {
    test(`a host started as the README says works: ${config.label}`, opts, async () => {
      assert.match(config.command, /\/build\/release\/project-memory$/, 'the README points at the release binary scripts/run builds');
      // The binary under test stands in for the README's placeholder path; a --db
      // path is moved into a temporary directory; every other argument is kept.
      const args = config.args.map((a) => (a.endsWith('.db') ? freshDb(tmp.dir, `${path.basename(path.dirname(a))}`) : a));
      assert.ok(args.includes('serve'), 'the host starts the serve command');
      const project = fs.mkdtempSync(path.join(tmp.dir, 'host-'));
      const env = { ...getDefaultEnvironment(), HOME: tmp.dir, XDG_DATA_HOME: path.join(tmp.dir, 'xdg') };
      const client = new Client({ name: 'readme-host', version: '1.0.0' });
      await client.connect(new StdioClientTransport({ command: serverBinary(), args, cwd: project, env, stderr: 'pipe' }));
      try {
        const names = (await client.listTools()).tools.map((tool) => tool.name);
        for (const name of ['memory_workspace', 'memory_plan', 'get_next_task', 'update_task_status']) assert.ok(names.includes(name), `${name} listed`);
        const registered = await client.callTool({ name: 'memory_workspace', arguments: { action: 'register', path: '.' } });
        assert.equal(registered.isError, false, JSON.stringify(registered));
        assert.equal(registered.structuredContent.workspace.path, project, 'the workspace is the directory the host started the server in');
      } finally {
        await client.close();
      }
    });
  }
});
