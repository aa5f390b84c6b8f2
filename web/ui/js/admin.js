// Administration: users, points, organisation details, settings, usage rules, document
// templates, and the first steps of a new point. Every user's own password is here too.
import { h, mount, field, checkbox, select, table } from './dom.js';
import { t, fmtDate } from './i18n.js';
import { api, get, getAll, post, patch, put, newKey, errorText, ApiError } from './api.js';
import { route, go, home, notify, setHomeCheck, session } from './app.js';
import { loadPoints } from './points.js';

const ROLES = ['staff', 'driver', 'supervisor', 'admin'];
const ONE_POINT = new Set(['staff', 'driver']);

// The server's message for a field it refused is English: name the field in the page's words.
function adminError(e) {
  if (e instanceof ApiError && e.code === 'invalid_argument' && e.field) {
    const key = 'adm.f.' + e.field;
    const name = t(key) !== key ? t(key) : e.field;
    return t('adm.bad_field', { field: name });
  }
  return errorText(e);
}

// Runs `work` with the form's submit button disabled, and shows its error in `error`.
async function submitting(form, error, work) {
  const button = form.querySelector('button[type=submit]');
  if (button?.disabled) return;
  if (button) button.disabled = true;
  error.textContent = '';
  try {
    await work();
  } catch (e) {
    error.textContent = adminError(e);
  } finally {
    if (button) button.disabled = false;
  }
}

const errorBox = () => h('p', { class: 'error', role: 'alert' });
const back = () => h('p', {}, h('a', { href: '#/admin' }, t('adm.back')));

// ---------------------------------------------------------------------------------------------
// The first steps of a new point: what the desk needs before it can lend, computed from the API.

async function setupSteps() {
  const [org, points, rules, types, items, staff] = await Promise.all([
    get('/organization'),
    get('/points'),
    get('/rules'),
    get('/item-types'),
    get('/items?limit=1'),
    get('/users?role=staff&limit=1'),
  ]);
  return [
    ['organization', Boolean(org.name && org.address && org.director), '#/admin/organization'],
    ['point', points.items.length > 0, '#/admin/points'],
    ['rules', rules.items.length > 0, '#/admin/rules'],
    ['type', types.items.length > 0, '#/catalogue/types'],
    ['item', items.items.length > 0, '#/catalogue/items/new'],
    ['staff', staff.items.length > 0, '#/admin/users'],
  ];
}

// An admin whose desk cannot lend yet (no point or no item) starts at the checklist.
setHomeCheck('admin', async () => {
  const [points, items] = await Promise.all([get('/points'), get('/items?limit=1')]);
  return points.items.length && items.items.length ? null : '#/admin';
});

const SCREENS = [
  ['#/admin/users', 'adm.users.title'],
  ['#/admin/points', 'adm.points.title'],
  ['#/admin/organization', 'adm.org.title'],
  ['#/admin/settings', 'adm.settings.title'],
  ['#/admin/rules', 'adm.rules.title'],
  ['#/admin/templates', 'adm.tpl.title'],
];

route(
  '#/admin',
  async () => {
    const steps = await setupSteps();
    const done = steps.filter(([, ok]) => ok).length;
    return h(
      'section',
      { class: 'admin' },
      h('h1', {}, t('adm.title')),
      h(
        'div',
        { class: 'card', 'aria-labelledby': 'adm-steps' },
        h('h2', { id: 'adm-steps' }, t('adm.steps.title')),
        h(
          'p',
          { class: 'muted', id: 'adm-steps-count' },
          t('adm.steps.count', { done, n: steps.length }),
        ),
        h(
          'ol',
          { class: 'checklist' },
          steps.map(([key, ok, href]) =>
            h(
              'li',
              { class: ok ? 'done' : 'todo', 'data-step': key },
              h('span', { class: 'mark', 'aria-hidden': 'true' }, ok ? '✓' : '○'),
              h('a', { href }, t('adm.step.' + key)),
              ' ',
              h('span', { class: 'visually-hidden' }, ok ? t('adm.step.done') : t('adm.step.todo')),
            ),
          ),
        ),
      ),
      h(
        'nav',
        { class: 'card', 'aria-label': t('adm.screens') },
        h('h2', {}, t('adm.screens')),
        h(
          'ul',
          { class: 'admin-links' },
          SCREENS.map(([href, key]) => h('li', {}, h('a', { href }, t(key)))),
        ),
      ),
    );
  },
  ['admin'],
);

