// Small DOM helpers: elements built from data (text is always set as text,
// never parsed as HTML), times and durations for people.

/**
 * h('div', {class: 'card', onclick: fn, 'aria-label': 'x'}, 'text', child, [more])
 * Attributes starting with "on" become listeners; null/false attributes and
 * children are skipped; `dataset` and `style` may be objects.
 */
export function h(tag, attrs = {}, ...children) {
  const el = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'style' && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) el.style.setProperty(k, v);
    } else if (key === 'value' && 'value' in el) {
      if (el instanceof HTMLInputElement) el.defaultValue = value;  // what form.reset() returns to
      el.value = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** "14m left", "1h05m left", "expired"; "" without a time. */
export function leaseLeft(iso, now = Date.now()) {
  if (!iso) return '';
  const end = Date.parse(iso);
  if (Number.isNaN(end)) return '';
  const minutes = Math.ceil((end - now) / 60000);
  if (minutes <= 0) return 'lease expired';
  if (minutes < 60) return `${minutes}m left`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m left`;
  return `${Math.floor(minutes / 1440)}d${Math.floor((minutes % 1440) / 60)}h left`;
}

/** "3 min ago", "2 h ago", or the date. */
export function ago(iso, now = Date.now()) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso ?? '';
  const s = Math.round((now - t) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(t).toISOString().slice(0, 10);
}

/** A progress bar: done of total, with a label for screen readers. */
export function progress(done, total, label = '') {
  const pct = total > 0 ? Math.round((done / total) * 100) : 0;
  return h('span', { class: 'progress', role: 'img', 'aria-label': `${label}${done} of ${total} done` },
    h('span', { class: 'bar' }, h('span', { class: 'fill', style: { width: `${pct}%` } })),
    h('span', { class: 'count' }, `${done}/${total}`));
}

/** The status badge: symbol and word, coloured by CSS. */
export function badge(status, text = status.replace('_', ' ')) {
  return h('span', { class: `badge s-${status}` }, text);
}

/** Whether a key event comes from a field the person types in. */
export function typing(event) {
  const t = event.target;
  return t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
}
