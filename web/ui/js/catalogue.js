// The catalogue: the point's stock at a glance, item types (term limit, default parts,
// documents, usage rules), registering and editing items (label printed at once), kits and
// multiboxes composed of free items, changed and taken apart at the point.
import { h, mount, field, select, table, checkbox } from './dom.js';
import { t, tEnum, fmtDate, STATUSES, CATEGORIES } from './i18n.js';
import { api, get, getAll, post, patch, q, newKey, errorText } from './api.js';
import { route, go, notify, can } from './app.js';
import { chosenPoint, pointName } from './points.js';
import { scanPanel, setScanHandler, scanStatus, shrinkPhoto } from './scan.js';
import { lookup } from './desk.js';
import { CONDITIONS } from './handover.js';

const DESK = ['staff', 'admin'];
const OUT = ['reserved', 'out_for_delivery', 'on_loan', 'in_custody'];
const FREE_SHOWN = 15; // free items listed at once beside a kit; the filter finds the rest

const errorBox = () => h('p', { class: 'error', role: 'alert' });

// Runs a form's request with its submit button disabled, the error shown in `box`.
async function busy(button, box, fn) {
  button.disabled = true;
  box.textContent = '';
  try {
    return await fn();
  } catch (e) {
    box.textContent = errorText(e);
    return undefined;
  } finally {
    button.disabled = false;
  }
}

const subnav = () =>
  h(
    'nav',
    { class: 'actions no-print', 'aria-label': t('cat.sections') },
    h('a', { href: '#/catalogue', class: 'button' }, t('cat.stock')),
    h('a', { href: '#/catalogue/types', class: 'button' }, t('cat.types')),
    h('a', { href: '#/catalogue/items/new', class: 'button' }, t('cat.item_new')),
    h('a', { href: '#/catalogue/kits', class: 'button' }, t('cat.kits')),
  );

// Rows of (name, quantity) or of names alone, each removable, with a button to add one.
function rowsEditor(legend, initial, withQuantity, idPrefix) {
  const list = h('div', { class: 'rows-editor' });
  const rows = [];
  const add = (value = {}) => {
    const name = h('input', {
      value: value.name || '',
      'aria-label': withQuantity ? t('cat.part_name') : t('cat.doc_name'),
      class: idPrefix + '-name',
    });
    const qty = withQuantity
      ? h('input', {
          type: 'number',
          min: 1,
          max: 10000,
          value: value.quantity || 1,
          'aria-label': t('cat.part_qty'),
          class: idPrefix + '-qty qty',
        })
      : null;
    const row = h('div', { class: 'row' }, name, qty);
    const entry = { row, name, qty };
    row.append(
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          onclick: () => {
            rows.splice(rows.indexOf(entry), 1);
            row.remove();
          },
        },
        t('common.remove'),
      ),
    );
    rows.push(entry);
    list.append(row);
    return entry;
  };
  const fill = (values) => {
    rows.splice(0).forEach((r) => r.row.remove());
    for (const v of values) add(withQuantity ? v : { name: v });
  };
  fill(initial);
  const addButton = h(
    'button',
    { type: 'button', class: 'small', id: idPrefix + '-add', onclick: () => add().name.focus() },
    withQuantity ? t('cat.part_add') : t('cat.doc_add'),
  );
  const el = h('fieldset', {}, h('legend', {}, legend), list, addButton);
  const value = () =>
    rows
      .filter((r) => r.name.value.trim())
      .map((r) =>
        withQuantity
          ? { name: r.name.value.trim(), quantity: Number(r.qty.value) || 1 }
          : r.name.value.trim(),
      );
  return { el, value, fill };
}

// ---------------------------------------------------------------------------------------------
// The point's stock at a glance: counts, then the list with filters and label sheets.

