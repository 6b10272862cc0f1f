#!/usr/bin/env node
// Writes the fuzzer's seed corpus: one file per tool action of catalog/*.json,
// each a whole MCP session (initialize, a workspace and a plan to act on, then
// the action's catalog example), plus sessions for every other method. Real
// requests give the fuzzer the shapes deep paths need; it mutates from there.
//
//   node fuzz/make_corpus.mjs [OUT_DIR]     # default: fuzz/corpus
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const out = path.resolve(process.argv[2] ?? path.join(here, 'corpus'));

const line = (id, method, params) =>
  JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method, ...(params === undefined ? {} : { params }) });
const call = (id, name, args) => line(id, 'tools/call', { name, arguments: args });

function session(lines, version = '2025-11-25') {
  return [
    line(0, 'initialize', { protocolVersion: version, capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } }),
    line(undefined, 'notifications/initialized'),
    ...lines,
  ].join('\n') + '\n';
}

// Something for the examples to refer to: a workspace, a plan P1 with phases
// and steps T1..T3, one of them claimed.
const prelude = [
  call(1, 'memory_workspace', { action: 'register', path: '/fuzz/shop', name: 'shop' }),
  call(2, 'memory_plan', { action: 'create', title: 'Login page', category: 'feature', phases: ['Design', 'Build'] }),
  call(3, 'memory_steps', { action: 'add', plan: 'P1', phase: 'Design', steps: [{ task: 'Sketch' }, { task: 'Review' }, { task: 'Build it' }] }),
  call(4, 'get_next_task', { claim: true, agent: 'fuzzer' }),
];

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
let count = 0;
const write = (name, text) => {
  fs.writeFileSync(path.join(out, name), text);
  count++;
};

for (const file of fs.readdirSync(path.join(root, 'catalog')).filter((f) => f.endsWith('.json')).sort()) {
  const tool = JSON.parse(fs.readFileSync(path.join(root, 'catalog', file), 'utf8'));
  for (const action of tool.actions) {
    const example = action.example ?? { action: action.name };
    write(`${tool.name}.${action.name}`, session([...prelude, call(10, tool.name, example)]));
  }
}

write('lifecycle.before-initialize', [line(1, 'tools/list'), line(2, 'ping')].join('\n') + '\n');
write('lifecycle.twice', session([line(1, 'initialize', { protocolVersion: '2024-11-05' })]));
write('tools.list', session([line(1, 'tools/list'), line(2, 'tools/list', { cursor: 't3' })]));
write('resources.list', session([...prelude, line(10, 'resources/list'), line(11, 'resources/templates/list')]));
write('resources.read', session([...prelude,
  line(10, 'resources/read', { uri: 'project-memory://workspace/shop' }),
  line(11, 'resources/read', { uri: 'project-memory://plan/P1' }),
  line(12, 'resources/read', { uri: 'project-memory://knowledge/shop/setup' })]));
write('prompts', session([...prelude, line(10, 'prompts/list'),
  line(11, 'prompts/get', { name: 'start_work', arguments: { plan: 'P1' } }),
  line(12, 'prompts/get', { name: 'hand_off', arguments: { plan: 'P1', to_agent: 'b' } }),
  line(13, 'prompts/get', { name: 'plan_feature', arguments: { idea: 'dark mode' } })]));
write('misc', session([line(1, 'ping'), line(2, 'logging/setLevel', { level: 'debug' }),
  line(undefined, 'notifications/cancelled', { requestId: 99, reason: 'x' }), line(3, 'no/such/method'),
  '{"jsonrpc":"2.0","id":4,"method":"ping"', '[]', '{"jsonrpc":"1.0","id":5,"method":"ping"}']));
write('batch', session([`[${line(1, 'ping')},${line(2, 'tools/list')},${line(undefined, 'notifications/initialized')}]`], '2025-03-26'));
write('search', session([...prelude,
  call(10, 'memory_context', { action: 'search', query: 'login NEAR/2 page OR "build*" AND -x' }),
  call(11, 'memory_context', { action: 'search', query: "'; DROP TABLE steps; --" })]));
console.error(`wrote ${count} seed sessions to ${out}`);
