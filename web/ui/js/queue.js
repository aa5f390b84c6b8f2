// The driver's outbox: confirmations and failed-delivery reports made at the door are kept in
// localStorage (they survive closing the page) with their Idempotency-Key, and sent in order
// when there is a connection. A retry after a lost answer is harmless: the server answers the
// first result again and changes nothing.
import { api, ApiError, hasCsrf, setCsrf } from './api.js';
import { dataUrlToBlob } from './signature.js';

const KEY = 'prokat.outbox.v1';
const listeners = new Set();

export const pending = () => JSON.parse(localStorage.getItem(KEY) || '[]');
const save = (ops) => {
  localStorage.setItem(KEY, JSON.stringify(ops));
  for (const fn of listeners) fn(ops);
};
export const onQueueChange = (fn) => {
  listeners.add(fn);
  return () => listeners.delete(fn);
};

export function enqueue(op) {
  save([...pending(), { ...op, created_at: Date.now(), attempts: 0 }]);
  flush();
}

export function drop(key) {
  save(pending().filter((o) => o.key !== key));
}

let flushing = null;
export function flush() {
  flushing =
    flushing ||
    run().finally(() => {
      flushing = null;
    });
  return flushing;
}

async function send(op) {
  if (op.type === 'confirm') {
    if (!op.body.signature_ref) {
      const sig = await api(
        'POST',
        `/deliveries/${op.delivery_id}/signature`,
        dataUrlToBlob(op.signature),
        { idempotencyKey: op.key + '-sig' },
      );
      op.body.signature_ref = sig.signature_ref;
      update(op);
    }
    return api('POST', `/deliveries/${op.delivery_id}/confirm`, op.body, {
      idempotencyKey: op.key,
    });
  }
  return api('POST', `/deliveries/${op.delivery_id}/fail`, op.body, { idempotencyKey: op.key });
}

function update(op) {
  save(pending().map((o) => (o.key === op.key ? op : o)));
}

// A page opened with no signal has no CSRF token yet: ask for the session first.
async function ensureSession() {
  if (hasCsrf()) return;
  const s = await api('GET', '/session', undefined, { onUnauthenticated: false });
  setCsrf(s.csrf_token);
}

async function run() {
  if (!pending().some((o) => !o.error)) return;
  try {
    await ensureSession();
  } catch {
    return; // offline, or signed out: the outbox waits (the route screen says so)
  }
  for (const op of pending()) {
    if (op.error) continue; // refused by the server: shown to the driver, not retried blindly
    try {
      op.attempts += 1;
      await send(op);
      save(pending().filter((o) => o.key !== op.key));
    } catch (e) {
      if (e instanceof ApiError && e.offline) {
        update(op);
        return;
      }
      if (
        e instanceof ApiError &&
        (e.status === 401 || e.status >= 500 || e.code === 'csrf_token_invalid')
      ) {
        if (e.code === 'csrf_token_invalid') setCsrf('');
        update(op);
        return;
      }
      op.error = e.message || String(e);
      update(op);
    }
  }
}

window.addEventListener('online', () => flush());
setInterval(() => {
  if (pending().some((o) => !o.error)) flush();
}, 15000);
