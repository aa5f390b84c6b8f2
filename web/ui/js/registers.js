// Registers at the desk: items (filters, card with history and label printing), the waiting
// list, the inspection queue (scan to mark cleaned), and stocktake mode.
import { h, mount, field, select, table } from './dom.js';
import { t, tEnum, fmtDate, STATUSES } from './i18n.js';
import { get, getAll, post, q, errorText } from './api.js';
import { route, can, go, notify, render } from './app.js';
import { chosenPoint, severalPoints, visiblePoints, pointName } from './points.js';
import { scanPanel, setScanHandler, scanStatus } from './scan.js';
import { photoGallery } from './photos.js';
import { csvLink, exportLinks } from './charts.js';
import { careSection, componentsText, hasOpenDefects, inspectionCell } from './care.js';
import './families.js';

// The items register pages through the whole list by the API's cursor, 50 a page. The filters
// and the page survive a visit to an item card (sessionStorage), but not a change of the point
// chosen in the header: the point filter then starts at the new choice.
const ITEMS_KEY = 'prokat.items.v1';
const PAGE = 50;
route(
  '#/items',
  async () => {
    const [types, points] = await Promise.all([get('/item-types'), get('/points')]).then((r) =>
      r.map((x) => x.items),
    );
    let saved = JSON.parse(sessionStorage.getItem(ITEMS_KEY) || '{}');
    if ((saved.chosen ?? '') !== chosenPoint()) saved = {};
    const f = { status: '', type_id: '', point_id: chosenPoint(), q: '', ...saved.filter };
    let cursors = Array.isArray(saved.cursors) ? saved.cursors : [''];
    const status = select(
      [['', t('common.all')], ...STATUSES.map((s) => [s, tEnum('status', s)])],
      { value: f.status },
    );
    const type = select([['', t('common.all')], ...types.map((x) => [String(x.id), x.name])], {
      value: f.type_id,
    });
    const point = select([['', t('common.all')], ...points.map((x) => [String(x.id), x.name])], {
      value: f.point_id,
      id: 'items-point',
    });
    const text = h('input', { type: 'search', value: f.q });
    const list = h('div', { id: 'items-list' });
    const prev = h('button', { type: 'button', id: 'items-prev' }, t('items.prev'));
    const next = h('button', { type: 'button', id: 'items-next' }, t('items.next'));
    const where = h('span', { class: 'muted', role: 'status' });
    const filter = () => ({
      status: status.value,
      type_id: type.value,
      point_id: point.value,
      q: text.value.trim(),
    });
    let shown = 0; // the newest request wins when filters change faster than answers come
    const load = async () => {
      const mine = ++shown;
      const at = cursors.length - 1;
      const page = await get('/items' + q({ ...filter(), limit: PAGE, after: cursors[at] }));
      if (mine !== shown) return;
      sessionStorage.setItem(
        ITEMS_KEY,
        JSON.stringify({ filter: filter(), cursors, chosen: chosenPoint() }),
      );
      const first = at * PAGE + 1;
      const range = page.items.length
        ? t('items.range', { from: first, to: first + page.items.length - 1 })
        : t('items.none');
      mount(
        list,
        page.items.length
          ? table(
              [t('item.inv'), t('item.name'), t('item.status'), t('ho.condition')],
              page.items.map((i) => [
                h('a', { href: `#/item/${i.id}` }, i.inventory_number),
                i.name,
                h('span', { class: 'status status-' + i.status }, tEnum('status', i.status)),
                tEnum('condition', i.condition),
              ]),
              range,
            )
          : h('p', { class: 'muted' }, range),
      );
      where.textContent = range;
      prev.disabled = at === 0;
      next.disabled = !page.next_cursor;
      next.onclick = () => {
        cursors.push(page.next_cursor);
        show();
      };
    };
    const show = () =>
      load().catch((e) => mount(list, h('p', { class: 'error', role: 'alert' }, errorText(e))));
    prev.onclick = () => {
      if (cursors.length > 1) {
        cursors.pop();
        show();
      }
    };
    const restart = () => {
      cursors = [''];
      return show();
    };
    for (const s of [status, type, point]) s.addEventListener('change', restart);
    const form = h(
      'form',
      { class: 'card row filters', role: 'search' },
      field(t('item.status'), status),
      field(t('item.type'), type),
      field(t('item.point'), point),
      field(t('items.text'), text),
      h('button', { type: 'submit' }, t('common.search')),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      restart();
    });
    try {
      await load();
    } catch {
      await restart(); // a stale cursor from an earlier visit: start again
    }
    const pager = () =>
      h('nav', { class: 'actions pager', 'aria-label': t('items.pages') }, prev, where, next);
    // The register's files hold every item the filters shown select, not only this page.
    const files = h('p', { id: 'items-export' });
    const showFiles = () => {
      const f = filter();
      mount(
        files,
        exportLinks(
          'items',
          { point: f.point_id, status: f.status, type: f.type_id, q: f.q },
          t('items.register'),
        ),
      );
    };
    for (const s of [status, type, point]) s.addEventListener('change', showFiles);
    form.addEventListener('submit', showFiles);
    showFiles();
    return h('div', {}, h('h1', {}, t('nav.items')), form, files, list, pager());
  },
  ['staff', 'admin', 'supervisor'],
);

