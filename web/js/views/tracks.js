// Tracks (seed 000): each track a lane with its colour, icon, goal and
// progress (plans done of total, ready steps), holding its plans; create,
// edit, reorder (↑ ↓ or drag a lane) and delete tracks; put a plan on a
// track with its Track menu or by dragging it onto a lane. All through the
// seed's routes under /repos/:ws.
import { api } from '../api.js';
import { badge, h, progress, replace } from '../dom.js';

const PALETTE = ['#2f6fde', '#1a9e6a', '#d9822b', '#c23f72', '#7a5cd6', '#12868f', '#8a8f98'];

export function mount(main, ctx) {
  let current = ctx;
  const lanes = h('div', { class: 'lanes' });
  const form = trackForm({}, async (fields) => {
    if (await act(() => api.createTrack(current.ws, fields), `Track “${fields.name}” created.`)) {
      form.reset();
      form.closest('details').open = false;
    }
  });
  main.append(
    h('div', { class: 'view-head' }, h('h1', {}, 'Tracks'),
      h('details', { class: 'new-track' }, h('summary', { class: 'button' }, '+ New track'), form)),
    lanes);

  async function act(fn, message) {
    try {
      await fn();
      if (message) current.toast(message, 'ok');
      await current.refresh();
      return true;
    } catch (e) {
      current.toast(current.problemText(e), 'error');
      return false;
    }
  }

  const assign = (plan, trackId) =>
    act(() => api.assignTrack(current.ws, plan.code, trackId === '' ? null : Number(trackId)),
      trackId === '' ? `${plan.code} is on no track.` : `${plan.code} moved to ${current.model.trackById.get(Number(trackId))?.name}.`);

  const planRow = (p) => {
    const readyHere = current.model.steps.filter((s) => s.plan_id === p.id && s.column === 'ready').length;
    return h('li', { class: 'plan-row', draggable: 'true', 'data-plan': p.code,
      ondragstart: (ev) => ev.dataTransfer.setData('text/x-plan', p.code) },
    h('a', { href: `#/plan/${p.code}`, 'data-nav': true }, h('span', { class: 'code' }, p.code), ' ', p.title),
    badge(p.status),
    progress(p.steps_completed ?? 0, p.steps_total ?? 0, `${p.code}: `),
    readyHere > 0 && h('span', { class: 'chip' }, `${readyHere} ready`),
    h('label', { class: 'assign' }, h('span', { class: 'sr-only' }, `Track of ${p.code}`),
      h('select', { onchange: (ev) => assign(p, ev.target.value) },
        h('option', { value: '', selected: p.track_id == null }, 'No track'),
        current.model.tracks.map((t) => h('option', { value: t.id, selected: p.track_id === t.id }, t.name)))));
  };

  const lane = (t, index, all) => {
    const plans = current.model.plans.filter((p) => !p.archived && p.track_id === t.id);
    const editor = trackForm(t, (fields) => act(() => api.updateTrack(current.ws, t.id, fields), `Track “${fields.name}” saved.`));
    const swap = (other) => act(async () => {
      // Positions are rewritten 0..n so that equal sort orders cannot stall a move.
      const order = all.map((x) => x.id);
      const j = order.indexOf(other.id);
      [order[index], order[j]] = [order[j], order[index]];
      for (let k = 0; k < order.length; k++) {
        const track = all.find((x) => x.id === order[k]);
        if (track.sortOrder !== k) await api.updateTrack(current.ws, track.id, { sortOrder: k });
      }
    });
    return h('section', {
      class: 'lane', style: { '--lane': t.color || PALETTE[index % PALETTE.length] }, 'aria-label': `Track ${t.name}`, 'data-track': t.id,
      ondragover: (ev) => { if (ev.dataTransfer.types.includes('text/x-plan')) { ev.preventDefault(); ev.currentTarget.classList.add('drop'); } },
      ondragleave: (ev) => ev.currentTarget.classList.remove('drop'),
      ondrop: (ev) => {
        ev.preventDefault();
        ev.currentTarget.classList.remove('drop');
        const plan = current.model.plans.find((p) => p.code === ev.dataTransfer.getData('text/x-plan'));
        if (plan && plan.track_id !== t.id) assign(plan, String(t.id));
      },
    },
    h('header', {},
      h('h2', {}, t.icon ? h('span', { class: 'icon', 'aria-hidden': 'true' }, t.icon) : null, t.name),
      h('span', { class: 'muted' }, 'plans done'),
      progress(t.doneCount ?? 0, t.workOrderCount ?? 0, 'plans '),
      h('span', { class: 'chip' }, `${t.readyCount ?? 0} with ready steps`),
      h('span', { class: 'lane-actions' },
        h('button', { class: 'ghost', type: 'button', 'aria-label': `Move ${t.name} up`, disabled: index === 0, onclick: () => swap(all[index - 1]) }, '↑'),
        h('button', { class: 'ghost', type: 'button', 'aria-label': `Move ${t.name} down`, disabled: index === all.length - 1, onclick: () => swap(all[index + 1]) }, '↓'),
        h('a', { class: 'button ghost', href: `#/graph/track/${t.id}` }, 'Graph'),
        h('button', {
          class: 'ghost danger', type: 'button', 'aria-label': `Delete track ${t.name}`,
          onclick: () => confirm(`Delete track “${t.name}”? Its plans stay, on no track.`) &&
            act(() => api.deleteTrack(current.ws, t.id), `Track “${t.name}” deleted.`),
        }, 'Delete'))),
    t.goal && h('p', { class: 'goal' }, h('strong', {}, 'Goal: '), t.goal),
    t.description && h('p', { class: 'desc' }, t.description),
    h('details', { class: 'edit' }, h('summary', {}, 'Edit'), editor),
    plans.length ? h('ul', { class: 'plans' }, plans.map(planRow)) : h('p', { class: 'none' }, 'No plans on this track yet: pick this track in a plan’s Track menu, or drag a plan here.'));
  };

  // A live refresh waits while someone types in a track's edit form.
  let deferred = null;
  lanes.addEventListener('focusout', () => setTimeout(() => {
    if (deferred && !lanes.querySelector('details.edit[open] :focus')) { const c = deferred; deferred = null; update(c); }
  }, 0));

  const update = (ctx2) => {
    if (lanes.querySelector('details.edit[open] :focus')) { deferred = ctx2; current = ctx2; return; }
    current = ctx2;
    const { tracks, plans } = current.model;
    const loose = plans.filter((p) => !p.archived && p.track_id == null);
    const openEdits = new Set([...lanes.querySelectorAll('details.edit[open]')].map((d) => d.closest('.lane').dataset.track));
    replace(lanes,
      tracks.length ? tracks.map((t, i) => lane(t, i, tracks)) : h('p', { class: 'empty' }, 'No tracks yet. A track is a goal-oriented stream of work: create one with “New track”.'),
      h('section', {
        class: 'lane loose', 'aria-label': 'Plans on no track',
        ondragover: (ev) => ev.preventDefault(),
        ondrop: (ev) => {
          const plan = plans.find((p) => p.code === ev.dataTransfer.getData('text/x-plan'));
          if (plan && plan.track_id != null) assign(plan, '');
        },
      }, h('header', {}, h('h2', {}, 'On no track'), h('span', { class: 'chip' }, `${loose.length} plan${loose.length === 1 ? '' : 's'}`)),
      loose.length ? h('ul', { class: 'plans' }, loose.map(planRow)) : h('p', { class: 'none' }, 'Every plan is on a track.')));
    for (const id of openEdits) lanes.querySelector(`.lane[data-track="${id}"] details.edit`)?.setAttribute('open', '');
  };
  update(ctx);
  return { update };
}

/** The fields of a track; `onSave(fields)` gets the seed's camelCase names. */
function trackForm(t, onSave) {
  const field = (name, label, attrs = {}) => h('label', {}, h('span', { class: 'label' }, label),
    h('input', { name, value: t[name] ?? '', ...attrs }));
  const form = h('form', { class: 'track-form' },
    field('name', 'Name', { required: true, maxlength: 200 }),
    field('goal', 'Goal'),
    field('description', 'Description'),
    h('label', {}, h('span', { class: 'label' }, 'Colour'), h('input', { name: 'color', type: 'color', value: t.color || PALETTE[0] })),
    field('icon', 'Icon', { maxlength: 8, size: 4, placeholder: '🚀' }),
    h('button', { type: 'submit' }, t.id ? 'Save' : 'Create track'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    const fields = {};
    for (const [k, v] of Object.entries(data)) if (v !== '' || t.id) fields[k] = v;
    onSave(fields);
  });
  return form;
}
