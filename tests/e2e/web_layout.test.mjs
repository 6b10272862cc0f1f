// The web view's graph layout (web/js/graph_layout.js) as plain functions:
// layers left to right, phase and plan order as hidden constraints, the
// critical path through open work.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { assignLayers, criticalPath, layoutGraph } from '../../web/js/graph_layout.js';

const open = (...ids) => ids.map((id) => ({ id, open: true }));

test('every step sits one layer right of what it waits for', () => {
  const nodes = open('a', 'b', 'c', 'd');
  const layers = assignLayers(nodes, [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'a', to: 'c' }]);
  assert.deepEqual(Object.fromEntries(layers), { a: 0, b: 1, c: 2, d: 0 });
});

test('a later phase starts right of the whole earlier one, without drawn edges', () => {
  const nodes = open('p1', 'p2', 'q1', 'q2');
  const edges = [{ from: 'p1', to: 'p2' }];
  const groups = [{ before: ['p1', 'p2'], after: ['q1', 'q2'] }];
  const layers = assignLayers(nodes, edges, groups);
  assert.deepEqual(Object.fromEntries(layers), { p1: 0, p2: 1, q1: 2, q2: 2 });
});

test('the critical path follows the chain with the most open work', () => {
  const nodes = [...open('a', 'b', 'c', 'x'), { id: 'done', open: false }];
  const edges = [{ from: 'done', to: 'a' }, { from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'done', to: 'x' }];
  assert.deepEqual(criticalPath(nodes, edges), ['a', 'b', 'c']);
  assert.deepEqual(criticalPath([{ id: 'z', open: false }], []), []);
});

test('a cycle does not hang the layout', () => {
  const result = layoutGraph({ nodes: open('a', 'b'), edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }] });
  assert.equal(result.positions.size, 2);
});

test('positions never overlap and the canvas holds them all', () => {
  const nodes = open(...Array.from({ length: 30 }, (_, i) => `n${i}`));
  const edges = [];
  for (let i = 1; i < 30; i++) edges.push({ from: `n${Math.floor((i - 1) / 3)}`, to: `n${i}` });
  const { positions, width, height, critical } = layoutGraph({ nodes, edges });
  const seen = new Set();
  for (const { x, y } of positions.values()) {
    assert.ok(!seen.has(`${x},${y}`), `two nodes at ${x},${y}`);
    seen.add(`${x},${y}`);
    assert.ok(x >= 0 && y >= 0 && x < width && y < height);
  }
  assert.ok(critical.has('n0') && critical.size >= 3);
});