route(
  '#/catalogue',
  async () => {
    const point = chosenPoint();
    const [all, types] = await Promise.all([
      getAll('/items' + q({ point_id: point })),
      get('/item-types').then((r) => r.items),
    ]);
    const typeById = new Map(types.map((x) => [x.id, x]));
    const byStatus = {};
    const byCategory = {};
    for (const i of all) {
      byStatus[i.status] = (byStatus[i.status] || 0) + 1;
      const c = typeById.get(i.type_id)?.category;
      byCategory[c] = (byCategory[c] || 0) + 1;
    }
    const tiles = (keys, counts, label, group) =>
      h(
        'div',
        { class: 'tiles', role: 'group', 'aria-label': label },
        keys
          .filter((k) => counts[k])
          .map((k) =>
            h(
              'div',
              { class: 'tile', 'data-count': `${group}.${k}` },
              h('span', { class: 'n' }, counts[k]),
              h('span', {}, tEnum(group, k)),
            ),
          ),
      );
    const status = select(
      [['', t('common.all')], ...STATUSES.map((s) => [s, tEnum('status', s)])],
      { id: 'stock-status' },
    );
    const type = select([['', t('common.all')], ...types.map((x) => [String(x.id), x.name])], {
      id: 'stock-type',
    });
    const category = select(
      [['', t('common.all')], ...CATEGORIES.map((c) => [c, tEnum('category', c)])],
      { id: 'stock-category' },
    );
    const place = h('input', { type: 'search', id: 'stock-place' });
    const text = h('input', { type: 'search', id: 'stock-text' });
    const list = h('div', { id: 'stock-list' });
    const chosen = new Set();
    const printButton = h(
      'button',
      {
        type: 'button',
        id: 'stock-labels',
        disabled: true,
        onclick: () =>
          window.open(`/api/v1/labels.pdf?items=${[...chosen].join(',')}`, '_blank', 'noopener'),
      },
      t('cat.print_labels'),
    );
    const countChosen = () => {
      printButton.disabled = chosen.size === 0;
      printButton.textContent = chosen.size
        ? t('cat.print_labels_n', { n: chosen.size })
        : t('cat.print_labels');
    };
    const every = checkbox(t('cat.choose_all'), { id: 'stock-all' });
    const everyBox = every.box;
    everyBox.addEventListener('change', () => {
      for (const box of list.querySelectorAll('input[data-item]')) {
        box.checked = everyBox.checked;
        if (everyBox.checked) chosen.add(box.dataset.item);
        else chosen.delete(box.dataset.item);
      }
      countChosen();
    });
    let shown = 0;
    const load = async () => {
      const mine = ++shown;
      const items = await getAll(
        '/items' +
          q({
            point_id: point,
            status: status.value,
            type_id: type.value,
            category: category.value,
            storage_place: place.value.trim(),
            q: text.value.trim(),
          }),
        500,
      );
      if (mine !== shown) return;
      chosen.clear();
      countChosen();
      everyBox.checked = false;
      everyBox.disabled = items.length === 0;
      mount(
        list,
        items.length
          ? table(
              [
                '',
                t('item.inv'),
                t('item.name'),
                t('item.type'),
                t('item.status'),
                t('cat.storage_place'),
                '',
              ],
              items.map((i) => [
                h('input', {
                  type: 'checkbox',
                  'data-item': i.id,
                  'aria-label': t('cat.choose', { inv: i.inventory_number }),
                  onchange: (ev) => {
                    if (ev.target.checked) chosen.add(String(i.id));
                    else chosen.delete(String(i.id));
                    countChosen();
                  },
                }),
                h('a', { href: `#/item/${i.id}` }, i.inventory_number),
                i.name,
                typeById.get(i.type_id)?.name || '',
                h('span', { class: 'status status-' + i.status }, tEnum('status', i.status)),
                i.storage_place || '—',
                h(
                  'a',
                  {
                    href: `#/catalogue/items/${i.id}/edit`,
                    'aria-label': t('cat.edit_of', { inv: i.inventory_number }),
                  },
                  t('cat.edit'),
                ),
              ]),
              t('cat.found', { n: items.length }),
            )
          : h('p', { class: 'muted' }, t('items.none')),
      );
    };
    const show = () =>
      load().catch((e) => mount(list, h('p', { class: 'error', role: 'alert' }, errorText(e))));
    for (const s of [status, type, category]) s.addEventListener('change', show);
    const form = h(
      'form',
      { class: 'card row filters', role: 'search' },
      field(t('item.status'), status),
      field(t('item.type'), type),
      field(t('cat.category'), category),
      field(t('cat.storage_place'), place),
      field(t('items.text'), text),
      h('button', { type: 'submit' }, t('common.search')),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      show();
    });
    await load();
    return h(
      'div',
      {},
      h('h1', {}, t('cat.title')),
      subnav(),
      h('h2', {}, t('cat.by_status', { n: all.length })),
      tiles(STATUSES, byStatus, t('cat.by_status', { n: all.length }), 'status'),
      h('h2', {}, t('cat.by_category')),
      tiles(CATEGORIES, byCategory, t('cat.by_category'), 'category'),
      form,
      h('p', { class: 'actions' }, every.el, printButton),
      list,
    );
  },
  DESK,
);

