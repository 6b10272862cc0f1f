// Plan: without a code, every plan with its progress; with one (#/plan/P3),
// the plan → phase → step tree with progress bars, acceptance criteria,
// notes, git links, handoffs and the change history; #/plan/P3/T7 opens
// step T7 with its details and its own history.
import { api } from '../api.js';
import { ago, badge, h, leaseLeft, progress, replace } from '../dom.js';
import { planView } from '../model.js';

const countable = (p) => (p?.total ?? 0) - (p?.cancelled ?? 0);

export function mount(main, ctx) {
  let current = ctx;
  let generation = 0;
  const body = h('div', { class: 'plan-view' });
  main.append(body);

  const list = () => {
    const plans = current.model.plans.filter((p) => !p.archived);
    replace(body, h('div', { class: 'view-head' }, h('h1', {}, 'Plans')),
      plans.length ? h('ul', { class: 'plan-list' }, plans.map((p) => h('li', {},
        h('a', { href: `#/plan/${p.code}`, 'data-nav': true }, h('span', { class: 'code' }, p.code), ' ', p.title),
        badge(p.status), h('span', { class: 'muted' }, p.priority ?? ''),
        progress(p.steps_completed ?? 0, p.steps_total ?? 0, `${p.code}: `),
        h('a', { class: 'button ghost', href: `#/graph/${p.code}` }, 'Graph'))))
        : h('p', { class: 'empty' }, 'No plans in this workspace yet.'));
  };

  const stepDetails = async (code, into) => {
    try {
      const [{ step }, history] = await Promise.all([
        api.read('memory_steps', 'get', { workspace: current.ws, step: code }),
        api.read('memory_plan', 'history', { workspace: current.ws, step: code, limit: 20 }),
      ]);
      const row = (label, value) => value ? [h('dt', {}, label), h('dd', {}, value)] : null;
      const list = (v) => Array.isArray(v) && v.length ? v.join(', ') : '';
      replace(into, h('dl', { class: 'facts' },
        row('Description', step.description),
        row('Type', step.type), row('Priority', step.priority),
        row('Assignee', step.assignee),
        row('Held by', step.holder_agent && `${step.holder_agent} · ${leaseLeft(step.lease_expires_at)}`),
        row('Blocked because', step.status === 'blocked' ? step.blocked_reason || 'no reason given' : ''),
        row('Inputs', list(step.inputs)), row('Expected outputs', list(step.expected_outputs)),
        row('Context', step.context_notes), row('Completion notes', step.completion_notes),
        row('Completed by', step.completed_by), row('Updated', ago(step.updated_at))),
      historyList(history.history ?? []));
    } catch (e) {
      replace(into, h('p', { class: 'error' }, current.problemText(e)));
    }
  };

  const stepRow = (s, openCode) => {
    const shown = current.model.steps.find((x) => x.code === s.code)?.column ?? s.status;
    const details = h('div', { class: 'step-details' });
    const open = s.code === openCode;
    const el = h('li', { class: `step s-${s.status}`, id: `step-${s.code}`, 'data-step': s.code },
      h('details', {
        open,
        ontoggle: (ev) => { if (ev.target.open && !details.childElementCount) stepDetails(s.code, details); },
      },
      h('summary', { 'data-nav': true },
        badge(shown), h('span', { class: 'code' }, s.code), ' ', h('span', { class: 'task' }, s.task),
        s.assignee && h('span', { class: 'muted' }, ` @${s.assignee}`),
        s.status === 'blocked' && s.blocked_reason && h('span', { class: 'reason' }, ` — ${s.blocked_reason}`)),
      details));
    if (open) stepDetails(s.code, details);
    return el;
  };

  const show = async (code, openCode) => {
    const mine = ++generation;
    let view;
    let history;
    let lineage;
    try {
      [view, history, lineage] = await Promise.all([
        planView(current.ws, code),
        api.read('memory_plan', 'history', { workspace: current.ws, plan: code, limit: 30 }),
        api.read('memory_agent', 'lineage', { workspace: current.ws, plan: code, limit: 10 }).catch(() => ({})),
      ]);
    } catch (e) {
      if (mine === generation) replace(body, h('p', { class: 'error' }, `${code}: ${current.problemText(e)}`), h('p', {}, h('a', { href: '#/plan' }, 'All plans')));
      return;
    }
    if (mine !== generation) return;
    const openNow = new Set([...body.querySelectorAll('li.step details[open]')].map((d) => d.parentElement.dataset.step));
    if (openCode) openNow.add(openCode);
    const p = view.plan;
    const requirements = view.requirements ?? [];
    const notes = view.notes ?? [];
    const links = view.git_links ?? [];
    const handoffs = lineage.lineage ?? [];
    replace(body,
      h('div', { class: 'view-head' },
        h('h1', {}, h('span', { class: 'code' }, p.code), ' ', p.title),
        badge(p.status), progress(p.progress?.completed ?? 0, countable(p.progress), 'plan '),
        h('a', { class: 'button ghost', href: `#/graph/${p.code}` }, 'Graph'),
        h('a', { class: 'button ghost', href: '#/plan' }, 'All plans')),
      h('p', { class: 'muted' }, [p.category, p.priority, ...(p.tags ?? []).map((t) => `#${t}`)].filter(Boolean).join(' · ')),
      p.goal && h('p', { class: 'goal' }, h('strong', {}, 'Goal: '), p.goal),
      p.description && h('p', { class: 'desc' }, p.description),
      h('div', { class: 'plan-grid' },
        h('section', { class: 'tree', 'aria-label': 'Phases and steps' },
          (view.phases ?? []).map((ph) => h('section', { class: 'phase' },
            h('h2', {}, ph.name, ' ', progress(ph.progress?.completed ?? 0, countable(ph.progress), `${ph.name}: `)),
            (ph.steps ?? []).length
              ? h('ol', { class: 'steps' }, ph.steps.map((s) => stepRow(s, openNow.has(s.code) ? s.code : null)))
              : h('p', { class: 'none' }, 'No steps.')))),
        h('aside', { class: 'side' },
          h('section', { 'aria-label': 'Acceptance criteria' }, h('h2', {}, 'Acceptance criteria'),
            requirements.length ? h('ul', { class: 'criteria' }, requirements.map((r) =>
              h('li', { class: r.met ? 'met' : '' }, h('span', { 'aria-hidden': 'true' }, r.met ? '✓ ' : '○ '),
                r.code ? h('span', { class: 'code' }, `${r.code} `) : null, r.text ?? '',
                h('span', { class: 'sr-only' }, r.met ? ' (met)' : ' (not met)'))))
              : h('p', { class: 'none' }, 'None yet.')),
          h('section', { 'aria-label': 'Notes' }, h('h2', {}, 'Notes'),
            notes.length ? h('ul', { class: 'notes' }, notes.map((n) => h('li', {}, n.text ?? '',
              n.created_at && h('span', { class: 'muted' }, ` · ${ago(n.created_at)}`))))
              : h('p', { class: 'none' }, 'None.')),
          links.length > 0 && h('section', { 'aria-label': 'Git links' }, h('h2', {}, 'Git'),
            h('ul', {}, links.map((l) => h('li', {}, `${l.kind}: `, h('code', {}, l.ref), l.message ? ` ${l.message}` : '')))),
          handoffs.length > 0 && h('section', { 'aria-label': 'Handoffs' }, h('h2', {}, 'Handoffs'),
            h('ul', {}, handoffs.map((l) => h('li', {}, `${l.from_agent} → ${l.to_agent}`,
              l.reason && `: ${l.reason}`, l.created_at && h('span', { class: 'muted' }, ` · ${ago(l.created_at)}`))))),
          h('section', { 'aria-label': 'History' }, h('h2', {}, 'History'), historyList(history.history ?? [])))));
    if (openCode) {
      const target = body.querySelector(`#step-${CSS.escape(openCode)}`);
      if (target && !body.dataset.scrolled) {
        body.dataset.scrolled = openCode;
        target.scrollIntoView({ block: 'center' });
        target.querySelector('summary')?.focus({ preventScroll: true });
      }
    }
  };

  const update = (ctx2) => {
    current = ctx2;
    const [code, step] = current.params;
    if (!code) list(); else show(code.toUpperCase(), step?.toUpperCase());
  };
  update(ctx);
  return { update };
}

export function historyList(rows) {
  if (!rows.length) return h('p', { class: 'none' }, 'No changes recorded.');
  return h('ol', { class: 'history' }, rows.map((r) => h('li', {},
    h('span', { class: 'muted' }, ago(r.created_at)), ' ',
    `${r.entity_kind} ${image(r, 'after')?.code ?? image(r, 'before')?.code ?? r.entity_id} ${r.action}`,
    statusChange(r),
    r.agent && h('span', { class: 'who' }, ` by ${r.agent}`))));
}

/** The row before or after a change (update_log calls them before/after, history before_json/after_json). */
function image(r, which) {
  const v = r[which] ?? r[`${which}_json`];
  return v && typeof v === 'object' ? v : null;
}

function statusChange(r) {
  const before = image(r, 'before')?.status;
  const after = image(r, 'after')?.status;
  return before && after && before !== after ? ` (${before} → ${after})` : '';
}
