// The shell: sign-in, the navigation of the signed-in role, the hash router and the language.
import { h, mount, setToday } from './dom.js';
import { t, setLang, currentLang } from './i18n.js';
import { api, get, setCsrf, errorText } from './api.js';
import { connectEvents, disconnectEvents, setScanHandler } from './scan.js';
import { keepOnlyFor, forgetRoute, unsent, flush } from './queue.js';
import {
  loadPoints,
  pointsLoadedFor,
  visiblePoints,
  severalPoints,
  chosenPoint,
  choosePoint,
  forgetPoints,
} from './points.js';

export const session = { user: null };
const main = document.getElementById('main');
const routes = [];
// route('#/agreement/:id', (params) => element or Promise<element>, roles)
export function route(pattern, render, roles) {
  const names = [];
  const re = new RegExp(
    '^' +
      pattern.replace(/:(\w+)/g, (_, n) => {
        names.push(n);
        return '([^/]+)';
      }) +
      '$',
  );
  routes.push({ re, names, render, roles });
}

const NAV = {
  staff: [
    ['#/desk', 'nav.desk'],
    ['#/handover', 'nav.handover'],
    ['#/items', 'nav.items'],
    ['#/families', 'nav.families'],
    ['#/waiting', 'nav.waiting'],
    ['#/inspection', 'nav.inspection'],
    ['#/stocktake', 'nav.stocktake'],
    ['#/catalogue', 'nav.catalogue'],
    ['#/board', 'nav.board'],
  ],
  driver: [['#/route', 'nav.route']],
  supervisor: [
    ['#/board', 'nav.board'],
    ['#/reports', 'nav.reports'],
    ['#/items', 'nav.items'],
    ['#/families', 'nav.families'],
    ['#/waiting', 'nav.waiting'],
  ],
};
NAV.admin = [...NAV.staff, ['#/reports', 'nav.reports'], ['#/admin', 'nav.admin']];
const HOME = { staff: '#/desk', admin: '#/desk', driver: '#/route', supervisor: '#/board' };

export const home = () => HOME[session.user?.role] || '#/login';
// A role's home may depend on the state of the installation (an admin of a point that cannot
// lend yet starts at its first steps): `check` answers another hash, or null for the usual one.
const homeChecks = {};
export const setHomeCheck = (role, check) => {
  homeChecks[role] = check;
};
async function firstHome() {
  try {
    return (await homeChecks[session.user?.role]?.()) || home();
  } catch {
    return home();
  }
}
export const can = (...roles) => roles.includes(session.user?.role);
export const go = (hash) => {
  if (location.hash === hash) render();
  else location.hash = hash;
};

function header() {
  const nav = (NAV[session.user?.role] || []).map(([href, key]) =>
    h('a', { href, 'aria-current': location.hash.startsWith(href) ? 'page' : null }, t(key)),
  );
  const lang = h(
    'button',
    {
      type: 'button',
      class: 'link',
      lang: currentLang() === 'ru' ? 'en' : 'ru',
      onclick: () => {
        setLang(currentLang() === 'ru' ? 'en' : 'ru');
        render();
      },
    },
    t('lang.switch'),
  );
  const who = session.user
    ? `${session.user.display_name} · ${t('role.' + session.user.role)}`
    : '';
  const out = session.user
    ? h('button', { type: 'button', class: 'link', onclick: signOut }, t('nav.signout'))
    : null;
  const password = session.user
    ? h('a', { href: '#/password', class: 'link', id: 'own-password' }, t('nav.password'))
    : null;
  mount(
    document.getElementById('top'),
    h('a', { class: 'brand', href: home() }, t('app.name')),
    nav.length ? h('nav', { 'aria-label': t('nav.label') }, nav) : null,
    session.user && severalPoints() ? pointChooser() : null,
    h('span', { class: 'who', title: who || null }, who),
    lang,
    password,
    out,
  );
  document.title = t('app.name');
}

// Shown only to an account given more than one point: every list, report and new record then
// follows the point chosen here ("all" asks the server for all of the account's points).
function pointChooser() {
  const choice = h(
    'select',
    { id: 'point-choice' },
    [['', t('points.all')], ...visiblePoints().map((p) => [String(p.id), p.name])].map(
      ([value, label]) => h('option', { value, selected: value === chosenPoint() }, label),
    ),
  );
  choice.addEventListener('change', () => {
    choosePoint(choice.value);
    render();
  });
  return h(
    'span',
    { class: 'point-choice' },
    h('label', { for: 'point-choice' }, t('points.label')),
    choice,
  );
}

// The page asked for before signing in (a bookmark, a link, a session that expired), shown once
// signed in if the role may see it.
let returnTo = null;

let renders = 0;

