// What an agent reads before its first call: the tools/list of an MCP server,
// measured as the official SDK client sees it (UTF-8 bytes of
// JSON.stringify(result.tools)), per tool and in total. Used by
// scripts/tools-size and by tools_size.test.mjs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';

/** A rough token count: about four bytes of JSON per token. */
export const approxTokens = (bytes) => Math.round(bytes / 4);

/**
 * Starts `command args` as an MCP server over stdio in `cwd`, asks for every
 * page of tools/list and returns { tools, total, perTool: [{name, bytes}] }.
 */
export async function measureTools({ command, args = [], cwd = os.tmpdir(), env = {} }) {
  const transport = new StdioClientTransport({
    command,
    args,
    cwd,
    env: { ...getDefaultEnvironment(), ...env },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'tools-size', version: '1.0.0' }, { capabilities: {} });
  await client.connect(transport);
  try {
    const tools = [];
    let cursor;
    do {
      const page = await client.listTools(cursor ? { cursor } : {});
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    const bytes = (value) => Buffer.byteLength(JSON.stringify(value), 'utf8');
    return {
      tools,
      total: bytes(tools),
      perTool: tools.map((tool) => ({ name: tool.name, bytes: bytes(tool) })),
    };
  } finally {
    await client.close();
  }
}

/** The table scripts/tools-size prints. */
export function formatTable({ total, perTool }) {
  const width = Math.max(4, ...perTool.map((t) => t.name.length));
  const row = (name, bytes) =>
    `${name.padEnd(width)}  ${String(bytes).padStart(7)}  ${String(approxTokens(bytes)).padStart(7)}`;
  const lines = [`${'tool'.padEnd(width)}  ${'bytes'.padStart(7)}  ${'~tokens'.padStart(7)}`];
  for (const t of perTool) lines.push(row(t.name, t.bytes));
  lines.push(row(`total (${perTool.length} tools)`.padEnd(width), total));
  return lines.join('\n');
}

/** A throwaway directory for a server's database; removed by cleanup(). */
export function scratchDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-tools-size-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
