// Exactly-once scheduling across processes: eight `project-memory serve`
// processes share one database file holding 2,000 tasks over eight plans with
// dependencies between them (lib/exactly_once.mjs). Each process works like an
// agent — get_next_task, then update_task_status(completed), completing a plan
// when its last task is done — until nothing is left. Afterwards the database
// and its update_log must show every task completed exactly once, never claimed
// twice, never started before its blockers were complete, and no request
// failed along the way. On PostgreSQL (PM_E2E_DB=postgres) the same runs on one
// database, and sixteen processes race on it from two "machines": half connect
// over TCP (host=127.0.0.1), half through the server's Unix socket directory.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';

import { ON_POSTGRES, freshDb, pgSocketUrl, query } from './lib/backend.mjs';
import { TASKS, assertExactlyOnce, createWorkload } from './lib/exactly_once.mjs';
import { assertBinaryExists, makeTempDir, sleep, startRaw } from './lib/harness.mjs';

const PROCESSES = 8;
// Generous: the run itself takes seconds, more under sanitizers.
// PostgreSQL serializes writers more slowly than a SQLite file: more time there.
const TIMEOUT = Math.max(Number(process.env.PM_E2E_TIMEOUT_MS) || 15000, 60000) * (ON_POSTGRES ? 4 : 2);

let tmp;
before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-concurrency-');
});
after(() => tmp?.cleanup());

/** One agent: its own server process, working until everything is done. */
async function agent(t, db, n, failures) {
  const server = startRaw(t, { db, logLevel: 'warn' });
  await server.initialize();
  const who = { agent: `worker-${n}`, session_id: `session-${n}` };
  const call = async (name, args) => {
    const res = await server.request('tools/call', { name, arguments: args });
    if (res.error || res.result?.isError) {
      failures.push({ worker: n, name, args, res });
      return undefined;
    }
    return res.result.structuredContent;
  };
  let done = 0;
  for (;;) {
    const next = await call('get_next_task', { workspace: 'conc', ...who });
    if (!next) return done;
    if (!next.task) {
      if (next.nothing_ready.reason === 'all_done') break;
      await sleep(5);  // others hold what remains, or it waits on their work
      continue;
    }
    const status = await call('update_task_status', { workspace: 'conc', task: next.task.code, status: 'completed', ...who });
    if (!status) return done;
    done++;
    if (status.plan_open_steps === 0) {
      await call('memory_plan', { action: 'update', workspace: 'conc', plan: next.plan.code, status: 'completed', agent: who.agent });
    }
  }
  await server.closeStdin();
  return done;
}

async function race(t, urls, label) {
  const failures = [];
  const started = Date.now();
  const counts = await Promise.all(urls.map((db, n) => agent(t, db, n + 1, failures)));
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(`${label}: ${TASKS} tasks by ${urls.length} processes in ${seconds.toFixed(1)} s ` +
               `(${(TASKS / seconds).toFixed(0)} claims/s); per process: ${counts.join(', ')}`);
  assert.deepEqual(failures.slice(0, 3), [], `${failures.length} requests failed`);
  assert.equal(counts.reduce((a, b) => a + b, 0), TASKS, 'completions reported by the agents');
  assert.ok(counts.filter((c) => c > 0).length > 1, 'the work was shared between processes');
  return counts;
}

test('eight processes on one database complete 2,000 tasks exactly once, in dependency order', { timeout: TIMEOUT }, async (t) => {
  const db = freshDb(tmp.dir, 'shared');
  createWorkload(db);
  await race(t, Array(PROCESSES).fill(db), `${PROCESSES} processes`);
  assertExactlyOnce(db);
});

test('sixteen processes on two "machines" (TCP and Unix socket) complete 2,000 tasks exactly once',
  { timeout: TIMEOUT, skip: ON_POSTGRES ? false : 'PostgreSQL only: two connection strings to one database server' }, async (t) => {
    const db = freshDb(tmp.dir, 'machines');
    createWorkload(db);
    const tcp = new URL(db);
    tcp.hostname = '127.0.0.1';
    const socketDir = query(db, 'SHOW unix_socket_directories;').trim().split(',')[0].trim();
    // The socket side logs in as the operating-system user (peer authentication,
    // the default for local connections), a role that may read and write all data.
    const user = os.userInfo().username;
    query(db, `DO $$ BEGIN
                 IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${user}') THEN CREATE ROLE "${user}" LOGIN; END IF;
               END $$;
               GRANT pg_read_all_data, pg_write_all_data TO "${user}";`);
    const socket = pgSocketUrl(db, socketDir, user);
    const name = new URL(db).pathname.slice(1);
    // Which way each server process came in, sampled while they work: a client
    // on the Unix socket has no client address.
    const seen = { tcp: 0, socket: 0 };
    const sampler = setInterval(() => {
      const [byTcp, bySocket] = query(db, `SELECT count(*) FILTER (WHERE client_addr IS NOT NULL), count(*) FILTER (WHERE client_addr IS NULL)
                                           FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid();`).trim().split('|').map(Number);
      seen.tcp = Math.max(seen.tcp, byTcp);
      seen.socket = Math.max(seen.socket, bySocket);
    }, 250);
    t.after(() => clearInterval(sampler));
    const urls = Array.from({ length: 16 }, (_, n) => (n % 2 === 0 ? tcp.toString() : socket));
    const counts = await race(t, urls, '16 processes, TCP and Unix socket');
    clearInterval(sampler);
    t.diagnostic(`connections seen at once: ${seen.tcp} over TCP, ${seen.socket} over the Unix socket ${socketDir}`);
    assert.ok(seen.tcp >= 2 && seen.socket >= 2, `both ways in were used at once: ${JSON.stringify(seen)}`);
    const viaSocket = counts.filter((_, n) => n % 2 === 1).reduce((a, b) => a + b, 0);
    assert.ok(viaSocket > 0 && viaSocket < TASKS, `both "machines" did work (socket ${viaSocket}, TCP ${TASKS - viaSocket})`);
    assertExactlyOnce(db);
  });
