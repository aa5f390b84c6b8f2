// The JSON API: one fetch wrapper that adds the CSRF token, sends JSON, and turns the server's
// error shape {"error":{code,category,message,field}} into an ApiError.
import { t } from './i18n.js';

let csrf = '';
export const setCsrf = (token) => {
  csrf = token || '';
};
export const hasCsrf = () => csrf !== '';

export class ApiError extends Error {
  constructor(status, error) {
    super(error.message || error.code);
    this.status = status; // 0 when the network failed
    this.code = error.code;
    this.category = error.category;
    this.field = error.field;
  }
  get offline() {
    return this.status === 0;
  }
}

// A random key for Idempotency-Key (crypto.randomUUID needs HTTPS; getRandomValues does not).
export function newKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export async function api(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json' };
  let payload;
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrf;
    if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
    if (body instanceof Blob) {
      headers['Content-Type'] = body.type;
      payload = body;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  let res;
  try {
    res = await fetch('/api/v1' + path, {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, { code: 'network', message: t('err.network') });
  }
  if (res.status === 204) return null;
  if (opts.blob && res.ok) return res.blob();
  let data = null;
  try {
    data = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    if (res.status === 401 && opts.onUnauthenticated !== false)
      window.dispatchEvent(new Event('prokat:signed-out'));
    throw new ApiError(
      res.status,
      data?.error || { code: 'http_' + res.status, message: res.statusText },
    );
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}, opts) => api('POST', path, body, opts);
export const patch = (path, body, opts) => api('PATCH', path, body, opts);
export const put = (path, body, opts) => api('PUT', path, body, opts);

// All pages of a list route (up to `max` items).
export async function getAll(path, max = 2000) {
  const out = [];
  let after = '';
  const sep = path.includes('?') ? '&' : '?';
  do {
    const page = await get(
      `${path}${sep}limit=500${after ? '&after=' + encodeURIComponent(after) : ''}`,
    );
    out.push(...page.items);
    after = page.next_cursor;
  } while (after && out.length < max);
  return out;
}

// A message for the person at the screen: the catalogue's text for a known code, else the server's.
export function errorText(e) {
  if (!(e instanceof ApiError)) return String(e?.message || e);
  const known = t('err.' + e.code);
  return known !== 'err.' + e.code ? known : e.message;
}

export const q = (params) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') s.set(k, v);
  const str = s.toString();
  return str ? '?' + str : '';
};
