// Short codes stay unique when several server processes create plans at once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { freshDb } from './lib/backend.mjs';
import { TEST_TIMEOUT, assertBinaryExists, makeTempDir, startRaw } from './lib/harness.mjs';

let tmp;
before(() => {
  assertBinaryExists();
  tmp = makeTempDir('pm-e2e-codes-');
});
after(() => tmp?.cleanup());

const call = (id, name, args) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });

test('four servers creating plans concurrently never hand out the same code', { timeout: TEST_TIMEOUT }, async (t) => {
  const db = freshDb(tmp.dir, 'codes');
  const servers = [0, 1, 2, 3].map(() => startRaw(t, { db }));
  await Promise.all(servers.map((s) => s.initialize()));
  const reg = await servers[0].request('tools/call', { name: 'memory_workspace', arguments: { action: 'register', name: 'race' } });
  assert.equal(reg.result?.isError, false, JSON.stringify(reg));
  const perServer = 25;
  servers.forEach((s, i) => {
    const lines = [];
    for (let k = 0; k < perServer; k++) {
      lines.push(JSON.stringify(call(`p${i}-${k}`, 'memory_plan', {
        action: 'create', workspace: 'race', title: `plan ${i}-${k}`, phases: ['Only'], requirements: ['done'],
      })));
    }
    s.write(Buffer.from(lines.join('\n') + '\n'));
  });
  const codes = [];
  const requirementCodes = [];
  for (const [i, s] of servers.entries()) {
    for (let k = 0; k < perServer; k++) {
      const res = await s.waitForResponse(`p${i}-${k}`);
      assert.equal(res.result?.isError, false, `p${i}-${k}: ${JSON.stringify(res)}`);
      codes.push(res.result.structuredContent.plan.code);
      requirementCodes.push(res.result.structuredContent.requirements[0].code);
    }
  }
  const expected = Array.from({ length: 4 * perServer }, (_, n) => `P${n + 1}`);
  assert.deepEqual([...codes].sort(), [...expected].sort(), 'plan codes are P1..P100, each once');
  assert.equal(new Set(requirementCodes).size, requirementCodes.length, 'requirement codes are unique');
});