// ---------------------------------------------------------------------------------------------
// Item types.

route(
  '#/catalogue/types',
  async () => {
    const types = (await get('/item-types')).items;
    return h(
      'div',
      {},
      h('h1', {}, t('cat.types')),
      subnav(),
      h(
        'p',
        { class: 'actions' },
        h(
          'a',
          { href: '#/catalogue/types/new', class: 'button primary', id: 'type-new' },
          t('cat.type_new'),
        ),
      ),
      types.length
        ? table(
            [
              t('item.name'),
              t('cat.category'),
              t('cat.default_term'),
              t('cat.max_term'),
              t('cat.parts'),
            ],
            types.map((x) => [
              h('a', { href: `#/catalogue/types/${x.id}` }, x.name),
              tEnum('category', x.category),
              t('cat.days', { n: x.default_term_days }),
              x.max_term_days ? t('cat.days', { n: x.max_term_days }) : '—',
              x.components.map((c) => `${c.name} × ${c.quantity}`).join(', ') || '—',
            ]),
          )
        : h('p', { class: 'muted' }, t('cat.no_types')),
    );
  },
  DESK,
);

// The published rules documents, as [id, title].
async function rulesDocuments() {
  return (await get('/rules')).items.map((d) => [d.id, d.title]);
}

route(
  '#/catalogue/types/:id',
  async ({ id }) => {
    const isNew = id === 'new';
    const types = (await get('/item-types')).items;
    const type = isNew ? null : await get(`/item-types/${id}`);
    const docs = await rulesDocuments();
    const name = h('input', { id: 'type-name', required: true, value: type?.name || '' });
    const category = select(
      CATEGORIES.map((c) => [c, tEnum('category', c)]),
      { id: 'type-category', value: type?.category || 'rehabilitation' },
    );
    const term = h('input', {
      id: 'type-term',
      type: 'number',
      min: 1,
      max: 366,
      required: true,
      value: type?.default_term_days ?? 90,
    });
    const limit = h('input', {
      id: 'type-limit',
      type: 'number',
      min: 1,
      max: 3660,
      value: type?.max_term_days ?? '',
    });
    const rules = select(
      [
        ...docs.map(([doc, title]) => [String(doc), title]),
        // Publishing rules is an admin's: staff choose among the published ones.
        ...(can('admin') ? [['new', t('cat.rules_new')]] : []),
      ],
      { id: 'type-rules', value: String(type?.rules_document_id ?? docs[0]?.[0] ?? 'new') },
    );
    const rulesTitle = h('input', { id: 'type-rules-title' });
    const rulesText = h('textarea', { id: 'type-rules-text', rows: 5 });
    const newRules = h(
      'div',
      { class: 'subform' },
      field(t('cat.rules_title'), rulesTitle),
      field(t('cat.rules_text'), rulesText),
    );
    const showNewRules = () => (newRules.hidden = rules.value !== 'new');
    rules.addEventListener('change', showNewRules);
    showNewRules();
    const parts = rowsEditor(t('cat.parts_default'), type?.components || [], true, 'type-part');
    const documents = rowsEditor(t('cat.documents'), type?.documents || [], false, 'type-doc');
    const error = errorBox();
    const submit = h(
      'button',
      { type: 'submit', class: 'primary', id: 'type-save' },
      t('cat.save'),
    );
    const key = newKey();
    const form = h(
      'form',
      { class: 'card', 'aria-labelledby': 'type-h' },
      h('div', { class: 'row' }, field(t('item.name'), name), field(t('cat.category'), category)),
      h(
        'div',
        { class: 'row' },
        field(t('cat.default_term_days'), term),
        field(t('cat.max_term_days'), limit, t('cat.max_term_hint')),
      ),
      field(t('cat.rules'), rules),
      newRules,
      parts.el,
      documents.el,
      error,
      h(
        'p',
        { class: 'actions' },
        submit,
        h('a', { href: '#/catalogue/types' }, t('common.cancel')),
      ),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      busy(submit, error, async () => {
        let rulesId = rules.value;
        if (rulesId === 'new') {
          const published = await post(
            '/rules',
            { title: rulesTitle.value.trim(), text: rulesText.value.trim() },
            { idempotencyKey: key + '-rules' },
          );
          rulesId = published.document_id;
        }
        const body = {
          name: name.value.trim(),
          category: category.value,
          default_term_days: Number(term.value),
          max_term_days: limit.value ? Number(limit.value) : null,
          rules_document_id: Number(rulesId),
          components: parts.value(),
          documents: documents.value(),
        };
        const saved = isNew
          ? await post('/item-types', body, { idempotencyKey: key })
          : await patch(`/item-types/${id}`, body);
        notify(t(isNew ? 'cat.type_created' : 'cat.type_saved', { name: saved.name }), 'ok');
        go('#/catalogue/types');
      });
    });
    return h(
      'div',
      {},
      h('h1', { id: 'type-h' }, isNew ? t('cat.type_new') : type.name),
      subnav(),
      form,
    );
  },
  DESK,
);

