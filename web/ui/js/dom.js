// A tiny element builder: no innerHTML anywhere, so text from the server is never markup.
//   h('button', {class: 'primary', onclick: fn, 'aria-label': t('x')}, t('save'))
const PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'indeterminate']);

export function h(tag, attrs, ...children) {
  const el = tag instanceof Element ? tag : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (PROPS.has(k)) el[k] = v;
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const SVG = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {}))
    if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

// Replaces the children of `el`.
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// Runs `fn` once the frame being prepared has been painted (or after 300 ms in a tab that is
// not drawn): for requests that are not part of what a screen shows first, which would otherwise
// share the machine with its first render.
export function afterPaint(fn) {
  let done = false;
  const once = () => {
    if (!done) {
      done = true;
      fn();
    }
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 300);
}

let idSeq = 0;
export const uid = (prefix = 'f') => `${prefix}-${++idSeq}`;

// A labelled form field: the <label for> names the control for assistive technology.
export function field(labelText, control, hint) {
  if (!control.id) control.id = uid();
  const hintEl = hint ? h('small', { class: 'hint', id: control.id + '-hint' }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, labelText), control, hintEl);
}

export function checkbox(labelText, attrs = {}) {
  const box = h('input', { type: 'checkbox', id: uid('c'), ...attrs });
  return { box, el: h('label', { class: 'check', for: box.id }, box, ' ', labelText) };
}

export function select(options, attrs = {}) {
  return h(
    'select',
    attrs,
    options.map(([value, label]) => h('option', { value, selected: value === attrs.value }, label)),
  );
}

export function table(headers, rows, caption) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      caption ? h('caption', {}, caption) : null,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((x) => h('th', { scope: 'col' }, x)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            {},
            r.map((c, i) => h('td', { 'data-label': headers[i] || null }, c)),
          ),
        ),
      ),
    ),
  );
}

// Today at the point, as the server's clock says (set at sign-in); the browser's date until then.
let serverToday = null;
export const setToday = (d) => {
  serverToday = d;
};
export const today = () => serverToday || new Date().toISOString().slice(0, 10);
export function addDays(date, n) {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// A card listing a record's printed documents: each link opens the server's PDF in a new tab.
// links: [{ href, label, doc }] (doc names the document for tests and styles); null entries are
// documents that do not exist yet and are left out.
export function documentsCard(title, links) {
  const present = links.filter(Boolean);
  if (!present.length) return null;
  const headingId = uid('docs');
  return h(
    'section',
    { class: 'card documents no-print', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, title),
    h(
      'ul',
      { class: 'doc-links' },
      present.map((l) =>
        h(
          'li',
          {},
          h(
            'a',
            {
              href: l.href,
              target: '_blank',
              rel: 'noopener',
              class: 'doc-link',
              'data-doc': l.doc,
            },
            l.label,
          ),
        ),
      ),
    ),
  );
}
