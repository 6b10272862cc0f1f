// Graph: the dependency graph of a plan (#/graph/P3) or of a track's plans
// (#/graph/track/2), layered left to right (graph_layout.js), each step
// coloured by status, edges showing what waits for what, the critical path
// (the chain of waits with the most open work) highlighted. Click or Enter on
// a step opens it in the plan view.
import { h, replace } from '../dom.js';
import { NODE_H, NODE_W, layoutGraph } from '../graph_layout.js';
import { graphOf, planView, pool } from '../model.js';

const shorten = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

export function mount(main, ctx) {
  let current = ctx;
  let generation = 0;
  const picker = h('label', {}, h('span', { class: 'label' }, 'Show'), h('select', {
    'aria-label': 'Plan or track to draw',
    onchange: (ev) => current.navigate(`#/graph/${ev.target.value}`),
  }));
  const canvas = h('div', { class: 'graph-canvas', tabindex: -1 });
  const aside = h('div', { class: 'graph-notes' });
  main.append(h('div', { class: 'view-head' }, h('h1', {}, 'Graph'), picker, legend()), canvas, aside);

  const target = () => {
    const [a, b] = current.params;
    if (a === 'track' && b) return { key: `track/${b}`, track: Number(b) };
    if (a) return { key: a.toUpperCase(), plan: a.toUpperCase() };
    const plans = current.model.plans.filter((p) => !p.archived);
    const first = plans.find((p) => p.status === 'active') ?? plans[0];
    return first ? { key: first.code, plan: first.code } : null;
  };

  const draw = async () => {
    const mine = ++generation;
    const { model, ws } = current;
    const t = target();
    const select = picker.querySelector('select');
    replace(select,
      h('optgroup', { label: 'Plans' }, model.plans.filter((p) => !p.archived).map((p) => h('option', { value: p.code, selected: t?.key === p.code }, `${p.code} ${p.title}`))),
      model.tracks.length > 0 && h('optgroup', { label: 'Tracks' }, model.tracks.map((tr) => h('option', { value: `track/${tr.id}`, selected: t?.key === `track/${tr.id}` }, `Track: ${tr.name}`))));
    if (!t) { replace(canvas, h('p', { class: 'empty' }, 'No plans to draw.')); return; }
    let views;
    let graph;
    try {
      const codes = t.plan ? [t.plan] : model.plans.filter((p) => !p.archived && p.track_id === t.track).map((p) => p.code);
      views = await pool(codes, 4, (code) => planView(ws, code));
      graph = await graphOf(ws, views);
    } catch (e) {
      if (mine === generation) replace(canvas, h('p', { class: 'error' }, current.problemText(e)));
      return;
    }
    if (mine !== generation) return;
    const ready = new Set(model.steps.filter((s) => s.ready).map((s) => s.code));
    for (const n of graph.nodes) n.step.ready = ready.has(n.step.code);
    if (!graph.nodes.length) { replace(canvas, h('p', { class: 'empty' }, 'No steps to draw yet.')); replace(aside); return; }
    const layout = layoutGraph(graph);
    const focused = document.activeElement?.dataset?.node;
    replace(canvas, svgOf(graph, layout, (node) => current.navigate(`#/plan/${node.plan.code}/${node.step.code}`)));
    if (focused) canvas.querySelector(`[data-node="${focused}"]`)?.focus();
    const crit = graph.nodes.filter((n) => layout.critical.has(n.id)).map((n) => n.step.code);
    replace(aside,
      h('p', {}, h('strong', {}, 'Critical path: '), crit.length ? crit.join(' → ') : 'nothing left open.'),
      graph.groups.filter((g) => g.label).map((g) => h('p', { class: 'muted' }, g.label)));
  };

  const update = (ctx2) => { current = ctx2; draw(); };
  update(ctx);
  return { update };
}

function legend() {
  return h('p', { class: 'legend', 'aria-label': 'Legend' },
    ['pending', 'ready', 'in_progress', 'blocked', 'completed'].map((s) => h('span', { class: `key n-${s}` }, s.replace('_', ' '))),
    h('span', { class: 'key critical' }, 'critical path'));
}

function svgOf(graph, layout, open) {
  const svg = h('svg:svg', {
    width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`,
    role: 'group', 'aria-label': `Dependency graph: ${graph.nodes.length} steps, ${graph.edges.length} dependencies`,
  });
  svg.append(h('svg:defs', {},
    h('svg:marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      h('svg:path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' })),
    h('svg:marker', { id: 'arrow-critical', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      h('svg:path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead critical' }))));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const edgeLayer = h('svg:g', { class: 'edges' });
  for (const e of graph.edges) {
    const a = layout.positions.get(e.from);
    const b = layout.positions.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2;
    const mid = Math.max(24, (x2 - x1) / 2);
    const critical = layout.criticalEdges.has(`${e.from}>${e.to}`);
    edgeLayer.append(h('svg:path', {
      d: `M${x1},${y1} C${x1 + mid},${y1} ${x2 - mid},${y2} ${x2},${y2}`,
      class: `edge${critical ? ' critical' : ''}${e.kind === 'informs' ? ' informs' : ''}`,
      'marker-end': critical ? 'url(#arrow-critical)' : 'url(#arrow)',
      'data-edge': `${byId.get(e.from).step.code}>${byId.get(e.to).step.code}`,
    }, h('svg:title', {}, `${byId.get(e.to).step.code} waits for ${byId.get(e.from).step.code}`)));
  }
  svg.append(edgeLayer);
  const nodeLayer = h('svg:g', { class: 'nodes' });
  const ordered = [...graph.nodes].sort((a, b) => {
    const pa = layout.positions.get(a.id);
    const pb = layout.positions.get(b.id);
    return pa.layer - pb.layer || pa.order - pb.order;
  });
  for (const n of ordered) {
    const p = layout.positions.get(n.id);
    const s = n.step;
    const column = s.status === 'pending' && s.ready ? 'ready' : s.status;
    const g = h('svg:g', {
      class: `node n-${column}${layout.critical.has(n.id) ? ' critical' : ''}`,
      transform: `translate(${p.x},${p.y})`, tabindex: 0, role: 'link', 'data-nav': true, 'data-node': s.code,
      'aria-label': `${s.code} ${s.task}, ${s.status.replace('_', ' ')}${layout.critical.has(n.id) ? ', on the critical path' : ''}`,
      onclick: () => open(n),
      onkeydown: (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); open(n); } },
    },
    h('svg:rect', { width: NODE_W, height: NODE_H, rx: 6 }),
    h('svg:text', { x: 10, y: 17, class: 'code' }, `${s.code} · ${n.plan.code} › ${shorten(n.phase.name ?? '', 14)}`),
    h('svg:text', { x: 10, y: 34, class: 'label' }, shorten(s.task, 26)),
    h('svg:title', {}, `${s.code} ${s.task} (${s.status})`));
    nodeLayer.append(g);
  }
  svg.append(nodeLayer);
  return svg;
}
