// The official MCP conformance suite (@modelcontextprotocol/conformance, its
// server scenarios) against `serve --http` at /mcp. The scenarios that cannot
// apply to this server are listed, with the reason, in conformance-baseline.yml;
// any other failure fails the test, and so does a baseline entry that passes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';

import { freshDb } from './lib/backend.mjs';
import { E2E_DIR, TEST_TIMEOUT, assertBinaryExists, makeTempDir } from './lib/harness.mjs';
import { startHttpServer } from './lib/http_server.mjs';

let tmp;
before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-conformance-');
});
after(() => tmp?.cleanup());

// Scenarios that must pass (the rest of the active suite is in the baseline).
const MUST_PASS = [
  'server-initialize', 'logging-set-level', 'ping', 'tools-list', 'resources-list',
  'prompts-list', 'dns-rebinding-protection',
];

function run(args, cwd) {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d) => { out += d.toString(); });
    proc.stderr.on('data', (d) => { out += d.toString(); });
    proc.on('exit', (code) => resolve({ code, out }));
  });
}

test('the conformance server scenarios pass, but for the baseline', { timeout: Math.max(TEST_TIMEOUT * 8, 180000) }, async (t) => {
  const server = await startHttpServer(t, { db: freshDb(tmp.dir, 'conformance'), cwd: tmp.dir });
  // The scenarios name the server by localhost, as a local client would.
  const url = `http://localhost:${server.port}/mcp`;
  const cli = path.join(E2E_DIR, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
  const { code, out } = await run([cli, 'server', '--url', url,
    '--expected-failures', path.join(E2E_DIR, 'conformance-baseline.yml'),
    '--output-dir', path.join(tmp.dir, 'results')], tmp.dir);
  const summary = out.slice(out.lastIndexOf('=== SUMMARY ==='));
  assert.equal(code, 0, `conformance run failed (exit ${code}):\n${summary}`);
  for (const scenario of MUST_PASS) {
    assert.match(summary, new RegExp(`✓ ${scenario}: [1-9]\\d* passed, 0 failed`), `${scenario} did not pass:\n${summary}`);
  }
  assert.equal(server.proc.exitCode, null, 'the server died during the run');
});
