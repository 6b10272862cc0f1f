// Board: the workspace's steps as cards in columns by status — waiting,
// ready, in progress (holder and lease left), blocked (reason), completed —
// filtered by track, plan and assignee. Moving a card (drag and drop, its
// Move menu, or s/d/b/p on a focused card) is update_task_status through
// PATCH /tasks/:task, as the person; a refused move shows the tool's message.
import { api, session } from '../api.js';
import { badge, h, leaseLeft, replace } from '../dom.js';

const COLUMNS = [
  { key: 'pending', title: 'Waiting', hint: 'pending, waiting for dependencies or an earlier phase', status: 'pending' },
  { key: 'ready', title: 'Ready', hint: 'pending with nothing left to wait for', status: 'pending' },
  { key: 'in_progress', title: 'In progress', hint: 'claimed by an agent or a person', status: 'in_progress' },
  { key: 'blocked', title: 'Blocked', hint: 'stopped, with a reason', status: 'blocked' },
  { key: 'completed', title: 'Completed', hint: 'done', status: 'completed' },
];
const MOVES = [
  { status: 'pending', label: 'Pending' },
  { status: 'in_progress', label: 'In progress' },
  { status: 'blocked', label: 'Blocked…' },
  { status: 'completed', label: 'Completed' },
  { status: 'cancelled', label: 'Cancelled' },
];
const KEYS = { s: 'in_progress', d: 'completed', b: 'blocked', p: 'pending' };
const CARD_CAP = 150;

const filters = { track: '', plan: '', assignee: '' };

