// The web view's shell: workspace switcher, hash routes (#/board,
// #/plan/P3, #/plan/P3/T7, #/graph/P3, #/graph/track/2, #/search/words,
// #/tracks; "?ws=CODE" picks the workspace), sign-in when the server asks for
// a token, the live refresh (a change token polled every 1.5 s) and the
// keyboard.
import { api, ApiError, Unreachable, session, setUnauthorizedHandler } from './api.js';
import { typing } from './dom.js';
import { changeToken, loadWorkspace } from './model.js';
import * as board from './views/board.js';
import * as graph from './views/graph.js';
import * as plan from './views/plan.js';
import * as search from './views/search.js';
import * as tracks from './views/tracks.js';

const VIEWS = { tracks, board, plan, graph, search };
const ORDER = ['tracks', 'board', 'plan', 'graph', 'search'];
const POLL_MS = 1500;
const WS_KEY = 'pm-workspace';

const $ = (id) => document.getElementById(id);
const state = { ws: '', model: null, token: null, view: null, viewName: '', routeKey: '', polling: false };

// --- messages ---------------------------------------------------------------

let toastTimer;
export function toast(message, kind = 'info') {
  const el = $('toast');
  el.textContent = message;
  el.className = `toast ${kind}`;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, kind === 'error' ? 9000 : 4000);
}

function banner(message) {
  const el = $('banner');
  el.hidden = !message;
  el.textContent = message ?? '';
}

function problemText(e) {
  return e instanceof ApiError || e instanceof Unreachable ? e.message : `Unexpected error: ${e.message}`;
}

// --- sign-in ----------------------------------------------------------------

function askForToken(error) {
  return new Promise((resolve, reject) => {
    const dialog = $('login');
    $('login-why').textContent = session.token
      ? `The token was refused: ${error.message}`
      : `This server needs a token (${error.message}).`;
    $('login-token').value = '';
    $('login-actor').value = session.actor;
    const done = (ok) => {
      dialog.close();
      $('login-form').onsubmit = null;
      $('login-cancel').onclick = null;
      if (ok) resolve(); else reject(error);
    };
    $('login-form').onsubmit = (ev) => {
      ev.preventDefault();
      session.token = $('login-token').value.trim();
      if ($('login-actor').value.trim()) session.actor = $('login-actor').value.trim();
      showActor();
      done(true);
    };
    $('login-cancel').onclick = () => done(false);
    if (!dialog.open) dialog.showModal();
    $('login-token').focus();
  });
}

function showActor() {
  $('who').textContent = `you: ${session.actor || 'web'}`;
}

// --- routes -----------------------------------------------------------------

export function parseHash(hash = location.hash) {
  const [path, queryText] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const name = VIEWS[parts[0]] ? parts[0] : 'board';
  return { name, params: VIEWS[parts[0]] ? parts.slice(1) : [], query: new URLSearchParams(queryText ?? '') };
}

