// An MCP client from the official SDK on a `project-memory serve` process of
// its own (stdio), on a given database and working directory: how the tests
// seed data and act as an agent in another process.
import assert from 'node:assert/strict';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';

import { TEST_TIMEOUT, assertBinaryExists, serverArgs } from './harness.mjs';

/**
 * Connects; returns { client, call(name, args), close() }. `call` asserts the
 * tool succeeded and returns its structuredContent.
 */
export async function connectStdio({ db, cwd, name = 'pm-e2e' }) {
  const transport = new StdioClientTransport({
    command: assertBinaryExists(),
    args: serverArgs({ db, logLevel: 'warn' }),
    cwd,
    env: getDefaultEnvironment(),
    stderr: 'pipe',
  });
  const client = new Client({ name, version: '0.0.0' }, { capabilities: {} });
  await client.connect(transport, { timeout: TEST_TIMEOUT / 2 });
  const call = async (tool, args) => {
    const result = await client.callTool({ name: tool, arguments: args }, undefined, { timeout: TEST_TIMEOUT / 2 });
    assert.ok(!result.isError, `${tool} ${JSON.stringify(args).slice(0, 200)}: ${result.content?.[0]?.text}`);
    return result.structuredContent;
  };
  return { client, call, close: () => client.close().catch(() => {}) };
}
