// Hand-over at the desk: family (search or new), child, items scanned in with their condition
// and components, term, delivery by driver or not; then the draft, the usage rules, the
// signatures and the activation, and the act opens for printing.
import { h, mount, field, checkbox, select, uid, today, addDays } from './dom.js';
import { t, tEnum } from './i18n.js';
import { get, post, patch, api, q, errorText } from './api.js';
import { route, go, notify, session } from './app.js';
import { scanPanel, setScanHandler, scanStatus } from './scan.js';
import { signaturePad } from './signature.js';
import { familyForm } from './families.js';
import { photoPicker, uploadPhotos } from './photos.js';
import { chosenPoint } from './points.js';

export const CONDITIONS = ['new', 'good', 'fair', 'poor', 'broken'];
let draft = null;
const fresh = () => ({ family: null, child: null, lines: [], kits: [], term: 3, mode: 'at_point' });

export async function startHandoverWith({ item, kit }) {
  draft = draft || fresh();
  if (location.hash !== '#/handover') {
    session.pendingHandover = { item, kit };
    return go('#/handover');
  }
  return addToDraft({ item, kit });
}

async function addItem(id) {
  if (draft.lines.some((l) => l.item.id === id)) return scanStatus('error', t('ho.already_added'));
  const item = await get(`/items/${id}`);
  if (!['available', 'reserved'].includes(item.status)) {
    return scanStatus(
      'error',
      t('desk.item_status', {
        item: `${item.inventory_number} · ${item.name}`,
        status: tEnum('status', item.status),
      }),
    );
  }
  draft.lines.push({
    item,
    condition: item.condition,
    present: item.components.map(() => true),
    photos: [],
  });
  scanStatus('ok', t('ho.added', { item: `${item.inventory_number} · ${item.name}` }));
}

async function addToDraft({ item, kit }) {
  if (item) await addItem(item);
  if (kit) {
    if (draft.kits.some((k) => k.id === kit)) return scanStatus('error', t('ho.already_added'));
    const k = await get(`/kits/${kit}`);
    const items = await Promise.all(k.item_ids.map((i) => get(`/items/${i}`)));
    const busy = items.find((i) => !['available', 'reserved'].includes(i.status));
    if (busy)
      return scanStatus(
        'error',
        t('desk.item_status', {
          item: busy.inventory_number,
          status: tEnum('status', busy.status),
        }),
      );
    draft.kits.push({ ...k, items });
    scanStatus('ok', t('ho.added', { item: k.name }));
  }
  renderLines();
}

