// Scanning at the desk: one scan field that keeps the focus (a keyboard-wedge scanner types
// the code and Enter), the server's camera over the WebSocket, and a photo the server decodes.
// Every scan goes to the current screen's handler: setScanHandler(fn(code, source, lookup)).
import { h, uid } from './dom.js';
import { t } from './i18n.js';
import { api, errorText } from './api.js';
import { signal } from './feedback.js';

let handler = null;
let statusEl = null;
let fieldEl = null;
export const setScanHandler = (fn) => {
  handler = fn;
};

export function scanStatus(kind, text) {
  if (!statusEl) return;
  statusEl.textContent = text;
  statusEl.className = 'scan-status ' + kind;
  signal(kind, statusEl.closest('.scan-panel') || document.body);
}

async function dispatch(code, source, lookup) {
  if (!handler) return;
  try {
    await handler(code, source, lookup);
  } catch (e) {
    scanStatus('error', errorText(e));
  }
}

// A photo from the phone or the office camera as a JPEG of at most `side` px on its long side
// (this also turns HEIC or WebP into a format the server reads).
export async function shrinkPhoto(file, side = 1600, quality = 0.9) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
  const canvas = h('canvas', {
    width: Math.round(bitmap.width * scale),
    height: Math.round(bitmap.height * scale),
  });
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
}

export async function decodePhoto(file) {
  const answer = await api('POST', '/scan/decode', await shrinkPhoto(file));
  return answer.codes;
}

export function photoButton(onCodes, labelKey = 'scan.photo') {
  const input = h('input', {
    type: 'file',
    accept: 'image/*',
    capture: 'environment',
    id: uid('photo'),
    class: 'visually-hidden',
  });
  input.addEventListener('change', async () => {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    try {
      const codes = await decodePhoto(file);
      if (!codes.length) return scanStatus('error', t('scan.nothing_in_photo'));
      for (const c of codes) await onCodes(c);
    } catch (e) {
      scanStatus('error', errorText(e));
    }
  });
  return h(
    'span',
    { class: 'photo-button' },
    input,
    h('label', { for: input.id, class: 'button' }, t(labelKey)),
  );
}

// The scan panel of the desk: the field, the photo button and the last result.
export function scanPanel() {
  fieldEl = h('input', {
    id: 'scan-field',
    class: 'scan-field',
    type: 'text',
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    enterkeyhint: 'go',
    'aria-describedby': 'scan-status',
  });
  fieldEl.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter') return;
    ev.preventDefault();
    const code = fieldEl.value.trim();
    fieldEl.value = '';
    if (code) dispatch(code, 'keyboard');
  });
  statusEl = h(
    'p',
    { id: 'scan-status', class: 'scan-status', role: 'status', 'aria-live': 'assertive' },
    t('scan.ready'),
  );
  const photo = photoButton((c) => dispatch(c.text, 'photo', c.lookup));
  return h(
    'section',
    { class: 'scan-panel', 'aria-label': t('scan.panel') },
    h('label', { for: 'scan-field', class: 'scan-label' }, t('scan.label')),
    h('div', { class: 'scan-row' }, fieldEl, photo),
    statusEl,
  );
}

// Keeps the scan field focused: a click on nothing in particular gives the focus back, and the
// fast keystrokes of a scanner that arrive while a button has the focus go to the field.
function isEditable(el) {
  return (
    el &&
    (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)) &&
    el.id !== 'scan-field'
  );
}
export function focusScan() {
  if (
    fieldEl &&
    fieldEl.isConnected &&
    !isEditable(document.activeElement) &&
    !document.querySelector('dialog[open]')
  ) {
    fieldEl.focus({ preventScroll: true });
  }
}
document.addEventListener(
  'keydown',
  (ev) => {
    if (!fieldEl || !fieldEl.isConnected || ev.ctrlKey || ev.altKey || ev.metaKey) return;
    if (document.activeElement === fieldEl || isEditable(document.activeElement)) return;
    if (ev.key.length === 1 && /[0-9A-Za-zА-Яа-я\-(]/.test(ev.key))
      fieldEl.focus({ preventScroll: true });
  },
  true,
);
document.addEventListener('click', (ev) => {
  if (!ev.target.closest('a, button, input, select, textarea, label, canvas, summary, [tabindex]'))
    setTimeout(focusScan, 0);
});

// Live events: camera scans and other desks' changes. Reconnects with a growing pause.
let socket = null;
let changeListeners = [];
export const onChange = (fn) => {
  changeListeners.push(fn);
};
export function connectEvents() {
  if (socket) return;
  let pause = 1000;
  const open = () => {
    socket = new WebSocket(
      (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/events',
    );
    socket.onopen = () => {
      pause = 1000;
      document.body.dataset.live = 'on';
    };
    socket.onmessage = (m) => {
      let ev;
      try {
        ev = JSON.parse(m.data);
      } catch {
        return;
      }
      if (ev.type === 'scan' && ev.code) dispatch(ev.code, 'camera');
      if (ev.type === 'change') for (const fn of changeListeners) fn(ev);
    };
    socket.onclose = () => {
      document.body.dataset.live = 'off';
      if (!socket) return;
      setTimeout(() => socket && open(), pause);
      pause = Math.min(pause * 2, 30000);
    };
  };
  open();
}
export function disconnectEvents() {
  const s = socket;
  socket = null;
  changeListeners = [];
  if (s) s.close();
}