route(
  '#/item/:id',
  async ({ id }) => {
    const [item, history, photos] = await Promise.all([
      get(`/items/${id}`),
      get(`/items/${id}/history`),
      get(`/items/${id}/photos`)
        .then((r) => r.items)
        .catch(() => []),
    ]);
    const actions = [];
    if (can('staff', 'admin') && item.status !== 'written_off')
      actions.push(
        h('a', { href: `#/catalogue/items/${id}/edit`, class: 'button' }, t('cat.edit')),
      );
    const transfer = transferForm(item);
    if (transfer) actions.push(transfer.button);
    if (item.status === 'inspection' && can('staff', 'admin')) {
      // "Обработано" would be refused while something is missing: the care section decides.
      if (!hasOpenDefects(item))
        actions.push(
          h(
            'button',
            {
              type: 'button',
              onclick: async () => {
                await post(`/items/${id}/inspection`, { outcome: 'cleaned_and_inspected' });
                location.reload();
              },
            },
            t('insp.done'),
          ),
        );
      actions.push(
        h(
          'button',
          {
            type: 'button',
            onclick: async () => {
              await post(`/items/${id}/inspection`, { outcome: 'needs_repair' });
              location.reload();
            },
          },
          t('insp.repair'),
        ),
      );
    }
    if (item.status === 'in_repair' && can('staff', 'admin')) {
      actions.push(
        h(
          'button',
          {
            type: 'button',
            onclick: async () => {
              await post(`/items/${id}/repair`, { condition: 'good' });
              location.reload();
            },
          },
          t('insp.repaired'),
        ),
      );
    }
    return h(
      'div',
      { class: 'item-card' },
      h('h1', {}, `${item.inventory_number} · ${item.name}`),
      h(
        'div',
        { class: 'columns' },
        h(
          'section',
          { class: 'card' },
          h(
            'dl',
            {},
            h('dt', {}, t('item.status')),
            h('dd', {}, tEnum('status', item.status)),
            h('dt', {}, t('item.point')),
            h('dd', { id: 'item-point' }, pointName(item.point_id)),
            h('dt', {}, t('ho.condition')),
            h('dd', {}, tEnum('condition', item.condition)),
            h('dt', {}, t('item.serial')),
            h('dd', {}, item.serial_number || '—'),
            h('dt', {}, t('item.funding')),
            h('dd', {}, item.funding_source || '—'),
            h('dt', {}, t('ho.components')),
            h('dd', {}, componentsText(item)),
            h('dt', {}, t('ho.documents')),
            h('dd', {}, item.documents.join(', ') || '—'),
          ),
          h('p', { class: 'actions' }, actions),
        ),
        h(
          'section',
          { class: 'card label-box' },
          h('h2', {}, t('item.label')),
          h('img', {
            src: `/api/v1/items/${id}/label.svg`,
            alt: t('item.label_of', { label: item.label }),
            class: 'label-img',
          }),
          h(
            'p',
            { class: 'actions no-print' },
            h('button', { type: 'button', onclick: () => window.print() }, t('item.print_label')),
            h(
              'a',
              {
                class: 'button',
                href: `/api/v1/items/${id}/label.png?dpi=300`,
                download: `label-${item.inventory_number}.png`,
              },
              t('item.label_png'),
            ),
          ),
        ),
      ),
      transfer?.box,
      careSection(item),
      photos.length
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'ph-h' },
            h('h2', { id: 'ph-h' }, t('photo.title')),
            photoGallery(photos, (p) =>
              p.agreement_id ? t('photo.agreement', { id: p.agreement_id }) : item.inventory_number,
            ),
          )
        : null,
      table(
        [t('rep.at'), t('rep.from_status'), t('rep.to_status'), t('ag.number'), t('rep.note')],
        history.items
          .slice()
          .reverse()
          .map((e) => [
            fmtDate(e.at),
            tEnum('status', e.from),
            tEnum('status', e.to),
            e.agreement_id
              ? h('a', { href: `#/agreement/${e.agreement_id}` }, '#' + e.agreement_id)
              : '',
            e.note,
          ]),
        t('item.history'),
      ),
    );
  },
  ['staff', 'admin', 'supervisor'],
);