// ---------------------------------------------------------------------------------------------
// Users.

// The points editor of an account: one point for staff and drivers; for supervisors and admins
// the main point, more points, or every point. `value()` is the body the API takes.
function pointsPicker(points, role, user = {}) {
  const main = select(
    points.map((p) => [String(p.id), `${p.name} (${p.code})`]),
    { value: String(user.point_id ?? points[0]?.id ?? '') },
  );
  const all = checkbox(t('adm.users.all_points'), { checked: Boolean(user.all_points) });
  const extra = points.map((p) => ({
    p,
    ...checkbox(p.name, {
      checked: (user.points || []).includes(p.id) && p.id !== user.point_id,
      'data-point': p.id,
    }),
  }));
  const more = h(
    'fieldset',
    { class: 'more-points' },
    h('legend', {}, t('adm.users.more_points')),
    all.el,
    extra.map((x) => x.el),
  );
  const el = h('div', {}, field(t('adm.users.point'), main), more);
  const setRole = (r) => {
    role = r;
    more.hidden = ONE_POINT.has(r);
  };
  setRole(role);
  return {
    el,
    setRole,
    value: () =>
      ONE_POINT.has(role)
        ? { point_id: Number(main.value), points: [], all_points: false }
        : {
            point_id: Number(main.value),
            points: extra
              .filter((x) => x.box.checked && String(x.p.id) !== main.value)
              .map((x) => x.p.id),
            all_points: all.box.checked,
          },
  };
}

function pointsText(u, byId) {
  if (u.all_points) return t('adm.users.every_point');
  return (u.points || []).map((id) => byId.get(id)?.name || '#' + id).join(', ');
}

function newUserForm(points, done) {
  const login = h('input', { required: true, autocapitalize: 'off', autocomplete: 'off' });
  const name = h('input', { required: true });
  const role = select(
    ROLES.map((r) => [r, t('role.' + r)]),
    { value: 'staff' },
  );
  const password = h('input', {
    type: 'password',
    required: true,
    minlength: 8,
    autocomplete: 'new-password',
  });
  const picker = pointsPicker(points, 'staff');
  role.addEventListener('change', () => picker.setRole(role.value));
  const error = errorBox();
  const key = newKey();
  const form = h(
    'form',
    { class: 'card', id: 'new-user', 'aria-labelledby': 'new-user-title' },
    h('h2', { id: 'new-user-title' }, t('adm.users.new')),
    h(
      'div',
      { class: 'row' },
      field(t('adm.f.login'), login),
      field(t('adm.f.display_name'), name),
      field(t('adm.f.role'), role),
      field(t('adm.f.password'), password, t('adm.users.password_hint')),
    ),
    picker.el,
    error,
    h('button', { type: 'submit', class: 'primary' }, t('adm.users.create')),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submitting(form, error, async () => {
      const u = await post(
        '/users',
        {
          login: login.value.trim(),
          display_name: name.value.trim(),
          role: role.value,
          password: password.value,
          ...picker.value(),
        },
        { idempotencyKey: key },
      );
      notify(t('adm.users.created', { login: u.login }), 'ok');
      done();
    });
  });
  return form;
}

// What an admin changes on an existing account: its points, whether it may sign in, a new
// password (the user's sessions end with each).
function userEditor(u, points, done) {
  const picker = pointsPicker(points, u.role, u);
  const error = errorBox();
  const pointsForm = h(
    'form',
    { class: 'subform', id: 'user-points' },
    h('h3', {}, t('adm.users.points_of')),
    picker.el,
    h('button', { type: 'submit' }, t('adm.save')),
  );
  pointsForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submitting(pointsForm, error, async () => {
      await post(`/users/${u.id}/points`, picker.value());
      notify(t('adm.users.points_saved', { login: u.login }), 'ok');
      done();
    });
  });
  const password = h('input', {
    type: 'password',
    required: true,
    minlength: 8,
    autocomplete: 'new-password',
  });
  const passwordForm = h(
    'form',
    { class: 'subform', id: 'user-password' },
    h('h3', {}, t('adm.users.reset_password')),
    field(t('adm.f.password'), password, t('adm.users.password_hint')),
    h('button', { type: 'submit' }, t('adm.users.set_password')),
  );
  passwordForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submitting(passwordForm, error, async () => {
      await post(`/users/${u.id}/password`, { password: password.value });
      password.value = '';
      notify(t('adm.users.password_set', { login: u.login }), 'ok');
    });
  });
  const activeForm = h(
    'form',
    { class: 'subform', id: 'user-active' },
    h(
      'button',
      { type: 'submit', class: u.active ? 'danger' : '' },
      u.active ? t('adm.users.deactivate') : t('adm.users.activate'),
    ),
  );
  activeForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submitting(activeForm, error, async () => {
      await post(`/users/${u.id}/active`, { active: !u.active });
      notify(
        t(u.active ? 'adm.users.deactivated' : 'adm.users.activated', { login: u.login }),
        'ok',
      );
      done();
    });
  });
  return h(
    'div',
    { class: 'card', id: 'user-editor', 'aria-labelledby': 'user-editor-title' },
    h('h2', { id: 'user-editor-title' }, `${u.display_name} (${u.login})`),
    error,
    pointsForm,
    passwordForm,
    activeForm,
  );
}

