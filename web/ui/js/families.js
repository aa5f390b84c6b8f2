// Families: the form for a new family (used in the hand-over), the register and the card.
import { h, mount, field, checkbox, select, table, today, documentsCard } from './dom.js';
import { t, tEnum, fmtDate } from './i18n.js';
import { get, post, q, errorText } from './api.js';
import { route, go, can, notify } from './app.js';
import { chosenPoint } from './points.js';

export const TARGET_GROUPS = [
  'disabled_child',
  'special_needs_child',
  'serviceman_family',
  'difficult_situation',
  'newborn_kept',
  'disabled_adult',
];
const CHILD_CATS = ['none', 'disabled', 'special_needs'];

function childFields() {
  const name = h('input', { type: 'text' });
  const birth = h('input', { type: 'date', max: today() });
  const cat = select(CHILD_CATS.map((c) => [c, tEnum('childcat', c)]));
  return {
    name,
    birth,
    cat,
    el: h(
      'div',
      { class: 'row' },
      field(t('child.name'), name),
      field(t('child.birth'), birth),
      field(t('child.category'), cat),
    ),
  };
}

export function familyForm(onCreated) {
  const rep = h('input', { type: 'text', autocomplete: 'off' });
  const phone = h('input', { type: 'tel', autocomplete: 'off' });
  const address = h('input', { type: 'text', autocomplete: 'off' });
  const district = h('input', { type: 'text' });
  const consent = h('input', { type: 'date', value: today() });
  const groups = TARGET_GROUPS.map((g) => ({ g, ...checkbox(tEnum('group', g)) }));
  const child = childFields();
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'subform', 'aria-label': t('family.new') },
    h(
      'div',
      { class: 'row' },
      field(t('family.representative'), rep),
      field(t('family.phone'), phone),
    ),
    h(
      'div',
      { class: 'row' },
      field(t('family.address'), address),
      field(t('family.district'), district),
      field(t('family.consent'), consent),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('family.groups')),
      groups.map((x) => x.el),
    ),
    h('fieldset', {}, h('legend', {}, t('family.child')), child.el),
    error,
    h('button', { type: 'submit' }, t('family.create')),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {
      representative: rep.value.trim(),
      phone: phone.value.trim(),
      address: address.value.trim(),
      district: district.value.trim(),
      consent_on: consent.value,
      target_groups: groups.filter((x) => x.box.checked).map((x) => x.g),
      children: [],
    };
    if (chosenPoint()) body.point_id = Number(chosenPoint());
    if (child.name.value.trim())
      body.children.push({
        name: child.name.value.trim(),
        birth_date: child.birth.value,
        category: child.cat.value,
      });
    try {
      onCreated(await post('/families', body));
    } catch (e) {
      error.textContent = errorText(e);
    }
  });
  setTimeout(() => rep.focus(), 0);
  return form;
}

route(
  '#/families',
  async () => {
    const search = h('input', { type: 'search' });
    const list = h('div', {});
    const load = async () => {
      const page = await get(
        '/families' + q({ q: search.value.trim(), point: chosenPoint(), limit: 100 }),
      );
      mount(
        list,
        table(
          [
            t('family.representative'),
            t('family.phone'),
            t('family.address'),
            t('family.groups'),
            t('family.children'),
          ],
          page.items.map((f) => [
            h('a', { href: `#/family/${f.id}` }, f.representative),
            f.phone,
            f.address,
            f.target_groups.map((g) => tEnum('group', g)).join(', '),
            f.children_count,
          ]),
        ),
      );
    };
    const form = h(
      'form',
      { role: 'search' },
      field(t('ho.family_search'), search),
      h('button', { type: 'submit' }, t('common.search')),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      load();
    });
    await load();
    return h('div', {}, h('h1', {}, t('nav.families')), form, list);
  },
  ['staff', 'admin', 'supervisor'],
);