// Moving an item to another of the account's points: only a free item outside a kit may go
// (the server says why not otherwise); the reason is kept in the item's history.
function transferForm(item) {
  if (!can('supervisor', 'admin') || !severalPoints()) return null;
  if (item.status !== 'available' || item.kit_id) return null;
  const others = visiblePoints().filter((p) => p.id !== item.point_id);
  if (!others.length) return null;
  const box = h('section', {
    class: 'card no-print',
    id: 'transfer',
    'aria-labelledby': 'transfer-h',
    hidden: true,
  });
  const button = h('button', { type: 'button', id: 'transfer-open' }, t('transfer.open'));
  const to = select(others.map((p) => [String(p.id), p.name]));
  const reason = h('textarea', { rows: 2, required: true, maxlength: 2000 });
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('transfer.submit'));
  const cancel = h('button', { type: 'button' }, t('common.cancel'));
  const form = h(
    'form',
    { id: 'transfer-form', novalidate: true },
    h('div', { class: 'row' }, field(t('transfer.to'), to), field(t('transfer.reason'), reason)),
    error,
    h('p', { class: 'actions' }, submit, cancel),
  );
  mount(
    box,
    h('h2', { id: 'transfer-h' }, t('transfer.title', { item: item.inventory_number })),
    form,
  );
  button.addEventListener('click', () => {
    box.hidden = false;
    to.focus();
  });
  cancel.addEventListener('click', () => {
    box.hidden = true;
    button.focus();
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!reason.value.trim()) {
      error.textContent = t('transfer.reason_needed');
      reason.focus();
      return;
    }
    submit.disabled = true;
    try {
      const moved = await post(`/items/${item.id}/transfer`, {
        to_point_id: Number(to.value),
        reason: reason.value.trim(),
      });
      await render();
      notify(
        t('transfer.done', { item: moved.inventory_number, point: pointName(moved.point_id) }),
        'ok',
      );
    } catch (e) {
      submit.disabled = false;
      error.textContent = errorText(e);
    }
  });
  return { button, box };
}

route(
  '#/waiting',
  async () => {
    const types = (await get('/item-types')).items;
    const type = select(
      types.map((x) => [String(x.id), x.name]),
      { value: sessionStorage.getItem('prokat.waiting.type') || undefined },
    );
    const list = h('div', {});
    const load = async () => {
      sessionStorage.setItem('prokat.waiting.type', type.value);
      const params = { type: type.value, point: chosenPoint() };
      const rows = (await get('/waiting-list' + q(params))).items;
      const families = await Promise.all(
        rows.map((a) => get(`/families/${a.family_id}`).catch(() => null)),
      );
      mount(
        list,
        exportLinks('waiting', params, t('nav.waiting')),
        table(
          ['№', t('family.representative'), t('family.phone'), t('wait.applied'), t('wait.status')],
          rows.map((a, i) => [
            a.queue_position || i + 1,
            families[i]
              ? h('a', { href: `#/family/${a.family_id}` }, families[i].representative)
              : a.family_id,
            families[i]?.phone || '',
            fmtDate(a.applied_at),
            tEnum('app', a.status),
          ]),
          t('wait.caption', { n: rows.length }),
        ),
      );
    };
    type.addEventListener('change', load);
    await load();
    return h(
      'div',
      {},
      h('h1', {}, t('nav.waiting')),
      h('div', { class: 'card' }, field(t('item.type'), type)),
      list,
    );
  },
  ['staff', 'admin', 'supervisor'],
);