// ---------------------------------------------------------------------------------------------
// Items: register and edit; the label printed alone.

// Prints the item's label and nothing else: the label image in a hidden frame of its own, so the
// page around it (menus, forms) never reaches the printer.
export function printLabel(itemId) {
  document.getElementById('label-print-frame')?.remove();
  const frame = h('iframe', {
    id: 'label-print-frame',
    title: t('item.label'),
    'aria-hidden': 'true',
    tabindex: '-1',
    class: 'print-frame',
  });
  // No inline <style> (the page's CSP refuses it): the label is sized through the CSSOM.
  frame.srcdoc = `<!doctype html><img id="label" src="/api/v1/items/${Number(itemId)}/label.svg" alt="">`;
  frame.addEventListener('load', () => {
    const doc = frame.contentDocument;
    const img = doc.getElementById('label');
    doc.body.style.margin = '0';
    Object.assign(img.style, { display: 'block', width: '100%', height: 'auto' });
    const print = () => {
      frame.contentWindow.focus();
      frame.contentWindow.print();
    };
    if (img.complete) print();
    else img.addEventListener('load', print, { once: true });
  });
  document.body.append(frame);
}

async function conditionJpeg(file) {
  const blob = await shrinkPhoto(file, 1280, 0.82);
  if (!blob) throw new Error(t('photo.too_large'));
  return blob;
}