let linesEl = null;
function renderLines() {
  if (!linesEl) return;
  const itemRow = (line, removable) => {
    const cond = select(
      CONDITIONS.map((c) => [c, tEnum('condition', c)]),
      {
        value: line.condition,
        'aria-label': t('ho.condition_of', { item: line.item.inventory_number }),
      },
    );
    cond.addEventListener('change', () => {
      line.condition = cond.value;
    });
    const comps = line.item.components.map((c, i) => {
      const { box, el } = checkbox(`${c.name} × ${c.quantity}`, { checked: line.present[i] });
      box.addEventListener('change', () => {
        line.present[i] = box.checked;
      });
      return el;
    });
    return h(
      'li',
      { class: 'line', 'data-item': line.item.id },
      h(
        'div',
        { class: 'line-head' },
        h('strong', {}, line.item.inventory_number),
        ' ',
        line.item.name,
        removable
          ? h(
              'button',
              {
                type: 'button',
                class: 'small',
                'aria-label': t('ho.remove_item', { item: line.item.inventory_number }),
                onclick: () => {
                  draft.lines = draft.lines.filter((l) => l !== line);
                  renderLines();
                },
              },
              t('common.remove'),
            )
          : null,
      ),
      h(
        'div',
        { class: 'line-body' },
        h(
          'div',
          { class: 'condition-row' },
          h('label', { class: 'inline' }, t('ho.condition'), ' ', cond),
          photoPicker(line.photos, line.item.inventory_number, (e) =>
            scanStatus('error', errorText(e)),
          ),
        ),
        comps.length
          ? h('fieldset', { class: 'components' }, h('legend', {}, t('ho.components')), comps)
          : null,
        line.item.documents.length
          ? h(
              'p',
              { class: 'muted small' },
              t('ho.documents'),
              ': ',
              line.item.documents.join(', '),
            )
          : null,
      ),
    );
  };
  mount(
    linesEl,
    draft.lines.length || draft.kits.length
      ? h(
          'ul',
          { class: 'lines' },
          draft.lines.map((l) => itemRow(l, true)),
          draft.kits.map((k) =>
            h(
              'li',
              { class: 'line kit' },
              h(
                'div',
                { class: 'line-head' },
                h('strong', {}, k.name),
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'small',
                    onclick: () => {
                      draft.kits = draft.kits.filter((x) => x !== k);
                      renderLines();
                    },
                  },
                  t('common.remove'),
                ),
              ),
              h(
                'p',
                { class: 'muted small' },
                k.items.map((i) => `${i.inventory_number} ${i.name}`).join('; '),
                k.loose_components.length
                  ? ' + ' + k.loose_components.map((c) => c.name).join(', ')
                  : '',
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, t('ho.scan_items')),
  );
}

function familySection(onPicked) {
  const out = h('div', {});
  const search = h('input', { type: 'search', autocomplete: 'off' });
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  let timer = null;
  const run = async () => {
    const text = search.value.trim();
    if (text.length < 2) return mount(results);
    const page = await get('/families' + q({ q: text, point: chosenPoint(), limit: 8 }));
    mount(
      results,
      page.items.length
        ? h(
            'ul',
            { class: 'pick' },
            page.items.map((f) =>
              h(
                'li',
                {},
                h(
                  'button',
                  { type: 'button', onclick: () => pick(f.id) },
                  `${f.representative} · ${f.phone} · ${f.address}`,
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, t('ho.no_family')),
    );
  };
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      run();
    }
  });
  const pick = async (id) => {
    draft.family = await get(`/families/${id}`);
    draft.child = draft.family.children[0]?.id ?? null;
    onPicked();
  };
  const newForm = h('div', {});
  const newButton = h(
    'button',
    {
      type: 'button',
      onclick: () =>
        mount(
          newForm,
          familyForm(async (f) => {
            draft.family = f;
            draft.child = f.children[0]?.id ?? null;
            onPicked();
          }),
        ),
    },
    t('ho.new_family'),
  );
  mount(
    out,
    field(t('ho.family_search'), search, t('ho.family_search_hint')),
    results,
    newButton,
    newForm,
  );
  return out;
}

function chosenFamily(onChange) {
  const f = draft.family;
  const radios = f.children.map((c) => {
    const r = h('input', {
      type: 'radio',
      name: 'child',
      id: uid('ch'),
      value: c.id,
      checked: draft.child === c.id,
    });
    r.addEventListener('change', () => {
      draft.child = c.id;
    });
    return h(
      'label',
      { class: 'check', for: r.id },
      r,
      ' ',
      `${c.name}, ${c.birth_date} · ${tEnum('childcat', c.category)}`,
    );
  });
  return h(
    'div',
    { class: 'chosen' },
    h(
      'p',
      {},
      h('strong', {}, f.representative),
      ` · ${f.phone} · ${f.address}`,
      ' ',
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          onclick: () => {
            draft.family = null;
            onChange();
          },
        },
        t('ho.change_family'),
      ),
    ),
    radios.length
      ? h('fieldset', {}, h('legend', {}, t('ho.child')), radios)
      : h('p', { class: 'muted' }, t('ho.no_children')),
  );
}

// The loan term bounds in force (an admin may change them at any time); 1..6, the defaults,
// when the server cannot be asked.
async function termBounds() {
  try {
    const c = await get('/clock');
    if (c.min_term_months && c.max_term_months) return [c.min_term_months, c.max_term_months];
  } catch {
    /* offline: the defaults */
  }
  return [1, 6];
}