route(
  '#/admin/users',
  async () => {
    const box = h('section', { class: 'admin' });
    const draw = async (editing) => {
      const [users, points] = await Promise.all([
        getAll('/users?include_inactive=true'),
        get('/points').then((r) => r.items),
      ]);
      const byId = new Map(points.map((p) => [p.id, p]));
      const editor = h('div', { id: 'user-editor-slot' });
      const open = (u) => {
        mount(
          editor,
          userEditor(u, points, () => draw(u.id)),
        );
        editor.scrollIntoView?.({ block: 'nearest' });
      };
      mount(
        box,
        h('h1', {}, t('adm.users.title')),
        back(),
        table(
          [
            t('adm.f.login'),
            t('adm.f.display_name'),
            t('adm.f.role'),
            t('adm.users.points'),
            t('adm.users.active'),
            '',
          ],
          users.map((u) => [
            u.login,
            u.display_name,
            t('role.' + u.role),
            pointsText(u, byId),
            u.active ? t('adm.yes') : h('span', { class: 'missing' }, t('adm.no')),
            h(
              'button',
              { type: 'button', 'data-login': u.login, onclick: () => open(u) },
              t('adm.change'),
            ),
          ]),
          t('adm.users.list'),
        ),
        editor,
        newUserForm(points, () => draw()),
      );
      const again = users.find((u) => u.id === editing);
      if (again) open(again);
    };
    await draw();
    return box;
  },
  ['admin'],
);

// ---------------------------------------------------------------------------------------------
// One's own password, every role.

route('#/password', () => {
  const current = h('input', {
    type: 'password',
    required: true,
    autocomplete: 'current-password',
    id: 'pw-current',
  });
  const next = h('input', {
    type: 'password',
    required: true,
    minlength: 8,
    autocomplete: 'new-password',
    id: 'pw-new',
  });
  const again = h('input', {
    type: 'password',
    required: true,
    minlength: 8,
    autocomplete: 'new-password',
    id: 'pw-again',
  });
  const error = errorBox();
  const form = h(
    'form',
    { class: 'card login', 'aria-labelledby': 'pw-title' },
    h('h1', { id: 'pw-title' }, t('adm.pw.title')),
    field(t('adm.pw.current'), current),
    field(t('adm.pw.new'), next, t('adm.users.password_hint')),
    field(t('adm.pw.again'), again),
    h('p', { class: 'muted' }, t('adm.pw.note')),
    error,
    h('button', { type: 'submit', class: 'primary' }, t('adm.pw.submit')),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (next.value !== again.value) {
      error.textContent = t('adm.pw.mismatch');
      return;
    }
    submitting(form, error, async () => {
      await api(
        'POST',
        '/session/password',
        { current_password: current.value, new_password: next.value },
        { onUnauthenticated: false },
      );
      // Every session of the account ended with the old password: sign in with the new one,
      // and land at home rather than back here.
      history.replaceState(null, '', home());
      window.dispatchEvent(new Event('prokat:signed-out'));
      notify(t('adm.pw.done'), 'ok');
    });
  });
  return form;
});

// ---------------------------------------------------------------------------------------------
// Rental points.