// The family's applications (Заявления) and, at the desk, a new one: the family joins the
// waiting list of an item type (or gets an item reserved at once when one is free).
async function applicationsSection(f, types) {
  const apps = (await get(`/families/${f.id}/applications`)).items;
  const typeName = new Map(types.map((x) => [x.id, x.name]));
  const childName = new Map(f.children.map((c) => [c.id, c.name]));
  const open = (a) => ['waiting', 'reserved'].includes(a.status);
  const place = (a) =>
    a.status === 'waiting'
      ? t('apps.place', { n: a.queue_position })
      : a.status === 'reserved'
        ? t('apps.reserved_until', { date: fmtDate(a.reserved_until) })
        : '';
  const cancel = async (a) => {
    try {
      await post(`/applications/${a.id}/cancel`, {});
      notify(t('apps.cancelled', { type: typeName.get(a.type_id) }), 'ok');
      go(`#/family/${f.id}`);
    } catch (e) {
      notify(errorText(e), 'error');
    }
  };
  const rows = apps.map((a) => [
    typeName.get(a.type_id) || a.type_id,
    childName.get(a.child_id) || '—',
    fmtDate(a.applied_at),
    h(
      'span',
      {},
      tEnum('app', a.status),
      place(a) ? h('span', { class: 'muted' }, ' · ', place(a)) : null,
    ),
    h(
      'span',
      { class: 'actions' },
      h(
        'a',
        {
          href: `/api/v1/families/${f.id}/application.pdf?application=${a.id}`,
          target: '_blank',
          rel: 'noopener',
          'aria-label': t('apps.pdf_of', { type: typeName.get(a.type_id) }),
        },
        t('apps.pdf'),
      ),
      open(a) && can('staff', 'admin')
        ? h(
            'button',
            {
              type: 'button',
              class: 'small',
              'aria-label': t('apps.cancel_of', { type: typeName.get(a.type_id) }),
              onclick: () => cancel(a),
            },
            t('apps.cancel'),
          )
        : null,
    ),
  ]);
  const list = apps.length
    ? table([t('item.type'), t('ho.child'), t('wait.applied'), t('wait.status'), ''], rows)
    : h('p', { class: 'muted' }, t('apps.none'));
  if (!can('staff', 'admin'))
    return h(
      'section',
      { class: 'card', 'aria-labelledby': 'apps-h' },
      h('h2', { id: 'apps-h' }, t('apps.title')),
      list,
    );
  const child = select(
    [['', t('apps.no_child')], ...f.children.map((c) => [String(c.id), c.name])],
    { value: f.children[0] ? String(f.children[0].id) : '' },
  );
  const type = select([['', t('apps.pick_type')], ...types.map((x) => [String(x.id), x.name])], {
    id: 'app-type',
  });
  const note = h('input', { type: 'text', id: 'app-note' });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'subform', 'aria-labelledby': 'app-new-h' },
    h('h3', { id: 'app-new-h' }, t('apps.new')),
    h(
      'div',
      { class: 'row' },
      field(t('item.type'), type),
      field(t('ho.child'), child),
      field(t('apps.note'), note),
    ),
    error,
    h('button', { type: 'submit', id: 'app-submit' }, t('apps.submit')),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    if (!type.value) {
      error.textContent = t('apps.need_type');
      type.focus();
      return;
    }
    const body = { family_id: f.id, type_id: Number(type.value) };
    if (child.value) body.child_id = Number(child.value);
    if (note.value.trim()) body.note = note.value.trim();
    try {
      const a = await post('/applications', body);
      sessionStorage.setItem('prokat.waiting.type', String(a.type_id));
      notify(
        a.status === 'reserved'
          ? t('apps.done_reserved', {
              type: typeName.get(a.type_id),
              date: fmtDate(a.reserved_until),
            })
          : t('apps.done_waiting', { type: typeName.get(a.type_id), n: a.queue_position }),
        'ok',
      );
      go(`#/family/${f.id}`);
    } catch (e) {
      error.textContent = errorText(e);
    }
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'apps-h' },
    h('h2', { id: 'apps-h' }, t('apps.title')),
    list,
    form,
  );
}

route(
  '#/family/:id',
  async ({ id }) => {
    const [f, history, types] = await Promise.all([
      get(`/families/${id}`),
      get(`/families/${id}/history`),
      get('/item-types').then((r) => r.items),
    ]);
    const child = childFields();
    const addChild = h(
      'form',
      { class: 'card', 'aria-label': t('child.add') },
      h('h2', {}, t('child.add')),
      child.el,
      h('button', { type: 'submit' }, t('child.add')),
    );
    addChild.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      await post(`/families/${id}/children`, {
        name: child.name.value.trim(),
        birth_date: child.birth.value,
        category: child.cat.value,
      });
      location.reload();
    });
    return h(
      'div',
      {},
      h('h1', {}, f.representative),
      h(
        'section',
        { class: 'card' },
        h(
          'dl',
          {},
          h('dt', {}, t('family.phone')),
          h('dd', {}, h('a', { href: 'tel:' + f.phone.replace(/[^\d+]/g, '') }, f.phone)),
          h('dt', {}, t('family.address')),
          h('dd', {}, f.address),
          h('dt', {}, t('family.consent')),
          h('dd', {}, fmtDate(f.consent_on)),
          h('dt', {}, t('family.groups')),
          h('dd', {}, f.target_groups.map((g) => tEnum('group', g)).join(', ') || '—'),
        ),
      ),
      documentsCard(t('docs.title'), [
        {
          href: `/api/v1/families/${f.id}/application.pdf`,
          label: t('docs.application'),
          doc: 'application',
        },
        { href: `/api/v1/families/${f.id}/consent.pdf`, label: t('docs.consent'), doc: 'consent' },
      ]),
      table(
        [t('child.name'), t('child.birth'), t('child.category')],
        f.children.map((c) => [c.name, fmtDate(c.birth_date), tEnum('childcat', c.category)]),
        t('family.children'),
      ),
      table(
        [t('ag.number'), t('ag.state'), t('ag.period'), t('ag.lines')],
        history.items.map((e) => [
          h('a', { href: `#/agreement/${e.agreement_id}` }, e.number || '—'),
          tEnum('state', e.state),
          `${fmtDate(e.start_date)} — ${fmtDate(e.due_date)}`,
          e.items.join(', '),
        ]),
        t('family.agreements'),
      ),
      await applicationsSection(f, types),
      addChild,
    );
  },
  ['staff', 'admin', 'supervisor'],
);