async function termSection() {
  const [min, max] = await termBounds();
  draft.term = Math.min(Math.max(draft.term, min), max);
  const months = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const term = select(
    months.map((m) => [String(m), t('ho.months', { n: m })]),
    { value: String(draft.term) },
  );
  term.addEventListener('change', () => {
    draft.term = Number(term.value);
  });
  const modeBox = h('fieldset', {}, h('legend', {}, t('ho.mode')));
  const deliveryFields = h('div', { class: 'delivery-fields', hidden: draft.mode !== 'delivery' });
  for (const mode of ['at_point', 'delivery']) {
    const r = h('input', {
      type: 'radio',
      name: 'mode',
      id: 'mode-' + mode,
      value: mode,
      checked: draft.mode === mode,
    });
    r.addEventListener('change', () => {
      draft.mode = mode;
      deliveryFields.hidden = mode !== 'delivery';
    });
    modeBox.append(h('label', { class: 'check', for: r.id }, r, ' ', t('ho.mode.' + mode)));
  }
  const trip = await tripFields('ho', addDays(today(), 1), draft.family?.address || '');
  draft.delivery = () => trip.value(draft.family?.address || '');
  mount(deliveryFields, trip.el);
  return h('div', {}, field(t('ho.term'), term), modeBox, deliveryFields);
}

// The fields of a trip by driver (a delivery or a pickup): driver, date, address; ids start
// with `prefix`. value(fallbackAddress) gives the fields of POST /deliveries.
export async function tripFields(prefix, date, address) {
  let drivers = [];
  try {
    drivers = (await get('/drivers')).items;
  } catch {
    /* listed on the server side only */
  }
  const driver = select(
    drivers.map((d) => [String(d.id), d.display_name]),
    { id: prefix + '-driver' },
  );
  const day = h('input', { type: 'date', id: prefix + '-date', value: date, min: today() });
  const place = h('input', { id: prefix + '-address', value: address });
  return {
    drivers,
    el: [field(t('ho.driver'), driver), field(t('ho.date'), day), field(t('ho.address'), place)],
    value: (fallback) => ({
      driver_id: Number(driver.value),
      planned_on: day.value,
      address: place.value.trim() || fallback,
    }),
  };
}

async function createDraft() {
  for (const l of draft.lines) {
    if (l.condition !== l.item.condition)
      await patch(`/items/${l.item.id}`, { condition: l.condition });
  }
  const body = {
    family_id: draft.family.id,
    items: draft.lines.map((l) => l.item.id),
    kits: draft.kits.map((k) => k.id),
    term_months: draft.term,
    delivery_mode: draft.mode,
    start_date: today(),
  };
  if (draft.child) body.child_id = draft.child;
  return post('/agreements', body);
}