export function mount(main, ctx) {
  let current = ctx;
  const filterBar = h('div', { class: 'filters', role: 'group', 'aria-label': 'Filters' });
  const columns = h('div', { class: 'board' });
  main.append(h('div', { class: 'view-head' }, h('h1', {}, 'Board'), filterBar), columns);

  const move = async (code, status) => {
    const extra = {};
    if (status === 'blocked') {
      const reason = prompt(`Why is ${code} blocked?`);
      if (reason === null) return;
      extra.notes = reason || 'blocked from the web view';
    }
    const card = columns.querySelector(`[data-code="${code}"]`);
    card?.classList.add('busy');
    try {
      const r = await api.moveTask(current.ws, code, status, extra);
      const ready = r.became_ready ?? [];
      current.toast(`${code} is ${status.replace('_', ' ')}.` + (ready.length ? ` Now ready: ${ready.join(', ')}.` : ''), 'ok');
      await current.refresh();
    } catch (e) {
      card?.classList.remove('busy');
      card?.classList.add('refused');
      setTimeout(() => card?.classList.remove('refused'), 1200);
      current.toast(`${code} was not moved: ${current.problemText(e)}`, 'error');
    }
  };

  const renderFilters = () => {
    const { model } = current;
    const select = (key, label, options) => h('label', {},
      h('span', { class: 'label' }, label),
      h('select', {
        'aria-label': `Filter by ${label.toLowerCase()}`,
        onchange: (ev) => { filters[key] = ev.target.value; renderColumns(); },
      }, h('option', { value: '' }, 'All'), options.map(([value, text]) =>
        h('option', { value, selected: String(filters[key]) === String(value) }, text))));
    const people = new Set();
    for (const s of model.steps) for (const who of [s.assignee, s.holder_agent]) if (who) people.add(who);
    replace(filterBar,
      select('track', 'Track', model.tracks.map((t) => [t.id, t.name])),
      select('plan', 'Plan', model.plans.filter((p) => !p.archived).map((p) => [p.code, `${p.code} ${p.title}`])),
      select('assignee', 'Assignee', [...people].sort().map((p) => [p, p])));
  };

  const visible = () => {
    const { model } = current;
    return model.steps.filter((s) => {
      if (filters.plan && s.plan_code !== filters.plan) return false;
      if (filters.track && String(model.planById.get(s.plan_id)?.track_id ?? '') !== String(filters.track)) return false;
      if (filters.assignee && s.assignee !== filters.assignee && s.holder_agent !== filters.assignee) return false;
      return true;
    });
  };

  const card = (s) => {
    const lease = s.status === 'in_progress' ? leaseLeft(s.lease_expires_at) : '';
    return h('article', {
      class: `card s-${s.column}`, tabindex: 0, draggable: 'true', 'data-nav': true, 'data-code': s.code,
      'aria-label': `${s.code} ${s.task}, ${s.column.replace('_', ' ')}`,
      ondragstart: (ev) => { ev.dataTransfer.setData('text/plain', s.code); ev.dataTransfer.effectAllowed = 'move'; },
      onkeydown: (ev) => {
        if (ev.target !== ev.currentTarget || ev.ctrlKey || ev.metaKey || ev.altKey) return;
        if (KEYS[ev.key]) { ev.preventDefault(); ev.stopPropagation(); move(s.code, KEYS[ev.key]); }
        if (ev.key === 'Enter') current.navigate(`#/plan/${s.plan_code}/${s.code}`);
      },
    },
    h('div', { class: 'card-top' },
      h('a', { class: 'code', href: `#/plan/${s.plan_code}/${s.code}`, tabindex: -1 }, s.code),
      h('span', { class: 'where' }, `${s.plan_code} › ${s.phase_name ?? ''}`)),
    h('div', { class: 'task' }, s.task),
    s.status === 'in_progress' && h('div', { class: 'holder' },
      `@${s.holder_agent || s.assignee || 'someone'}`, lease && h('span', { class: lease.startsWith('lease') ? 'lease expired' : 'lease' }, ` · ${lease}`)),
    s.status === 'blocked' && h('div', { class: 'reason' }, s.blocked_reason || 'no reason given'),
    s.status !== 'in_progress' && s.assignee && h('div', { class: 'holder' }, `@${s.assignee}`),
    h('label', { class: 'move' }, h('span', { class: 'sr-only' }, `Move ${s.code} to`),
      h('select', {
        onchange: (ev) => { const to = ev.target.value; ev.target.value = ''; if (to) move(s.code, to); },
      }, h('option', { value: '' }, 'Move to…'), MOVES.filter((m) => m.status !== s.status).map((m) => h('option', { value: m.status }, m.label)))));
  };

  const renderColumns = () => {
    const steps = visible();
    replace(columns, COLUMNS.map((col) => {
      const cards = steps.filter((s) => s.column === col.key);
      const list = h('div', { class: 'cards' }, cards.slice(0, CARD_CAP).map(card),
        cards.length > CARD_CAP && h('p', { class: 'more' }, `… ${cards.length - CARD_CAP} more (filter by plan to see them)`),
        !cards.length && h('p', { class: 'none' }, 'none'));
      return h('section', {
        class: `column c-${col.key}`, 'aria-label': `${col.title}: ${cards.length}`, 'data-column': col.key,
        ondragover: (ev) => { ev.preventDefault(); ev.currentTarget.classList.add('drop'); },
        ondragleave: (ev) => ev.currentTarget.classList.remove('drop'),
        ondrop: (ev) => {
          ev.preventDefault();
          ev.currentTarget.classList.remove('drop');
          const code = ev.dataTransfer.getData('text/plain');
          const step = current.model.steps.find((x) => x.code === code);
          if (step && step.column !== col.key) move(code, col.status);
        },
      }, h('h2', { title: col.hint }, badge(col.key, col.title), h('span', { class: 'n' }, String(cards.length))), list);
    }));
  };

  const update = (ctx2) => {
    current = ctx2;
    const focused = document.activeElement?.dataset?.code;
    renderFilters();
    renderColumns();
    if (focused) columns.querySelector(`[data-code="${focused}"]`)?.focus();
  };
  update(ctx);
  return { update, actor: () => session.actor };
}
