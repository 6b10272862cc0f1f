// The whole tools/list, as the official SDK client receives it, fits in 16,000
// bytes (about 4,000 tokens): what every agent reads before its first call.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { TEST_TIMEOUT, assertBinaryExists, serverArgs } from './lib/harness.mjs';
import { formatTable, measureTools, scratchDir } from './lib/tools_size.mjs';

test('tools/list is at most 16,000 bytes of JSON, every tool and action included', { timeout: TEST_TIMEOUT }, async () => {
  const scratch = scratchDir();
  try {
    const result = await measureTools({ command: assertBinaryExists(), args: serverArgs({ db: ':memory:' }), cwd: scratch.dir });
    const table = formatTable(result);
    assert.equal(result.tools.length, 8, table);
    assert.ok(result.total <= 16000, `tools/list is ${result.total} bytes:\n${table}`);
    const actions = result.tools.reduce((n, t) => n + t.inputSchema.properties.action.enum.length, 0);
    assert.ok(actions >= 120, `every action is listed (${actions})`);
  } finally {
    scratch.cleanup();
  }
});