// After the draft: rules, signatures, activation.
async function finishSection(agreement, box) {
  const rules = (await get(`/agreements/${agreement.id}/rules`)).items;
  const acks = rules.map((r) => {
    const { box: cb, el } = checkbox(t('ho.rules_ack', { title: r.title, version: r.version }), {
      checked: r.acknowledged,
      disabled: r.acknowledged,
    });
    return { r, cb, el };
  });
  const delivery = draft.mode === 'delivery';
  const family = signaturePad(t('sig.family'));
  const staff = signaturePad(t('sig.staff'));
  const { box: paper, el: paperEl } = checkbox(t('sig.paper'));
  const error = h('p', { class: 'error', role: 'alert' });
  const activate = h(
    'button',
    { type: 'button', class: 'primary big', id: 'ho-activate' },
    t(delivery ? 'ho.activate_delivery' : 'ho.activate'),
  );
  activate.addEventListener('click', async () => {
    error.textContent = '';
    if (acks.some((a) => !a.cb.checked)) {
      error.textContent = t('ho.need_rules');
      return;
    }
    if (!delivery && !paper.checked && (family.blank() || staff.blank())) {
      error.textContent = t('ho.need_signatures');
      return;
    }
    activate.disabled = true;
    try {
      for (const a of acks)
        if (!a.r.acknowledged)
          await post(`/agreements/${agreement.id}/acknowledgments`, {
            rules_version_id: a.r.rules_version_id,
          });
      if (!delivery && !paper.checked) {
        for (const [signer, pad] of [
          ['family', family],
          ['staff', staff],
        ])
          await api(
            'POST',
            `/agreements/${agreement.id}/signatures?occasion=handover&signer=${signer}`,
            await pad.png(),
          );
      }
      await uploadPhotos(
        agreement.id,
        draft.lines.map((l) => ({ itemId: l.item.id, photos: l.photos })),
        'handover',
      );
      await post(`/agreements/${agreement.id}/activate`, {});
      if (delivery)
        await post('/deliveries', {
          agreement_id: agreement.id,
          kind: 'delivery',
          ...draft.delivery(),
        });
      draft = null;
      go(`#/act/handover/${agreement.id}`);
    } catch (e) {
      error.textContent = errorText(e);
      activate.disabled = false;
    }
  });
  mount(
    box,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'ho-rules' },
      h('h2', { id: 'ho-rules' }, t('ho.rules')),
      rules.map((r) =>
        h(
          'div',
          { class: 'rules-text', tabindex: 0, role: 'region', 'aria-label': r.title },
          h('h3', {}, `${r.title} (${t('ho.version')} ${r.version})`),
          h('p', {}, r.text),
        ),
      ),
      acks.map((a) => a.el),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'ho-sign' },
      h('h2', { id: 'ho-sign' }, t('ho.signatures')),
      delivery
        ? h('p', { class: 'muted' }, t('ho.sign_at_door'))
        : [h('div', { class: 'pads' }, family.el, staff.el), paperEl],
    ),
    error,
    h(
      'div',
      { class: 'actions' },
      activate,
      h(
        'button',
        {
          type: 'button',
          onclick: async () => {
            await post(`/agreements/${agreement.id}/cancel`, {});
            draft = null;
            go('#/desk');
          },
        },
        t('ho.cancel_draft'),
      ),
    ),
  );
  box.querySelector('h2').scrollIntoView({ block: 'start' });
}

route(
  '#/handover',
  async () => {
    draft = draft || fresh();
    const famBox = h('div', {});
    const renderFamily = () =>
      mount(famBox, draft.family ? chosenFamily(renderFamily) : familySection(renderFamily));
    renderFamily();
    linesEl = h('div', {});
    renderLines();
    setScanHandler(async (code, source, known) => {
      const found = known || (await get('/lookup' + q({ code })));
      if (found.kind === 'item') return addToDraft({ item: found.item_id });
      if (found.kind === 'kit') return addToDraft({ kit: found.kit_id });
      scanStatus(
        'error',
        found.kind === 'not_ours' ? t('scan.not_ours', { code }) : t('ho.not_an_item'),
      );
    });
    if (session.pendingHandover) {
      const p = session.pendingHandover;
      session.pendingHandover = null;
      setTimeout(() => addToDraft(p).catch((e) => scanStatus('error', errorText(e))), 0);
    }
    const finish = h('div', {});
    const error = h('p', { class: 'error', role: 'alert' });
    const create = h(
      'button',
      { type: 'button', class: 'primary big', id: 'ho-create' },
      t('ho.create'),
    );
    create.addEventListener('click', async () => {
      error.textContent = '';
      if (!draft.family) {
        error.textContent = t('ho.need_family');
        return;
      }
      if (!draft.lines.length && !draft.kits.length) {
        error.textContent = t('ho.need_items');
        return;
      }
      create.disabled = true;
      try {
        const agreement = await createDraft();
        notify(t('ho.draft_created', { id: agreement.id }), 'info');
        await finishSection(agreement, finish);
      } catch (e) {
        error.textContent = errorText(e);
        create.disabled = false;
      }
    });
    return h(
      'div',
      { class: 'handover' },
      h('h1', {}, t('ho.title')),
      scanPanel(),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'ho-f' },
        h('h2', { id: 'ho-f' }, t('ho.family')),
        famBox,
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'ho-i' },
        h('h2', { id: 'ho-i' }, t('ho.items')),
        linesEl,
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'ho-t' },
        h('h2', { id: 'ho-t' }, t('ho.term_mode')),
        await termSection(),
      ),
      error,
      h(
        'div',
        { class: 'actions' },
        create,
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              draft = null;
              go('#/desk');
            },
          },
          t('common.cancel'),
        ),
      ),
      finish,
    );
  },
  ['staff', 'admin'],
);
