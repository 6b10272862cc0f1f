// The REST API of the server this page came from: the seed routes
// (/repos/:ws/tracks, /tasks) and the generic tool route (/api/tools/...).
// The bearer token lives in sessionStorage (this tab, until it closes); the
// person's name, recorded as the actor of every write, in localStorage.

const TOKEN_KEY = 'pm-token';
const ACTOR_KEY = 'pm-actor';

/** A refusal or failure with the server's own words (an RFC 9457 problem's detail). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

/** The server could not be reached at all. */
export class Unreachable extends Error {}

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY) || ''; },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value); else sessionStorage.removeItem(TOKEN_KEY);
  },
  get actor() { return localStorage.getItem(ACTOR_KEY) || ''; },
  set actor(value) {
    if (value) localStorage.setItem(ACTOR_KEY, value); else localStorage.removeItem(ACTOR_KEY);
  },
};

/** Called with the ApiError when a request needs a token; resolves once one is given. */
let onUnauthorized = null;
let asking = null;  // one prompt for every request refused meanwhile
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }
function askOnce(error) {
  asking ??= onUnauthorized(error).finally(() => { asking = null; });
  return asking;
}

async function request(method, path, body, retried = false) {
  const headers = { Accept: 'application/json' };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    throw new Unreachable(`the server does not answer (${e.message})`);
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
  if (res.status === 401 && onUnauthorized && !retried) {
    await askOnce(new ApiError(401, data));
    return request(method, path, body, true);
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

export const api = {
  get: (path, params) => request('GET', path + query(params)),
  send: (method, path, body) => request(method, path, body ?? {}),

  /** A read-only action: GET /api/tools/:tool/:action?args. */
  read: (tool, action, args) => request('GET', `/api/tools/${enc(tool)}/${enc(action)}${query(args)}`),

  /** A writing action, as the person: POST /api/tools/:tool/:action with agent set when the action takes one. */
  write: (tool, action, args, { actor = true } = {}) =>
    request('POST', `/api/tools/${enc(tool)}/${enc(action)}`,
      actor && session.actor ? { agent: session.actor, ...args } : { ...args }),

  /** Every page of a listing action, concatenated under `key`. */
  async readAll(tool, action, args, key, cap = 20) {
    const rows = [];
    let cursor;
    for (let page = 0; page < cap; page++) {
      const r = await api.read(tool, action, { ...args, limit: 500, cursor });
      rows.push(...(r[key] ?? []));
      cursor = r.next_cursor;
      if (!cursor) break;
    }
    return rows;
  },

  tracks: (ws) => request('GET', `/repos/${enc(ws)}/tracks`),
  createTrack: (ws, body) => request('POST', `/repos/${enc(ws)}/tracks`, withActor(body)),
  updateTrack: (ws, id, body) => request('PUT', `/repos/${enc(ws)}/tracks/${enc(id)}`, withActor(body)),
  deleteTrack: (ws, id) => request('DELETE', `/repos/${enc(ws)}/tracks/${enc(id)}`, withActor({})),
  assignTrack: (ws, plan, trackId) =>
    request('PUT', `/repos/${enc(ws)}/work-orders/${enc(plan)}/track`, withActor({ trackId })),
  task: (ws, code) => request('GET', `/tasks/${enc(code)}${query({ project: ws })}`),
  moveTask: (ws, code, status, extra = {}) =>
    request('PATCH', `/tasks/${enc(code)}`, withActor({ project: ws, status, ...extra })),
};

function withActor(body) {
  return session.actor ? { agent: session.actor, ...body } : body;
}
