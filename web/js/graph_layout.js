// A layered left-to-right layout of a dependency graph, and its critical
// path. Pure functions of plain data (no DOM), so node:test checks them.
//
// Input:
//   nodes:  [{id, open}]        open: the step still has work (not completed or cancelled)
//   edges:  [{from, to}]        `to` waits for `from` (drawn)
//   groups: [{before: [ids], after: [ids]}]
//           every node of `after` waits for every node of `before` (a phase
//           after the previous one, a plan after the plan it depends on); used
//           for layering and the critical path, not drawn, and linear in size
//           (one hidden gate per group).
// Output: {positions: Map(id -> {layer, order, x, y}), layers: [[id]],
//          width, height, critical: Set(id), criticalEdges: Set("from>to")}

export const NODE_W = 190;
export const NODE_H = 44;
export const GAP_X = 70;
export const GAP_Y = 16;
export const PAD = 16;

/** Builds the constraint graph: real edges of length 1, gates between groups. */
function constraints(nodes, edges, groups) {
  const succ = new Map();
  const weight = new Map();
  const add = (id, w) => { succ.set(id, []); weight.set(id, w); };
  for (const n of nodes) add(n.id, n.open ? 1 : 0);
  const link = (from, to, len) => {
    if (succ.has(from) && succ.has(to) && from !== to) succ.get(from).push({ to, len });
  };
  for (const e of edges) link(e.from, e.to, 1);
  groups.forEach((g, i) => {
    const gate = `\u0000gate${i}`;
    add(gate, 0);
    for (const id of g.before) link(id, gate, 0);
    for (const id of g.after) link(gate, id, 1);
  });
  return { succ, weight };
}

/** Node ids in an order where every edge goes forward; ids on a cycle come last, in input order. */
function topoOrder(succ) {
  const indeg = new Map([...succ.keys()].map((id) => [id, 0]));
  for (const list of succ.values()) for (const { to } of list) indeg.set(to, indeg.get(to) + 1);
  const queue = [...succ.keys()].filter((id) => indeg.get(id) === 0);
  const order = [];
  while (queue.length) {
    const id = queue.shift();
    order.push(id);
    for (const { to } of succ.get(id)) {
      indeg.set(to, indeg.get(to) - 1);
      if (indeg.get(to) === 0) queue.push(to);
    }
  }
  const seen = new Set(order);
  for (const id of succ.keys()) if (!seen.has(id)) order.push(id);
  return order;
}

/** Longest-path layers: every node one layer right of everything it waits for. */
export function assignLayers(nodes, edges, groups = []) {
  const { succ } = constraints(nodes, edges, groups);
  const layer = new Map([...succ.keys()].map((id) => [id, 0]));
  for (const id of topoOrder(succ)) {
    for (const { to, len } of succ.get(id)) layer.set(to, Math.max(layer.get(to), layer.get(id) + len));
  }
  return new Map(nodes.map((n) => [n.id, layer.get(n.id)]));
}

/**
 * The critical path: the chain of waits with the most open work (ties: the
 * longest chain). Returns the ids on it, first to last.
 */
export function criticalPath(nodes, edges, groups = []) {
  const { succ, weight } = constraints(nodes, edges, groups);
  const best = new Map();
  const prev = new Map();
  const order = topoOrder(succ);
  const rank = new Map(order.map((id, i) => [id, i]));
  for (const id of order) if (!best.has(id)) best.set(id, [weight.get(id), weight.get(id) > 0 ? 1 : 0]);
  const better = (a, b) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
  for (const id of order) {
    const [w, n] = best.get(id);
    for (const { to } of succ.get(id)) {
      if (rank.get(to) <= rank.get(id)) continue;  // an edge closing a cycle
      const cand = [w + weight.get(to), n + (weight.get(to) > 0 ? 1 : 0)];
      if (better(cand, best.get(to))) { best.set(to, cand); prev.set(to, id); }
    }
  }
  let end = null;
  for (const id of order) if (end === null || better(best.get(id), best.get(end))) end = id;
  if (end === null || best.get(end)[0] === 0) return [];
  const path = [];
  for (let id = end; id !== undefined; id = prev.get(id)) path.push(id);
  return path.reverse().filter((id) => weight.get(id) > 0);
}

/** Orders each layer by the mean position of its neighbours (a few sweeps each way). */
function orderLayers(layers, edges, layerOf) {
  const pos = new Map();
  const index = () => layers.forEach((ids) => ids.forEach((id, i) => pos.set(id, i)));
  index();
  const preds = new Map();
  const succs = new Map();
  for (const e of edges) {
    if (!layerOf.has(e.from) || !layerOf.has(e.to)) continue;
    (preds.get(e.to) ?? preds.set(e.to, []).get(e.to)).push(e.from);
    (succs.get(e.from) ?? succs.set(e.from, []).get(e.from)).push(e.to);
  }
  const sweep = (range, neighbours) => {
    for (const li of range) {
      const ids = layers[li];
      const key = new Map(ids.map((id, i) => {
        const ns = neighbours.get(id) ?? [];
        return [id, ns.length ? ns.reduce((s, n) => s + pos.get(n), 0) / ns.length : i];
      }));
      ids.sort((a, b) => key.get(a) - key.get(b));
      index();
    }
  };
  const down = [...layers.keys()];
  for (let round = 0; round < 4; round++) {
    sweep(down.slice(1), preds);
    sweep(down.slice(0, -1).reverse(), succs);
  }
}

export function layoutGraph({ nodes, edges, groups = [] }) {
  const layerOf = assignLayers(nodes, edges, groups);
  const count = nodes.length ? Math.max(...layerOf.values()) + 1 : 0;
  const layers = Array.from({ length: count }, () => []);
  for (const n of nodes) layers[layerOf.get(n.id)].push(n.id);
  orderLayers(layers, edges, layerOf);
  const positions = new Map();
  let tallest = 0;
  layers.forEach((ids, layer) => {
    tallest = Math.max(tallest, ids.length);
    ids.forEach((id, order) => positions.set(id, {
      layer, order, x: PAD + layer * (NODE_W + GAP_X), y: PAD + order * (NODE_H + GAP_Y),
    }));
  });
  const path = criticalPath(nodes, edges, groups);
  const critical = new Set(path);
  const criticalEdges = new Set();
  for (let i = 1; i < path.length; i++) criticalEdges.add(`${path[i - 1]}>${path[i]}`);
  return {
    positions,
    layers,
    critical,
    criticalEdges,
    width: PAD * 2 + Math.max(0, count * (NODE_W + GAP_X) - GAP_X),
    height: PAD * 2 + Math.max(0, tallest * (NODE_H + GAP_Y) - GAP_Y),
  };
}