function pointForm(p, done) {
  const name = h('input', { required: true, value: p?.name || '' });
  const address = h('input', { value: p?.address || '' });
  const code = h('input', {
    required: true,
    value: p?.code || '',
    disabled: Boolean(p),
    pattern: '[A-Za-z0-9]{2,8}',
    autocapitalize: 'characters',
  });
  const error = errorBox();
  const key = newKey();
  const form = h(
    'form',
    { class: 'card', id: p ? 'edit-point' : 'new-point' },
    h('h2', {}, p ? t('adm.points.edit', { code: p.code }) : t('adm.points.new')),
    h(
      'div',
      { class: 'row' },
      field(t('adm.f.name'), name),
      field(t('adm.f.address'), address),
      field(t('adm.f.code'), code, p ? t('adm.points.code_stays') : t('adm.points.code_hint')),
    ),
    error,
    h('button', { type: 'submit', class: 'primary' }, p ? t('adm.save') : t('adm.points.create')),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submitting(form, error, async () => {
      const body = { name: name.value.trim(), address: address.value.trim() };
      if (p) await patch(`/points/${p.id}`, body);
      else await post('/points', { ...body, code: code.value.trim() }, { idempotencyKey: key });
      // the header's chooser and every new record's point follow the list at once
      await loadPoints(session.user);
      notify(t('adm.points.saved', { name: body.name }), 'ok');
      done();
    });
  });
  return form;
}

route(
  '#/admin/points',
  async () => {
    const box = h('section', { class: 'admin' });
    const draw = async () => {
      const points = (await get('/points')).items;
      const editor = h('div', {});
      mount(
        box,
        h('h1', {}, t('adm.points.title')),
        back(),
        table(
          [t('adm.f.code'), t('adm.f.name'), t('adm.f.address'), ''],
          points.map((p) => [
            p.code,
            p.name,
            p.address,
            h(
              'button',
              {
                type: 'button',
                'data-code': p.code,
                onclick: () => mount(editor, pointForm(p, draw)),
              },
              t('adm.change'),
            ),
          ]),
          t('adm.points.list'),
        ),
        editor,
        pointForm(null, draw),
      );
    };
    await draw();
    return box;
  },
  ['admin'],
);

// ---------------------------------------------------------------------------------------------
// Organisation details: the letterhead of every printed document.

const ORG_FIELDS = ['name', 'address', 'director', 'director_title', 'city', 'phone'];

route(
  '#/admin/organization',
  async () => {
    const org = await get('/organization');
    const inputs = Object.fromEntries(
      ORG_FIELDS.map((k) => [
        k,
        k === 'name'
          ? h('textarea', { name: k, value: org[k] || '', rows: 2 })
          : h('input', { name: k, value: org[k] || '' }),
      ]),
    );
    const error = errorBox();
    const form = h(
      'form',
      { class: 'card', id: 'org-form' },
      h('p', { class: 'muted' }, t('adm.org.note')),
      ORG_FIELDS.map((k) => field(t('adm.org.' + k), inputs[k], t('adm.org.' + k + '_hint'))),
      error,
      h('button', { type: 'submit', class: 'primary' }, t('adm.save')),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      submitting(form, error, async () => {
        await put(
          '/organization',
          Object.fromEntries(ORG_FIELDS.map((k) => [k, inputs[k].value.trim()])),
        );
        notify(t('adm.org.saved'), 'ok');
      });
    });
    return h('section', { class: 'admin' }, h('h1', {}, t('adm.org.title')), back(), form);
  },
  ['admin'],
);

// ---------------------------------------------------------------------------------------------
// Settings: each with its bounds, in force as soon as saved.

const SETTINGS = [
  'min_term_months',
  'max_term_months',
  'max_total_term_months',
  'reservation_lapse_days',
  'custody_default_days',
  'utc_offset_minutes',
];

route(
  '#/admin/settings',
  async () => {
    const s = await get('/settings');
    const inputs = Object.fromEntries(
      SETTINGS.map((k) => [
        k,
        h('input', {
          type: 'number',
          name: k,
          required: true,
          step: 1,
          min: s.bounds?.[k]?.min,
          max: s.bounds?.[k]?.max,
          value: String(s[k]),
        }),
      ]),
    );
    const error = errorBox();
    const form = h(
      'form',
      { class: 'card', id: 'settings-form' },
      h('p', { class: 'muted' }, t('adm.settings.note')),
      SETTINGS.map((k) =>
        field(
          t('adm.f.' + k),
          inputs[k],
          s.bounds?.[k] ? t('adm.settings.bounds', s.bounds[k]) : undefined,
        ),
      ),
      error,
      h('button', { type: 'submit', class: 'primary' }, t('adm.save')),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      submitting(form, error, async () => {
        const changed = {};
        for (const k of SETTINGS)
          if (Number(inputs[k].value) !== s[k]) changed[k] = Number(inputs[k].value);
        const after = await put('/settings', changed);
        for (const k of SETTINGS) s[k] = after[k];
        notify(t('adm.settings.saved'), 'ok');
      });
    });
    return h('section', { class: 'admin' }, h('h1', {}, t('adm.settings.title')), back(), form);
  },
  ['admin'],
);