async function itemForm({ id }) {
  const isNew = !id;
  const [types, item, points] = await Promise.all([
    get('/item-types').then((r) => r.items),
    isNew ? null : get(`/items/${id}`),
    isNew ? get('/points').then((r) => r.items) : [],
  ]);
  if (!types.length)
    return h(
      'div',
      {},
      h('h1', {}, t('cat.item_new')),
      subnav(),
      h(
        'p',
        {},
        t('cat.no_types'),
        ' ',
        h('a', { href: '#/catalogue/types/new' }, t('cat.type_new')),
      ),
    );
  const type = select(
    types.map((x) => [String(x.id), x.name]),
    { id: 'item-type', value: String(item?.type_id ?? types[0].id) },
  );
  const input = (idName, value, attrs = {}) =>
    h('input', { id: idName, value: value ?? '', ...attrs });
  const name = input('item-name', item?.name, { required: true });
  const number = input('item-number', item?.inventory_number, {
    required: true,
    disabled: !isNew,
  });
  // A new item's point: asked for only when the account has several and none is chosen.
  const point =
    points.length > 1
      ? select(
          points.map((p) => [String(p.id), p.name]),
          { id: 'item-point', value: chosenPoint() || String(points[0].id) },
        )
      : null;
  const serial = input('item-serial', item?.serial_number);
  const gtin = input('item-gtin', item?.gtin, { inputmode: 'numeric', disabled: !isNew });
  const condition = select(
    CONDITIONS.map((c) => [c, tEnum('condition', c)]),
    { id: 'item-condition', value: item?.condition || 'new' },
  );
  const funding = input('item-funding', item?.funding_source);
  const place = input('item-place', item?.storage_place);
  const acquired = input('item-acquired', item?.acquired_on, { type: 'date' });
  const cost = input(
    'item-cost',
    item?.cost_kopecks != null ? (item.cost_kopecks / 100).toFixed(2) : '',
    { type: 'number', min: 0, step: '0.01' },
  );
  const notes = h('textarea', { id: 'item-notes', rows: 2 }, item?.notes || '');
  const typeOf = () => types.find((x) => String(x.id) === type.value);
  const parts = rowsEditor(
    t('ho.components'),
    item ? item.components : typeOf().components,
    true,
    'item-part',
  );
  const documents = rowsEditor(
    t('ho.documents'),
    item ? item.documents : typeOf().documents,
    false,
    'item-doc',
  );
  // A new item starts with its type's default set; changing the type offers the new type's.
  if (isNew)
    type.addEventListener('change', () => {
      parts.fill(typeOf().components);
      documents.fill(typeOf().documents);
    });
  const photos = [];
  const photoInput = h('input', {
    type: 'file',
    accept: 'image/*',
    capture: 'environment',
    multiple: true,
    id: 'item-photos',
    class: 'visually-hidden',
  });
  const thumbs = h('span', { class: 'thumbs' });
  photoInput.addEventListener('change', async () => {
    for (const file of [...photoInput.files]) {
      try {
        const blob = await conditionJpeg(file);
        photos.push(blob);
        thumbs.append(
          h('span', { class: 'thumb' }, h('img', { src: URL.createObjectURL(blob), alt: '' })),
        );
      } catch (e) {
        error.textContent = errorText(e);
      }
    }
    photoInput.value = '';
  });
  const error = errorBox();
  const submit = h(
    'button',
    { type: 'submit', class: 'primary', id: 'item-save' },
    isNew ? t('cat.register') : t('cat.save'),
  );
  const key = newKey();
  const form = h(
    'form',
    { class: 'card' },
    point ? field(t('points.label'), point) : null,
    h('div', { class: 'row' }, field(t('item.type'), type), field(t('item.name'), name)),
    h(
      'div',
      { class: 'row' },
      field(t('item.inv'), number),
      field(t('item.serial'), serial),
      field(t('cat.gtin'), gtin),
    ),
    h(
      'div',
      { class: 'row' },
      field(t('ho.condition'), condition),
      field(t('item.funding'), funding),
      field(t('cat.storage_place'), place, t('cat.storage_hint')),
    ),
    h('div', { class: 'row' }, field(t('cat.acquired_on'), acquired), field(t('cat.cost'), cost)),
    parts.el,
    documents.el,
    field(t('cat.notes'), notes),
    h(
      'div',
      { class: 'field photo-button' },
      h('span', { class: 'label' }, t('cat.photos')),
      photoInput,
      h('label', { for: 'item-photos', class: 'button small' }, t('cat.photo_add')),
      thumbs,
    ),
    error,
    h('p', { class: 'actions' }, submit),
  );
  const page = h(
    'div',
    {},
    h('h1', {}, isNew ? t('cat.item_new') : t('cat.item_edit', { inv: item.inventory_number })),
    subnav(),
    form,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, error, async () => {
      const body = {
        name: name.value.trim(),
        serial_number: serial.value.trim(),
        type_id: Number(type.value),
        condition: condition.value,
        funding_source: funding.value.trim(),
        storage_place: place.value.trim(),
        acquired_on: acquired.value || null,
        cost_kopecks: cost.value === '' ? null : Math.round(Number(cost.value) * 100),
        components: parts.value(),
        documents: documents.value(),
        notes: notes.value.trim(),
      };
      let saved;
      if (isNew) {
        body.inventory_number = number.value.trim();
        if (gtin.value.trim()) body.gtin = gtin.value.trim();
        const pointId = point ? point.value : points.length === 1 ? String(points[0].id) : '';
        if (pointId) body.point_id = Number(pointId);
        for (const k of ['acquired_on', 'cost_kopecks']) if (body[k] === null) delete body[k];
        saved = await post('/items', body, { idempotencyKey: key });
      } else {
        saved = await patch(`/items/${id}`, body);
      }
      for (let i = 0; i < photos.length; i++)
        await api('POST', `/items/${saved.id}/photos?occasion=inspection`, photos[i], {
          idempotencyKey: `${key}-photo-${i}`,
        });
      if (isNew) mount(page, registered(saved));
      else {
        notify(t('cat.item_saved', { inv: saved.inventory_number }), 'ok');
        go(`#/item/${saved.id}`);
      }
    });
  });
  return page;
}

