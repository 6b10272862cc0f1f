// Exactly-once scheduling over HTTP: sixteen clients claim and complete the
// 2,000 chained tasks of lib/exactly_once.mjs, half through /mcp (tools/call
// get_next_task and update_task_status) and half through REST (POST /tasks/next,
// PATCH /tasks/:id), first against one server, then against two servers on one
// database file. The database must show every task completed exactly once by
// the holder of its one claim, in dependency order, and no request failed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { freshDb } from './lib/backend.mjs';
import { TASKS, assertExactlyOnce, createWorkload } from './lib/exactly_once.mjs';
import { assertBinaryExists, makeTempDir, sleep } from './lib/harness.mjs';
import { request, startHttpServer } from './lib/http_server.mjs';

const CLIENTS = 16;
const TIMEOUT = Math.max(Number(process.env.PM_E2E_TIMEOUT_MS) || 15000, 60000) * 4;

let tmp;
before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-http-concurrency-');
});
after(() => tmp?.cleanup());

/** The two ways in: each returns {task: code|null, plan, reason} and completes a task. */
function mcpClient(server, who, failures) {
  let id = 0;
  const call = async (name, args) => {
    const res = await request(server, 'POST', '/mcp', {
      headers: { 'MCP-Protocol-Version': '2025-11-25', Accept: 'application/json, text/event-stream' },
      body: { jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name, arguments: { workspace: 'conc', ...args } } },
    });
    if (res.status !== 200 || res.body.error || res.body.result?.isError) {
      failures.push({ who, name, args, status: res.status, body: res.text.slice(0, 500) });
      return undefined;
    }
    return res.body.result.structuredContent;
  };
  return {
    async next() {
      const r = await call('get_next_task', who);
      return r && { task: r.task?.code ?? null, plan: r.plan?.code, reason: r.nothing_ready?.reason };
    },
    async complete(task) {
      const r = await call('update_task_status', { task, status: 'completed', ...who });
      return r && { open: r.plan_open_steps };
    },
    async completePlan(plan) {
      return call('memory_plan', { action: 'update', plan, status: 'completed', agent: who.agent });
    },
  };
}

function restClient(server, who, failures) {
  const call = async (method, p, body) => {
    const res = await request(server, method, p, { body: { project: 'conc', ...body } });
    if (res.status !== 200) {
      failures.push({ who, method, p, status: res.status, body: res.text.slice(0, 500) });
      return undefined;
    }
    return res.body;
  };
  return {
    async next() {
      const r = await call('POST', '/tasks/next', who);
      return r && { task: r.task?.task_id ?? null, plan: r.task?.plan, reason: r.nothing_ready?.reason };
    },
    async complete(task) {
      const r = await call('PATCH', `/tasks/${task}`, { status: 'completed', ...who });
      return r && { open: r.plan_open_steps };
    },
    async completePlan(plan) {
      const res = await request(server, 'POST', '/api/tools/memory_plan/update', { body: { workspace: 'conc', plan, status: 'completed', agent: who.agent } });
      if (res.status !== 200) failures.push({ who, plan, status: res.status, body: res.text.slice(0, 500) });
    },
  };
}

/** One agent: claims, completes, completes a plan when its last task is done. */
async function agent(client) {
  let done = 0;
  for (;;) {
    const next = await client.next();
    if (!next) return done;
    if (!next.task) {
      if (next.reason === 'all_done') return done;
      await sleep(5);
      continue;
    }
    const status = await client.complete(next.task);
    if (!status) return done;
    done++;
    if (status.open === 0) await client.completePlan(next.plan);
  }
}

async function race(t, servers, label) {
  const db = servers.db;
  const failures = [];
  const started = Date.now();
  const clients = Array.from({ length: CLIENTS }, (_, n) => {
    const server = servers.list[n % servers.list.length];
    const who = { agent: `worker-${n + 1}`, session_id: `session-${n + 1}` };
    return n % 2 === 0 ? mcpClient(server, who, failures) : restClient(server, who, failures);
  });
  const counts = await Promise.all(clients.map(agent));
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(`${label}: ${TASKS} tasks by ${CLIENTS} clients in ${seconds.toFixed(1)} s; per client: ${counts.join(', ')}`);
  assert.deepEqual(failures.slice(0, 3), [], `${failures.length} requests failed`);
  assert.equal(counts.reduce((a, b) => a + b, 0), TASKS, 'completions reported by the clients');
  const mcp = counts.filter((_, n) => n % 2 === 0).reduce((a, b) => a + b, 0);
  assert.ok(mcp > 0 && mcp < TASKS, `both ways in did work (MCP ${mcp}, REST ${TASKS - mcp})`);
  assertExactlyOnce(db);
  for (const s of servers.list) assert.equal(s.proc.exitCode, null, `a server died:\n${s.stderr()}`);
}

test('16 clients over /mcp and REST, one server: every task exactly once', { timeout: TIMEOUT }, async (t) => {
  const db = freshDb(tmp.dir, 'one');
  createWorkload(db);
  const server = await startHttpServer(t, { db, cwd: tmp.dir, serveArgs: ['--http-threads', '4'] });
  await race(t, { db, list: [server] }, 'one server');
});

test('16 clients over /mcp and REST, two servers on one database: every task exactly once', { timeout: TIMEOUT }, async (t) => {
  const db = freshDb(tmp.dir, 'two');
  createWorkload(db);
  const a = await startHttpServer(t, { db, cwd: tmp.dir, serveArgs: ['--http-threads', '3'] });
  const b = await startHttpServer(t, { db, cwd: tmp.dir, serveArgs: ['--http-threads', '3'] });
  await race(t, { db, list: [a, b] }, 'two servers');
});
