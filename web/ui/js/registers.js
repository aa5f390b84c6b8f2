// Registers at the desk: items (filters, card with history and label printing), the waiting
// list, the inspection queue (scan to mark cleaned), and stocktake mode.
import { h, mount, field, select, table } from './dom.js';
import { t, tEnum, fmtDate } from './i18n.js';
import { get, getAll, post, q, errorText } from './api.js';
import { route, can, notify } from './app.js';
import { scanPanel, setScanHandler, scanStatus } from './scan.js';
import './families.js';

const STATUSES = ['available', 'reserved', 'out_for_delivery', 'on_loan', 'inspection', 'in_repair', 'in_custody', 'lost', 'written_off'];

route('#/items', async () => {
  const types = (await get('/item-types')).items;
  const points = (await get('/points')).items;
  const status = select([['', t('common.all')], ...STATUSES.map((s) => [s, tEnum('status', s)])]);
  const type = select([['', t('common.all')], ...types.map((x) => [String(x.id), x.name])]);
  const point = select([['', t('common.all')], ...points.map((x) => [String(x.id), x.name])]);
  const text = h('input', { type: 'search' });
  const list = h('div', {});
  const load = async () => {
    const page = await get('/items' + q({ status: status.value, type_id: type.value, point_id: point.value, q: text.value.trim(), limit: 200 }));
    mount(list, table([t('item.inv'), t('item.name'), t('item.status'), t('ho.condition')], page.items.map((i) => [
      h('a', { href: `#/item/${i.id}` }, i.inventory_number), i.name, h('span', { class: 'status status-' + i.status }, tEnum('status', i.status)), tEnum('condition', i.condition)]),
    t('items.shown', { n: page.items.length })));
  };
  const form = h('form', { class: 'card row filters', role: 'search' }, field(t('item.status'), status), field(t('item.type'), type),
    field(t('item.point'), point), field(t('items.text'), text), h('button', { type: 'submit' }, t('common.search')));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); load(); });
  await load();
  return h('div', {}, h('h1', {}, t('nav.items')), form, list);
}, ['staff', 'admin', 'supervisor']);

route('#/item/:id', async ({ id }) => {
  const [item, history] = await Promise.all([get(`/items/${id}`), get(`/items/${id}/history`)]);
  const actions = [];
  if (item.status === 'inspection' && can('staff', 'admin')) {
    actions.push(h('button', { type: 'button', onclick: async () => { await post(`/items/${id}/inspection`, { outcome: 'cleaned_and_inspected' }); location.reload(); } }, t('insp.done')));
    actions.push(h('button', { type: 'button', onclick: async () => { await post(`/items/${id}/inspection`, { outcome: 'needs_repair' }); location.reload(); } }, t('insp.repair')));
  }
  if (item.status === 'in_repair' && can('staff', 'admin')) {
    actions.push(h('button', { type: 'button', onclick: async () => { await post(`/items/${id}/repair`, { condition: 'good' }); location.reload(); } }, t('insp.repaired')));
  }
  return h('div', { class: 'item-card' }, h('h1', {}, `${item.inventory_number} · ${item.name}`),
    h('div', { class: 'columns' },
      h('section', { class: 'card' }, h('dl', {},
        h('dt', {}, t('item.status')), h('dd', {}, tEnum('status', item.status)),
        h('dt', {}, t('ho.condition')), h('dd', {}, tEnum('condition', item.condition)),
        h('dt', {}, t('item.serial')), h('dd', {}, item.serial_number || '—'),
        h('dt', {}, t('item.funding')), h('dd', {}, item.funding_source || '—'),
        h('dt', {}, t('ho.components')), h('dd', {}, item.components.map((c) => `${c.name} × ${c.quantity}`).join(', ') || '—'),
        h('dt', {}, t('ho.documents')), h('dd', {}, item.documents.join(', ') || '—')),
      h('p', { class: 'actions' }, actions)),
      h('section', { class: 'card label-box' }, h('h2', {}, t('item.label')),
        h('img', { src: `/api/v1/items/${id}/label.svg`, alt: t('item.label_of', { label: item.label }), class: 'label-img' }),
        h('p', { class: 'actions no-print' }, h('button', { type: 'button', onclick: () => window.print() }, t('item.print_label')),
          h('a', { class: 'button', href: `/api/v1/items/${id}/label.png?dpi=300`, download: `label-${item.inventory_number}.png` }, t('item.label_png'))))),
    table([t('rep.at'), t('rep.from_status'), t('rep.to_status'), t('ag.number'), t('rep.note')], history.items.slice().reverse().map((e) => [
      fmtDate(e.at), tEnum('status', e.from), tEnum('status', e.to), e.agreement_id ? h('a', { href: `#/agreement/${e.agreement_id}` }, '#' + e.agreement_id) : '', e.note]), t('item.history')));
}, ['staff', 'admin', 'supervisor']);