route(
  '#/inspection',
  async () => {
    const list = h('div', {});
    const load = async () => {
      const items = await getAll('/items?status=inspection');
      mount(
        list,
        items.length
          ? table(
              [t('item.inv'), t('item.name'), ''],
              items.map((i) => [
                h('a', { href: `#/item/${i.id}` }, i.inventory_number),
                i.name,
                inspectionCell(i, done),
              ]),
              t('insp.caption', { n: items.length }),
            )
          : h('p', { class: 'muted' }, t('insp.empty')),
      );
    };
    const done = async (id) => {
      try {
        const item = await post(`/items/${id}/inspection`, { outcome: 'cleaned_and_inspected' });
        scanStatus(
          'ok',
          t('insp.marked', { item: item.inventory_number, status: tEnum('status', item.status) }),
        );
        await load();
      } catch (e) {
        scanStatus('error', errorText(e));
      }
    };
    setScanHandler(async (code, source, known) => {
      const found = known || (await get('/lookup' + q({ code })));
      if (found.kind === 'item' && found.status === 'inspection') return done(found.item_id);
      scanStatus(
        'error',
        found.kind === 'item'
          ? t('desk.item_status', {
              item: found.inventory_number,
              status: tEnum('status', found.status),
            })
          : t('scan.not_ours', { code }),
      );
    });
    await load();
    return h(
      'div',
      {},
      h('h1', {}, t('nav.inspection')),
      scanPanel(),
      h('p', { class: 'muted' }, t('insp.hint')),
      list,
    );
  },
  ['staff', 'admin'],
);

// Stocktake: what should be on the shelves is every item of the point that is not out; each
// scan ticks one off. Missing = expected and not scanned; misplaced = scanned but the register
// says it is elsewhere (on loan, another point, written off). The scans are kept in
// localStorage until the stocktake is finished, so a reload or a closed tab loses nothing; the
// result can be printed or saved as CSV.
const ON_SHELF = ['available', 'reserved', 'inspection', 'in_repair'];
const brief = (i) => ({
  item_id: i.item_id ?? i.id,
  inventory_number: i.inventory_number,
  name: i.name,
  status: i.status,
});

function stocktakeResult(result) {
  const rows = [
    ...result.missing.map((i) => [
      t('stock.missing_one'),
      i.inventory_number,
      i.name,
      tEnum('status', i.status),
    ]),
    ...result.misplaced.map((i) => [
      t('stock.misplaced_one'),
      i.inventory_number,
      i.name,
      tEnum('status', i.status),
    ]),
  ];
  const head = [t('stock.what'), t('item.inv'), t('item.name'), t('item.status')];
  const stamp = new Date(result.finished_at).toISOString().slice(0, 10);
  return h(
    'div',
    { class: 'stocktake-result' },
    h('h1', { tabindex: -1 }, t('stock.result_title', { date: fmtDate(stamp) })),
    h(
      'p',
      { class: 'muted' },
      t('stock.result_period', {
        from: fmtDate(new Date(result.started_at).toISOString()),
        found: result.found,
        expected: result.expected,
      }),
    ),
    h(
      'p',
      { class: 'actions no-print' },
      h(
        'button',
        { type: 'button', class: 'primary', id: 'stock-print', onclick: () => window.print() },
        t('stock.print'),
      ),
      csvLink(t('stock.csv'), `stocktake_${stamp}.csv`, head, rows),
      h(
        'button',
        { type: 'button', id: 'stock-new', onclick: () => go('#/stocktake') },
        t('stock.new'),
      ),
    ),
    h(
      'p',
      { class: 'tiles' },
      h(
        'span',
        { class: 'tile' },
        h('span', { class: 'n' }, String(result.found)),
        t('stock.found'),
      ),
      h(
        'span',
        { class: 'tile alarm' },
        h('span', { class: 'n' }, String(result.missing.length)),
        t('stock.missing'),
      ),
      h(
        'span',
        { class: 'tile' },
        h('span', { class: 'n' }, String(result.misplaced.length)),
        t('stock.misplaced'),
      ),
    ),
    result.misplaced.length
      ? table(
          head.slice(1),
          result.misplaced.map((i) => [i.inventory_number, i.name, tEnum('status', i.status)]),
          t('stock.misplaced'),
        )
      : null,
    result.missing.length
      ? table(
          head.slice(1),
          result.missing.map((i) => [i.inventory_number, i.name, tEnum('status', i.status)]),
          t('stock.missing'),
        )
      : null,
    result.missing.length || result.misplaced.length ? null : h('p', {}, t('stock.all_in_place')),
  );
}