export async function render() {
  // A page still loading when the next is asked for (the home page after sign-in, then a
  // link) must not be put over the newer one when its data finally comes.
  const generation = ++renders;
  const roles = ['staff', 'admin', 'supervisor'];
  if (session.user && roles.includes(session.user.role) && !pointsLoadedFor(session.user)) {
    try {
      await loadPoints(session.user);
    } catch {
      /* offline or signed out: no chooser, the lists ask for all of the account's points */
    }
    if (generation !== renders) return;
  }
  header();
  setScanHandler(null);
  const hash = location.hash || home();
  if (!session.user && hash !== '#/login') {
    returnTo = hash;
    return go('#/login');
  }
  for (const r of routes) {
    const m = hash.match(r.re);
    if (!m) continue;
    if (r.roles && !can(...r.roles)) return mount(main, missingPage('page.forbidden'));
    const params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
    try {
      const el = await r.render(params);
      if (generation !== renders) return;
      if (el) mount(main, el);
    } catch (e) {
      if (generation !== renders) return;
      mount(main, h('p', { class: 'error', role: 'alert' }, errorText(e)));
    }
    const heading = main.querySelector('h1');
    if (heading && !main.querySelector('#scan-field') && !main.contains(document.activeElement)) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    if (main.querySelector('#scan-field')) main.querySelector('#scan-field').focus();
    return;
  }
  if (hash === '#/' || hash === '#') go(home());
  else mount(main, missingPage('page.not_found'));
}

// Whether the signed-in role may open the page at `hash` (one that exists).
function permitted(hash) {
  const r = routes.find((x) => x.re.test(hash));
  return Boolean(r) && (!r.roles || can(...r.roles));
}

// A page that does not exist, or that the role may not see, says so instead of quietly
// showing another one.
function missingPage(key) {
  return h(
    'section',
    { class: 'card' },
    h('h1', {}, t(key)),
    h('p', {}, h('a', { href: home() }, t('page.home'))),
  );
}

// Messages that stay until the next one: errors with role=alert, others polite.
export function notify(text, kind = 'info') {
  const box = document.getElementById('notice');
  mount(
    box,
    text
      ? h('p', { class: 'notice ' + kind, role: kind === 'error' ? 'alert' : 'status' }, text)
      : null,
  );
}

function loginForm() {
  const login = h('input', {
    id: 'login',
    name: 'username',
    autocomplete: 'username',
    required: true,
    autocapitalize: 'off',
  });
  const password = h('input', {
    id: 'password',
    type: 'password',
    name: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'card login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, t('login.title')),
    h('div', { class: 'field' }, h('label', { for: 'login' }, t('login.login')), login),
    h('div', { class: 'field' }, h('label', { for: 'password' }, t('login.password')), password),
    error,
    h('button', { type: 'submit', class: 'primary' }, t('login.submit')),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const s = await api(
        'POST',
        '/session',
        { login: login.value.trim(), password: password.value },
        { onUnauthenticated: false },
      );
      startSession(s);
      await syncClock();
      const to = returnTo;
      returnTo = null;
      go(to && permitted(to) ? to : await firstHome());
    } catch (e) {
      error.textContent = e.code === 'invalid_credentials' ? t('login.wrong') : errorText(e);
      password.select();
    }
  });
  setTimeout(() => login.focus(), 0);
  return form;
}
route('#/login', loginForm);

function startSession(s) {
  const previous = JSON.parse(localStorage.getItem('prokat.user') || 'null');
  keepOnlyFor(s.user.id, previous?.id);
  session.user = s.user;
  setCsrf(s.csrf_token);
  localStorage.setItem('prokat.user', JSON.stringify(s.user));
  if (['staff', 'admin', 'supervisor'].includes(s.user.role)) connectEvents();
  offlineCopies(s.user.role === 'driver');
}

// The service worker keeps the UI's files so that the driver's page opens with no signal. At a
// desk it would only stand between the page and the server (every file fetched through it, on
// every page load), so other roles go without, and a worker left from a driver is removed.
function offlineCopies(wanted) {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  if (wanted)
    navigator.serviceWorker.register('/sw.js').catch(() => {
      /* the page still works online */
    });
  else
    navigator.serviceWorker
      .getRegistrations()
      .then((all) => all.forEach((r) => r.unregister()))
      .catch(() => {});
}

export async function syncClock() {
  try {
    setToday((await get('/clock')).today);
  } catch {
    /* offline: the browser's date */
  }
}

async function signOut() {
  if (unsent().length) await flush();
  const waiting = unsent().length;
  if (waiting && !window.confirm(t('signout.unsent', { n: waiting }))) return;
  try {
    await api('DELETE', '/session');
  } catch {
    /* gone already */
  }
  session.user = null;
  forgetPoints();
  localStorage.removeItem('prokat.user');
  forgetRoute();
  disconnectEvents();
  returnTo = null;
  go('#/login');
}

window.addEventListener('prokat:signed-out', () => {
  if (!session.user) return;
  session.user = null;
  forgetPoints();
  disconnectEvents();
  notify(t('login.expired'), 'error');
  returnTo = location.hash;
  go('#/login');
});
window.addEventListener('hashchange', () => {
  notify('');
  render();
});

export async function start() {
  const clock = api('GET', '/clock', undefined, { onUnauthenticated: false }).catch(() => null);
  try {
    startSession(await api('GET', '/session', undefined, { onUnauthenticated: false }));
    const c = await clock;
    if (c) setToday(c.today);
    if (!location.hash) history.replaceState(null, '', await firstHome());
  } catch (e) {
    // No signal: the driver keeps working from the cached route with the last user.
    const cached = localStorage.getItem('prokat.user');
    if (e.offline && cached) session.user = JSON.parse(cached);
  }
  render();
}