route('#/waiting', async () => {
  const types = (await get('/item-types')).items;
  const type = select(types.map((x) => [String(x.id), x.name]));
  const list = h('div', {});
  const load = async () => {
    const rows = (await get('/waiting-list' + q({ type: type.value }))).items;
    const families = await Promise.all(rows.map((a) => get(`/families/${a.family_id}`).catch(() => null)));
    mount(list, table(['№', t('family.representative'), t('family.phone'), t('wait.applied'), t('wait.status')], rows.map((a, i) => [
      a.queue_position || i + 1, families[i] ? h('a', { href: `#/family/${a.family_id}` }, families[i].representative) : a.family_id,
      families[i]?.phone || '', fmtDate(a.applied_at), tEnum('app', a.status)]), t('wait.caption', { n: rows.length })));
  };
  type.addEventListener('change', load);
  await load();
  return h('div', {}, h('h1', {}, t('nav.waiting')), h('div', { class: 'card' }, field(t('item.type'), type)), list);
}, ['staff', 'admin', 'supervisor']);

route('#/inspection', async () => {
  const list = h('div', {});
  const load = async () => {
    const items = await getAll('/items?status=inspection');
    mount(list, items.length ? table([t('item.inv'), t('item.name'), ''], items.map((i) => [
      h('a', { href: `#/item/${i.id}` }, i.inventory_number), i.name,
      h('button', { type: 'button', class: 'small', 'aria-label': t('insp.done_of', { item: i.inventory_number }), onclick: () => done(i.id) }, t('insp.done'))]), t('insp.caption', { n: items.length }))
      : h('p', { class: 'muted' }, t('insp.empty')));
  };
  const done = async (id) => {
    try {
      const item = await post(`/items/${id}/inspection`, { outcome: 'cleaned_and_inspected' });
      scanStatus('ok', t('insp.marked', { item: item.inventory_number, status: tEnum('status', item.status) }));
      await load();
    } catch (e) { scanStatus('error', errorText(e)); }
  };
  setScanHandler(async (code, source, known) => {
    const found = known || await get('/lookup' + q({ code }));
    if (found.kind === 'item' && found.status === 'inspection') return done(found.item_id);
    scanStatus('error', found.kind === 'item' ? t('desk.item_status', { item: found.inventory_number, status: tEnum('status', found.status) }) : t('scan.not_ours', { code }));
  });
  await load();
  return h('div', {}, h('h1', {}, t('nav.inspection')), scanPanel(), h('p', { class: 'muted' }, t('insp.hint')), list);
}, ['staff', 'admin']);

// Stocktake: what should be on the shelves is every item of the point that is not out; each
// scan ticks one off. Missing = expected and not scanned; misplaced = scanned but the register
// says it is elsewhere (on loan, another point, written off).
const ON_SHELF = ['available', 'reserved', 'inspection', 'in_repair'];
route('#/stocktake', async () => {
  const me = (await get('/session')).user;
  const all = await getAll('/items' + q({ point_id: me.point_id }), 100000);
  const expected = new Map(all.filter((i) => ON_SHELF.includes(i.status)).map((i) => [i.id, i]));
  const seen = new Map();
  const misplaced = [];
  const out = h('div', {});
  const draw = () => {
    const missing = [...expected.values()].filter((i) => !seen.has(i.id));
    mount(out, h('p', { class: 'tiles' }, h('span', { class: 'tile' }, h('span', { class: 'n' }, String(seen.size)), t('stock.found')),
      h('span', { class: 'tile alarm' }, h('span', { class: 'n' }, String(missing.length)), t('stock.missing')),
      h('span', { class: 'tile' }, h('span', { class: 'n' }, String(misplaced.length)), t('stock.misplaced'))),
    misplaced.length ? table([t('item.inv'), t('item.name'), t('item.status')], misplaced.map((i) => [i.inventory_number, i.name, tEnum('status', i.status)]), t('stock.misplaced')) : null,
    table([t('item.inv'), t('item.name'), t('item.status')], missing.slice(0, 300).map((i) => [h('a', { href: `#/item/${i.id}` }, i.inventory_number), i.name, tEnum('status', i.status)]), t('stock.missing')));
  };
  setScanHandler(async (code, source, known) => {
    const found = known || await get('/lookup' + q({ code }));
    if (found.kind !== 'item') return scanStatus('error', t('scan.not_ours', { code }));
    if (seen.has(found.item_id) || misplaced.some((m) => m.item_id === found.item_id)) return scanStatus('info', t('stock.again', { item: found.inventory_number }));
    if (expected.has(found.item_id)) { seen.set(found.item_id, found); scanStatus('ok', t('stock.ok', { item: found.inventory_number })); }
    else { misplaced.push(found); scanStatus('error', t('stock.wrong', { item: found.inventory_number, status: tEnum('status', found.status) })); }
    draw();
  });
  draw();
  return h('div', {}, h('h1', {}, t('nav.stocktake')), scanPanel(), h('p', { class: 'muted' }, t('stock.hint', { n: expected.size })), out,
    h('button', { type: 'button', onclick: () => { notify(t('stock.finished', { found: seen.size, missing: expected.size - seen.size }), 'info'); } }, t('stock.finish')));
}, ['staff', 'admin']);