// ---------------------------------------------------------------------------------------------
// Usage rules: versions with what changed, a new version previewed as the family signs it.

// The lines removed and added from `a` to `b` (longest common subsequence of lines), in order.
export function lineDiff(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  const n = x.length;
  const m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) out.push(['+', y[j++]]);
    else out.push(['-', x[i++]]);
  }
  return out;
}

function diffView(older, newer) {
  if (!older) return h('p', { class: 'muted' }, t('adm.rules.first'));
  const lines = lineDiff(older.text, newer.text);
  if (!lines.length) return h('p', { class: 'muted' }, t('adm.rules.same'));
  return h(
    'pre',
    { class: 'diff', 'aria-label': t('adm.rules.diff', { v: older.version }) },
    lines.map(([op, text]) =>
      h(op === '+' ? 'ins' : 'del', { class: op === '+' ? 'add' : 'del' }, `${op} ${text}\n`),
    ),
  );
}

// A PDF the server rendered from a draft, opened in a new tab (the page's Content Security
// Policy frames nothing, blob: URLs included); the link stays for another look.
let previewUrl = null;
function pdfPreview(slot, blob, title) {
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = URL.createObjectURL(blob);
  mount(
    slot,
    h(
      'p',
      {},
      h(
        'a',
        {
          href: previewUrl,
          target: '_blank',
          rel: 'noopener',
          class: 'button',
          id: 'preview-link',
        },
        title,
      ),
    ),
  );
}

async function previewPdf(path, body) {
  return api('POST', path, body, { blob: true });
}

function rulesEditor(documents, done) {
  const choice = select(
    [['', t('adm.rules.new_document')], ...documents.map((d) => [String(d.id), d.title])],
    { value: documents[0] ? String(documents[0].id) : '' },
  );
  const title = h('input', { required: true, maxlength: 300 });
  const text = h('textarea', { required: true, rows: 14, class: 'template-text' });
  const fill = () => {
    const d = documents.find((x) => String(x.id) === choice.value);
    title.value = d ? d.title : '';
    title.disabled = Boolean(d);
    text.value = d ? d.versions[0].text : '';
  };
  choice.addEventListener('change', fill);
  fill();
  const error = errorBox();
  const preview = h('div', { id: 'rules-preview' });
  const previewButton = h(
    'button',
    { type: 'button', id: 'rules-preview-button' },
    t('adm.preview'),
  );
  previewButton.addEventListener('click', async () => {
    previewButton.disabled = true;
    error.textContent = '';
    try {
      const pdf = await previewPdf('/rules/preview', {
        title: title.value.trim(),
        text: text.value,
      });
      pdfPreview(preview, pdf, t('adm.rules.preview_open'));
    } catch (e) {
      error.textContent = adminError(e);
    } finally {
      previewButton.disabled = false;
    }
  });
  let key = newKey();
  const form = h(
    'form',
    { class: 'card', id: 'rules-form', 'aria-labelledby': 'rules-form-title' },
    h('h2', { id: 'rules-form-title' }, t('adm.rules.write')),
    field(t('adm.rules.document'), choice),
    field(t('adm.f.title'), title),
    field(t('adm.f.text'), text, t('adm.rules.text_hint')),
    error,
    h(
      'div',
      { class: 'actions' },
      previewButton,
      h('button', { type: 'submit', class: 'primary' }, t('adm.publish')),
    ),
    preview,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!window.confirm(t('adm.rules.confirm'))) return;
    submitting(form, error, async () => {
      const v = await post(
        '/rules',
        { title: title.value.trim(), text: text.value },
        { idempotencyKey: key },
      );
      key = newKey();
      notify(t('adm.rules.published', { title: v.title, v: v.version }), 'ok');
      done();
    });
  });
  return form;
}