export function navigate(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

function context(routeInfo) {
  return {
    ws: state.ws,
    model: state.model,
    params: routeInfo.params,
    query: routeInfo.query,
    toast,
    navigate,
    refresh: () => refresh(true),
    problemText,
  };
}

async function route() {
  const info = parseHash();
  const wanted = info.query.get('ws');
  if (wanted && wanted !== state.ws) {
    await selectWorkspace(wanted);
    return;
  }
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.view === info.name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  const key = `${info.name}/${info.params.join('/')}`;
  if (!state.model) return;
  if (state.view && state.routeKey === key) {
    state.view.update?.(context(info));
    return;
  }
  state.view?.destroy?.();
  state.routeKey = key;
  state.viewName = info.name;
  const main = $('main');
  main.replaceChildren();
  main.dataset.view = info.name;
  document.title = `${info.name[0].toUpperCase()}${info.name.slice(1)} · ${state.ws} · project-memory`;
  state.view = VIEWS[info.name].mount(main, context(info));
}

// --- data -------------------------------------------------------------------

async function refresh(force = false) {
  if (!state.ws) return;
  try {
    const token = await changeToken(state.ws);
    if (!force && token === state.token && state.model) { banner(''); return; }
    const model = await loadWorkspace(state.ws);
    state.token = token;
    state.model = model;
    banner('');
    document.body.dataset.token = token;
    await route();
  } catch (e) {
    if (e instanceof Unreachable) banner('The server is unreachable — retrying. What you see may be out of date.');
    else if (e instanceof ApiError && e.status === 401) banner('Signed out: reload the page to sign in again.');
    else banner(problemText(e));
  }
}

function poll() {
  if (state.polling) return;
  state.polling = true;
  const tick = async () => {
    if (!document.hidden) await refresh(false);
    setTimeout(tick, POLL_MS);
  };
  setTimeout(tick, POLL_MS);
}

async function selectWorkspace(code) {
  state.ws = code;
  state.token = null;
  state.model = null;
  state.routeKey = '';
  localStorage.setItem(WS_KEY, code);
  const select = $('workspace');
  if ([...select.options].some((o) => o.value === code)) select.value = code;
  await refresh(true);
}

async function loadWorkspaces() {
  const list = await api.readAll('memory_workspace', 'list', {}, 'workspaces');
  const select = $('workspace');
  select.replaceChildren(...list.map((w) => new Option(w.name && w.name !== w.code ? `${w.code} — ${w.name}` : w.code, w.code)));
  if (!list.length) {
    $('main').replaceChildren(Object.assign(document.createElement('p'), {
      className: 'empty',
      textContent: 'No workspace yet. Register one: project-memory register (in a project directory), or memory_workspace action "register".',
    }));
    return null;
  }
  const fromHash = parseHash().query.get('ws');
  const remembered = localStorage.getItem(WS_KEY);
  let here = null;
  try { here = (await api.read('memory_workspace', 'get', {})).workspace?.code; } catch { /* the server's directory is no workspace */ }
  const codes = list.map((w) => w.code);
  return [fromHash, remembered, here, codes[0]].find((c) => c && codes.includes(c));
}

// --- keyboard ---------------------------------------------------------------

function navItems() {
  return [...document.querySelectorAll('#main [data-nav]')].filter((el) => el.offsetParent !== null);
}

function onKey(ev) {
  if (ev.key === 'Escape') {
    const t = $('toast');
    if (!t.hidden) t.hidden = true;
    return;
  }
  if (typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (ev.key === '/') { ev.preventDefault(); $('q').focus(); $('q').select(); return; }
  if (ev.key === '?') { $('help').showModal(); return; }
  const n = Number(ev.key);
  if (n >= 1 && n <= ORDER.length) { navigate(`#/${ORDER[n - 1]}`); return; }
  if (['j', 'k', 'ArrowDown', 'ArrowUp'].includes(ev.key)) {
    const items = navItems();
    if (!items.length) return;
    const i = items.indexOf(document.activeElement);
    const step = ev.key === 'j' || ev.key === 'ArrowDown' ? 1 : -1;
    const next = items[i < 0 ? 0 : Math.max(0, Math.min(items.length - 1, i + step))];
    ev.preventDefault();
    next.focus();
    next.scrollIntoView({ block: 'nearest' });
    return;
  }
  state.view?.key?.(ev);
}

// --- start ------------------------------------------------------------------

async function start() {
  setUnauthorizedHandler(askForToken);
  showActor();
  $('who').addEventListener('click', () => {
    const name = prompt('Your name, recorded with every change you make here:', session.actor || '');
    if (name !== null) { session.actor = name.trim(); showActor(); }
  });
  $('workspace').addEventListener('change', (ev) => selectWorkspace(ev.target.value));
  $('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate(`#/search/${encodeURIComponent($('q').value.trim())}`);
  });
  window.addEventListener('hashchange', route);
  document.addEventListener('keydown', onKey);
  await boot();
}

async function boot() {
  try {
    const code = await loadWorkspaces();
    if (code) await selectWorkspace(code);
  } catch (e) {
    banner(e instanceof Unreachable ? 'The server is unreachable — retrying.' : problemText(e));
    setTimeout(boot, 3000);
    return;
  }
  poll();
}

start();