route(
  '#/stocktake',
  async () => {
    const me = (await get('/session')).user;
    const point = chosenPoint() || me.point_id;
    const key = `prokat.stocktake.v1.${point ?? 'all'}`;
    const all = await getAll('/items' + q({ point_id: point }), 100000);
    const expected = new Map(all.filter((i) => ON_SHELF.includes(i.status)).map((i) => [i.id, i]));
    const saved = JSON.parse(localStorage.getItem(key) || 'null');
    const state = saved || { started_at: Date.now(), seen: [], misplaced: [] };
    const seen = new Map(state.seen.map((i) => [i.item_id, i]));
    const misplaced = state.misplaced;
    const save = () =>
      localStorage.setItem(
        key,
        JSON.stringify({ started_at: state.started_at, seen: [...seen.values()], misplaced }),
      );
    const out = h('div', {});
    const draw = () => {
      const missing = [...expected.values()].filter((i) => !seen.has(i.id));
      mount(
        out,
        h(
          'p',
          { class: 'tiles' },
          h(
            'span',
            { class: 'tile' },
            h('span', { class: 'n' }, String(seen.size)),
            t('stock.found'),
          ),
          h(
            'span',
            { class: 'tile alarm' },
            h('span', { class: 'n' }, String(missing.length)),
            t('stock.missing'),
          ),
          h(
            'span',
            { class: 'tile' },
            h('span', { class: 'n' }, String(misplaced.length)),
            t('stock.misplaced'),
          ),
        ),
        misplaced.length
          ? table(
              [t('item.inv'), t('item.name'), t('item.status')],
              misplaced.map((i) => [i.inventory_number, i.name, tEnum('status', i.status)]),
              t('stock.misplaced'),
            )
          : null,
        table(
          [t('item.inv'), t('item.name'), t('item.status')],
          missing
            .slice(0, 300)
            .map((i) => [
              h('a', { href: `#/item/${i.id}` }, i.inventory_number),
              i.name,
              tEnum('status', i.status),
            ]),
          t('stock.missing'),
        ),
      );
    };
    setScanHandler(async (code, source, known) => {
      const found = known || (await get('/lookup' + q({ code })));
      if (found.kind !== 'item') return scanStatus('error', t('scan.not_ours', { code }));
      if (seen.has(found.item_id) || misplaced.some((m) => m.item_id === found.item_id))
        return scanStatus('info', t('stock.again', { item: found.inventory_number }));
      if (expected.has(found.item_id)) {
        seen.set(found.item_id, brief(found));
        scanStatus('ok', t('stock.ok', { item: found.inventory_number }));
      } else {
        misplaced.push(brief(found));
        scanStatus(
          'error',
          t('stock.wrong', { item: found.inventory_number, status: tEnum('status', found.status) }),
        );
      }
      save();
      draw();
    });
    draw();
    const view = h('div', {});
    const finish = () => {
      const result = {
        started_at: state.started_at,
        finished_at: Date.now(),
        expected: expected.size,
        found: seen.size,
        missing: [...expected.values()].filter((i) => !seen.has(i.id)).map(brief),
        misplaced,
      };
      localStorage.removeItem(key);
      setScanHandler(null);
      mount(view, stocktakeResult(result));
      view.querySelector('h1').focus();
    };
    const resumed =
      saved && (seen.size || misplaced.length)
        ? h(
            'p',
            { class: 'notice info', id: 'stock-resumed' },
            t('stock.resumed', {
              at: fmtDate(new Date(state.started_at).toISOString()),
              n: seen.size + misplaced.length,
            }),
            ' ',
            h(
              'button',
              {
                type: 'button',
                class: 'small',
                onclick: () => {
                  localStorage.removeItem(key);
                  location.reload();
                },
              },
              t('stock.restart'),
            ),
          )
        : null;
    return mount(
      view,
      h('h1', { tabindex: -1 }, t('nav.stocktake')),
      resumed,
      scanPanel(),
      h('p', { class: 'muted' }, t('stock.hint', { n: expected.size })),
      out,
      h(
        'button',
        { type: 'button', class: 'primary', id: 'stock-finish', onclick: finish },
        t('stock.finish'),
      ),
    );
  },
  ['staff', 'admin'],
);
