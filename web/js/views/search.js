// Search: memory_context "search" (full text, best match first) over the
// workspace's plans, steps, notes, context, knowledge and feedback, with the
// highlighted snippets; a hit opens where it lives (a step or plan in the
// plan view) or shows its text here.
import { api } from '../api.js';
import { h, replace } from '../dom.js';

const OPENABLE = { step: (hit) => `#/plan/${hit.plan_code ?? ''}/${hit.code}`, plan: (hit) => `#/plan/${hit.code}` };

export function mount(main, ctx) {
  let current = ctx;
  let generation = 0;
  const input = h('input', { type: 'search', id: 'search-page-q', value: ctx.params[0] ?? '', placeholder: 'words, "a phrase", prefix*, a OR b', autocomplete: 'off' });
  const kind = h('select', { 'aria-label': 'Kind of hit' }, h('option', { value: '' }, 'Everything'),
    ['step', 'plan', 'note', 'context', 'knowledge', 'research', 'feedback', 'section'].map((k) => h('option', { value: k }, k)));
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const form = h('form', { role: 'search', class: 'search-page',
    onsubmit: (ev) => { ev.preventDefault(); current.navigate(`#/search/${encodeURIComponent(input.value.trim())}`); } },
  h('label', { for: 'search-page-q', class: 'sr-only' }, 'Search'), input, kind, h('button', { type: 'submit' }, 'Search'));
  kind.addEventListener('change', () => run());
  main.append(h('div', { class: 'view-head' }, h('h1', {}, 'Search')), form, results);

  const hitView = (hit) => {
    const k = hit.kind;
    let code = hit.code;
    let planCode = hit.plan_code;
    if (k === 'step' && !planCode) planCode = current.model.steps.find((s) => s.code === code)?.plan_code;
    const href = OPENABLE[k] && code ? OPENABLE[k]({ ...hit, plan_code: planCode }) : null;
    const title = [code, hit.title].filter(Boolean).join(' ') || `${k} ${hit.id ?? ''}`;
    const snippet = h('p', { class: 'snippet' }, marked(hit.snippet ?? hit.text ?? ''));
    return h('li', { class: 'hit' },
      h('span', { class: `kind k-${k}` }, k), ' ',
      href ? h('a', { href, 'data-nav': true }, title) : h('button', {
        type: 'button', class: 'linklike', 'data-nav': true,
        onclick: (ev) => ev.currentTarget.closest('li').classList.toggle('expanded'),
      }, title),
      snippet);
  };

  async function run() {
    const q = (current.params[0] ?? '').trim();
    input.value = q;
    const mine = ++generation;
    if (!q) { replace(results, h('p', { class: 'muted' }, 'Type words to find steps, plans, notes and knowledge.')); return; }
    try {
      const r = await api.read('memory_context', 'search', { workspace: current.ws, query: q, kind: kind.value, limit: 50 });
      if (mine !== generation) return;
      const hits = r.hits ?? [];
      replace(results, hits.length
        ? [h('p', { class: 'muted' }, `${hits.length}${r.next_cursor ? '+' : ''} hits for “${q}”`), h('ol', { class: 'hits' }, hits.map(hitView))]
        : h('p', { class: 'empty' }, `Nothing matches “${q}”.`));
    } catch (e) {
      if (mine === generation) replace(results, h('p', { class: 'error' }, current.problemText(e)));
    }
  }

  const update = (ctx2) => {
    const again = ctx2.params[0] !== current.params[0];
    current = ctx2;
    if (again || !results.childElementCount) run();
  };
  run();
  if (!ctx.params[0]) input.focus();
  return { update };
}

/** A snippet with its **match** markers (the FTS5 highlight) as <mark>, the rest as text. */
function marked(snippet) {
  const parts = [];
  const re = /\*\*(.*?)\*\*/g;
  let last = 0;
  for (let m; (m = re.exec(snippet));) {
    parts.push(snippet.slice(last, m.index), h('mark', {}, m[1]));
    last = re.lastIndex;
  }
  parts.push(snippet.slice(last));
  return parts;
}