// After registering: the label, printed at once by the button, and where to go next.
function registered(item) {
  const printButton = h(
    'button',
    { type: 'button', class: 'primary', id: 'label-print', onclick: () => printLabel(item.id) },
    t('item.print_label'),
  );
  setTimeout(() => printButton.focus(), 0);
  return h(
    'div',
    {},
    h('h1', {}, t('cat.registered', { inv: item.inventory_number })),
    subnav(),
    h(
      'section',
      { class: 'card label-box', 'aria-labelledby': 'reg-label-h' },
      h('h2', { id: 'reg-label-h' }, t('item.label')),
      h('img', {
        src: `/api/v1/items/${item.id}/label.svg`,
        alt: t('item.label_of', { label: item.label }),
        class: 'label-img',
      }),
      h(
        'p',
        { class: 'actions' },
        printButton,
        h('a', { href: `#/item/${item.id}`, class: 'button' }, t('cat.to_card')),
        h(
          'a',
          {
            href: '#/catalogue/items/new',
            class: 'button',
            onclick: () => go('#/catalogue/items/new'),
          },
          t('cat.register_more'),
        ),
      ),
    ),
  );
}

route('#/catalogue/items/new', () => itemForm({}), DESK);
route('#/catalogue/items/:id/edit', ({ id }) => itemForm({ id }), DESK);

// ---------------------------------------------------------------------------------------------
// Kits and multiboxes.

route(
  '#/catalogue/kits',
  async () => {
    const kits = (await get('/kits' + q({ point_id: chosenPoint() }))).items;
    return h(
      'div',
      {},
      h('h1', {}, t('cat.kits')),
      subnav(),
      h(
        'p',
        { class: 'actions' },
        h(
          'a',
          { href: '#/catalogue/kits/new', class: 'button primary', id: 'kit-new' },
          t('cat.kit_new'),
        ),
      ),
      kits.length
        ? table(
            [t('item.name'), t('cat.kit_kind'), t('cat.kit_items'), t('item.point')],
            kits.map((k) => [
              h('a', { href: `#/catalogue/kits/${k.id}` }, k.name),
              tEnum('cat.kind', k.kind),
              k.item_ids.length,
              pointName(k.point_id),
            ]),
          )
        : h('p', { class: 'muted' }, t('cat.no_kits')),
    );
  },
  DESK,
);

