// The driver's outbox: confirmations and failed-delivery reports made at the door are kept in
// localStorage (they survive closing the page) with their Idempotency-Key, and sent in order
// when there is a connection. A retry after a lost answer is harmless: the server answers the
// first result again and changes nothing.
import { api, ApiError, hasCsrf, setCsrf } from './api.js';
import { dataUrlToBlob } from './signature.js';

const KEY = 'prokat.outbox.v1';
// The driver's route as last fetched: recipients, phones, addresses (driver.js).
export const ROUTE_KEY = 'prokat.route.v1';
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

export const unsent = () => pending().filter((o) => !o.error);

// A phone may pass to another person: what it keeps belongs to the user who signed in on it,
// and nobody else may see it or send it. Called at every sign-in. Operations queued before they
// carried their user belong to `previousUserId` (the last user signed in on this browser).
export function keepOnlyFor(userId, previousUserId) {
  const route = JSON.parse(localStorage.getItem(ROUTE_KEY) || 'null');
  if (route && route.user_id !== userId) localStorage.removeItem(ROUTE_KEY);
  const ops = pending();
  const owned = ops.map((o) => ({ ...o, user_id: o.user_id ?? previousUserId }));
  const mine = owned.filter((o) => o.user_id === userId);
  if (mine.length !== ops.length || owned.some((o, i) => o.user_id !== ops[i].user_id)) save(mine);
}

// On sign-out the route goes; the user's unsent confirmations stay (he was warned), to be sent
// when he signs in again, and are dropped if someone else signs in first (keepOnlyFor).
export function forgetRoute() {
  localStorage.removeItem(ROUTE_KEY);
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