route(
  '#/admin/rules',
  async () => {
    const box = h('section', { class: 'admin' });
    const draw = async () => {
      const documents = (await get('/rules')).items;
      mount(
        box,
        h('h1', {}, t('adm.rules.title')),
        back(),
        documents.length ? null : h('p', { class: 'muted' }, t('adm.rules.none')),
        documents.map((d) =>
          h(
            'div',
            { class: 'card rules-doc', 'data-document': d.id },
            h('h2', {}, d.title),
            d.versions.map((v, i) =>
              h(
                'details',
                { class: 'rules-version', open: i === 0 },
                h(
                  'summary',
                  {},
                  t('adm.rules.version', {
                    v: v.version,
                    date: fmtDate(v.published_at.slice(0, 10)),
                  }),
                ),
                diffView(d.versions[i + 1], v),
              ),
            ),
          ),
        ),
        rulesEditor(documents, draw),
      );
    };
    await draw();
    return box;
  },
  ['admin'],
);

// ---------------------------------------------------------------------------------------------
// Document templates: the texts of the printed documents, previewed over sample data.

const KINDS = ['agreement', 'application', 'consent', 'multibox_act', 'multibox_report'];

route(
  '#/admin/templates',
  async () => {
    const current = (await get('/templates')).items;
    return h(
      'section',
      { class: 'admin' },
      h('h1', {}, t('adm.tpl.title')),
      back(),
      table(
        [t('adm.tpl.kind'), t('adm.tpl.version'), ''],
        current.map((x) => [
          t('adm.tpl.' + x.kind),
          x.version
            ? t('adm.tpl.published', { v: x.version, date: fmtDate(x.published_at.slice(0, 10)) })
            : t('adm.tpl.builtin'),
          h('a', { href: '#/admin/templates/' + x.kind, 'data-kind': x.kind }, t('adm.change')),
        ]),
        t('adm.tpl.list'),
      ),
    );
  },
  ['admin'],
);

route(
  '#/admin/templates/:kind',
  async ({ kind }) => {
    if (!KINDS.includes(kind)) return go('#/admin/templates');
    const { items, default_text: builtin } = await get('/templates/' + kind);
    const text = h('textarea', {
      required: true,
      rows: 18,
      class: 'template-text',
      id: 'template-text',
      value: items[0]?.text ?? builtin,
    });
    const error = errorBox();
    const preview = h('div', { id: 'template-preview' });
    const previewButton = h(
      'button',
      { type: 'button', id: 'template-preview-button' },
      t('adm.preview'),
    );
    previewButton.addEventListener('click', async () => {
      previewButton.disabled = true;
      error.textContent = '';
      try {
        pdfPreview(
          preview,
          await previewPdf(`/templates/${kind}/preview`, { text: text.value }),
          t('adm.tpl.preview_open'),
        );
      } catch (e) {
        error.textContent = adminError(e);
      } finally {
        previewButton.disabled = false;
      }
    });
    let key = newKey();
    const form = h(
      'form',
      { class: 'card', id: 'template-form' },
      field(t('adm.f.text'), text, t('adm.tpl.hint')),
      error,
      h(
        'div',
        { class: 'actions' },
        previewButton,
        h('button', { type: 'button', onclick: () => (text.value = builtin) }, t('adm.tpl.reset')),
        h('button', { type: 'submit', class: 'primary' }, t('adm.publish')),
      ),
      preview,
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      submitting(form, error, async () => {
        const v = await post(`/templates/${kind}`, { text: text.value }, { idempotencyKey: key });
        key = newKey();
        notify(t('adm.tpl.saved', { v: v.version }), 'ok');
        go('#/admin/templates');
      });
    });
    return h(
      'section',
      { class: 'admin' },
      h('h1', {}, t('adm.tpl.' + kind)),
      h('p', {}, h('a', { href: '#/admin/templates' }, t('adm.tpl.back'))),
      form,
      items.length
        ? h(
            'div',
            { class: 'card' },
            h('h2', {}, t('adm.tpl.versions')),
            h(
              'ul',
              {},
              items.map((v) =>
                h(
                  'li',
                  {},
                  t('adm.tpl.published', {
                    v: v.version,
                    date: fmtDate(v.published_at.slice(0, 10)),
                  }),
                ),
              ),
            ),
          )
        : null,
    );
  },
  ['admin'],
);