route(
  '#/catalogue/kits/:id',
  async ({ id }) => {
    const isNew = id === 'new';
    const kit = isNew ? null : await get(`/kits/${id}`);
    if (kit?.taken_apart_at)
      return h(
        'div',
        {},
        h('h1', {}, kit.name),
        subnav(),
        h('p', {}, t('cat.kit_was_taken_apart', { date: fmtDate(kit.taken_apart_at) })),
      );
    const point = kit ? String(kit.point_id) : chosenPoint();
    const [free, own] = await Promise.all([
      getAll('/items' + q({ point_id: point, status: 'available' }), 500).then((l) =>
        l.filter((i) => !i.kit_id),
      ),
      kit ? Promise.all(kit.item_ids.map((i) => get(`/items/${i}`))) : [],
    ]);
    const lent = own.some((i) => OUT.includes(i.status));
    const picked = new Map(own.map((i) => [i.id, i]));
    const known = new Map([...free, ...own].map((i) => [i.id, i]));
    const name = h('input', { id: 'kit-name', required: true, value: kit?.name || '' });
    const kind = select(
      ['multibox', 'kit'].map((k) => [k, tEnum('cat.kind', k)]),
      { id: 'kit-kind', value: kit?.kind || 'multibox', disabled: !isNew },
    );
    const notes = h('textarea', { id: 'kit-notes', rows: 2 }, kit?.notes || '');
    const loose = rowsEditor(t('cat.loose_parts'), kit?.loose_components || [], true, 'kit-part');
    const chosenList = h('div', { id: 'kit-chosen' });
    const freeList = h('div', { id: 'kit-free' });
    const freeFilter = h('input', { type: 'search', id: 'kit-free-filter' });
    freeFilter.addEventListener('input', () => draw());
    const draw = () => {
      mount(
        chosenList,
        picked.size
          ? table(
              [t('item.inv'), t('item.name'), ''],
              [...picked.values()].map((i) => [
                i.inventory_number,
                i.name,
                lent
                  ? ''
                  : h(
                      'button',
                      {
                        type: 'button',
                        class: 'small',
                        'aria-label': t('cat.kit_take_out', { inv: i.inventory_number }),
                        onclick: () => {
                          picked.delete(i.id);
                          draw();
                        },
                      },
                      t('common.remove'),
                    ),
              ]),
              t('cat.kit_items_n', { n: picked.size }),
            )
          : h('p', { class: 'muted' }, t('cat.kit_empty')),
      );
      const needle = freeFilter.value.trim().toLowerCase();
      const rest = free.filter(
        (i) =>
          !picked.has(i.id) &&
          (!needle || `${i.inventory_number} ${i.name}`.toLowerCase().includes(needle)),
      );
      mount(
        freeList,
        rest.length
          ? table(
              [t('item.inv'), t('item.name'), ''],
              rest.slice(0, FREE_SHOWN).map((i) => [
                i.inventory_number,
                i.name,
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'small',
                    'data-item': i.id,
                    disabled: lent,
                    'aria-label': t('cat.kit_put_in_of', { inv: i.inventory_number }),
                    onclick: () => {
                      picked.set(i.id, i);
                      draw();
                    },
                  },
                  t('cat.kit_put_in'),
                ),
              ]),
              rest.length > FREE_SHOWN
                ? t('cat.free_more', { shown: FREE_SHOWN, n: rest.length })
                : t('cat.found', { n: rest.length }),
            )
          : h('p', { class: 'muted' }, t('cat.no_free')),
      );
    };
    draw();
    if (!lent)
      setScanHandler(async (code, source, found) => {
        const r = await lookup(code, found);
        const item = r.kind === 'item' ? known.get(r.item_id) : null;
        if (!item) {
          scanStatus('error', t('cat.scan_not_free'));
          return;
        }
        picked.set(item.id, item);
        scanStatus('ok', t('cat.scan_added', { inv: item.inventory_number }));
        draw();
      });
    const error = errorBox();
    const submit = h(
      'button',
      { type: 'submit', class: 'primary', id: 'kit-save', disabled: lent },
      isNew ? t('cat.kit_compose') : t('cat.save'),
    );
    const key = newKey();
    const apart = isNew
      ? null
      : h(
          'button',
          {
            type: 'button',
            id: 'kit-apart',
            disabled: lent,
            onclick: () => {
              if (!window.confirm(t('cat.kit_apart_confirm', { name: kit.name }))) return;
              busy(apart, error, async () => {
                await post(`/kits/${id}/take-apart`, {}, { idempotencyKey: key + '-apart' });
                notify(t('cat.kit_taken_apart', { name: kit.name }), 'ok');
                go('#/catalogue/kits');
              });
            },
          },
          t('cat.kit_apart'),
        );
    const form = h(
      'form',
      { class: 'card' },
      h('div', { class: 'row' }, field(t('item.name'), name), field(t('cat.kit_kind'), kind)),
      lent ? h('p', { class: 'warning', id: 'kit-lent' }, t('cat.kit_lent')) : null,
      h('h2', {}, t('cat.kit_items')),
      chosenList,
      loose.el,
      field(t('cat.notes'), notes),
      error,
      h('p', { class: 'actions' }, submit, apart),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      busy(submit, error, async () => {
        const body = {
          name: name.value.trim(),
          item_ids: [...picked.keys()],
          loose_components: loose.value(),
          notes: notes.value.trim(),
        };
        const saved = isNew
          ? await post(
              '/kits',
              { ...body, kind: kind.value, ...(point ? { point_id: Number(point) } : {}) },
              { idempotencyKey: key },
            )
          : await patch(`/kits/${id}`, body);
        notify(t(isNew ? 'cat.kit_created' : 'cat.kit_saved', { name: saved.name }), 'ok');
        go(`#/catalogue/kits/${saved.id}`);
      });
    });
    return h(
      'div',
      {},
      h('h1', {}, isNew ? t('cat.kit_new') : kit.name),
      subnav(),
      lent ? null : scanPanel(),
      h(
        'div',
        { class: 'columns' },
        form,
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'kit-free-h' },
          h('h2', { id: 'kit-free-h' }, t('cat.free_items')),
          field(t('items.text'), freeFilter),
          freeList,
        ),
      ),
    );
  },
  DESK,
);
