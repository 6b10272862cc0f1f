// What the views show of one workspace, read through the REST API in one go:
// plans, tracks, every step (with the ready ones marked, and the holder and
// lease of steps in progress and the reason of blocked ones), kept until the
// change token moves.
import { api } from './api.js';

/** How many in-progress or blocked steps get their details read (one request each). */
const DETAIL_CAP = 60;

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The newest change of the workspace's update log: a cheap token that moves on every write. */
export async function changeToken(ws) {
  const r = await api.read('memory_agent', 'update_log', { workspace: ws, limit: 1 });
  const rows = r.entries ?? [];
  return rows.length ? String(rows[0].id) : '0';
}

export async function loadWorkspace(ws) {
  const [plans, trackList, steps, ready] = await Promise.all([
    api.readAll('memory_plan', 'list', { workspace: ws }, 'plans'),
    api.tracks(ws),
    api.readAll('memory_steps', 'list', { workspace: ws }, 'steps'),
    api.read('memory_plan', 'ready', { workspace: ws, limit: 500 }),
  ]);
  const readyCodes = new Set((ready.ready ?? []).map((s) => s.code));
  const tracks = [...(trackList.tracks ?? [])].sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
  for (const s of steps) {
    s.ready = readyCodes.has(s.code);
    s.column = s.status === 'pending' && s.ready ? 'ready' : s.status;
  }
  const needDetails = steps.filter((s) => s.status === 'in_progress' || s.status === 'blocked').slice(0, DETAIL_CAP);
  await pool(needDetails, 6, async (s) => {
    try {
      const full = (await api.read('memory_steps', 'get', { workspace: ws, step: s.code })).step ?? {};
      for (const key of ['holder_agent', 'lease_expires_at', 'blocked_reason', 'assignee']) s[key] = full[key];
    } catch { /* gone since the list was read: the next refresh drops it */ }
  });
  const planById = new Map(plans.map((p) => [p.id, p]));
  const trackById = new Map(tracks.map((t) => [t.id, t]));
  return { ws, plans, tracks, steps, readyCount: readyCodes.size, planById, trackById, loadedAt: Date.now() };
}

/** A plan's full view (phases, steps, criteria, notes, git links). */
export const planView = (ws, plan) => api.read('memory_plan', 'get', { workspace: ws, plan });

/** Dependency edges among the steps of `planViews`, and the order their phases and plans impose. */
export async function graphOf(ws, planViews) {
  const nodes = [];
  const edges = [];
  const groups = [];
  const stepIds = new Map();
  const planSteps = new Map();
  const phaseSteps = new Map();
  for (const view of planViews) {
    const all = [];
    let previous = null;
    for (const phase of view.phases ?? []) {
      const ids = [];
      for (const s of phase.steps ?? []) {
        const id = `step:${s.id}`;
        stepIds.set(id, s);
        nodes.push({ id, open: s.status !== 'completed' && s.status !== 'cancelled', step: s, plan: view.plan, phase });
        ids.push(id);
      }
      phaseSteps.set(`phase:${phase.id}`, ids);
      if (previous && previous.length && ids.length) groups.push({ before: previous, after: ids });
      if (ids.length) previous = ids;
      all.push(...ids);
    }
    planSteps.set(`plan:${view.plan.id}`, all);
  }
  const stepsOf = (ref) => (ref.kind === 'step' ? [`step:${ref.id}`] : (ref.kind === 'phase' ? phaseSteps : planSteps).get(`${ref.kind}:${ref.id}`) ?? []);
  const items = [
    ...planViews.map((v) => v.plan.code),
    ...planViews.flatMap((v) => (v.phases ?? []).map((ph) => `phase:${ph.id}`)),
    ...[...stepIds.values()].map((s) => s.code),
  ];
  const seen = new Set();
  const results = await pool(items, 8, (item) =>
    api.read('memory_plan', 'dependencies', { workspace: ws, item }).catch(() => null));
  for (const r of results) {
    for (const e of r?.depends_on ?? []) {
      const key = `${e.source.kind}:${e.source.id}>${e.target.kind}:${e.target.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const waiting = stepsOf(e.source);
      const first = stepsOf(e.target);
      if (!waiting.length || !first.length) continue;
      if (e.source.kind === 'step' && e.target.kind === 'step') {
        edges.push({ from: first[0], to: waiting[0], kind: e.kind });
      } else {
        groups.push({ before: first, after: waiting, label: `${e.source.label} waits for ${e.target.label}` });
      }
    }
  }
  return { nodes, edges, groups };
}
