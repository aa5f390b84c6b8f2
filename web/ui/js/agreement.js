// One agreement: its lines, and the return at the desk (scan what comes back, tick the
// components, note what is missing and the condition, sign), extension with a reason, the
// multibox swap, and the acts.
import { h, mount, field, checkbox, select, table, today, addDays, documentsCard } from './dom.js';
import { t, tEnum, fmtDate } from './i18n.js';
import { get, getAll, post, api, q, errorText } from './api.js';
import { route, go, can, notify, session } from './app.js';
import { scanPanel, setScanHandler, scanStatus } from './scan.js';
import { signaturePad } from './signature.js';
import { CONDITIONS, tripFields } from './handover.js';
import { photoPicker, uploadPhotos, photoGallery } from './photos.js';

const OPEN = ['active', 'extended', 'partly_returned'];

function returnForm(agreement, act) {
  const components = new Map(act ? act.lines.map((l) => [l.item_id, l.components]) : []);
  const rows = agreement.lines
    .filter((l) => l.open)
    .map((l) => {
      const { box: back, el: backEl } = checkbox(t('ret.comes_back'), { 'data-item': l.item_id });
      const comps = (components.get(l.item_id) || []).map((c) => {
        const { box, el } = checkbox(`${c.name} × ${c.quantity}`, {
          checked: true,
          'data-component': c.name,
        });
        return { c, box, el };
      });
      const cond = select(
        CONDITIONS.map((c) => [c, tEnum('condition', c)]),
        { value: 'good', 'aria-label': t('ho.condition_of', { item: l.inventory_number }) },
      );
      const note = h('input', {
        type: 'text',
        'aria-label': t('ret.damage_of', { item: l.inventory_number }),
        placeholder: t('ret.damage'),
      });
      const photos = [];
      const li = h(
        'li',
        { class: 'line', 'data-item': l.item_id },
        h(
          'div',
          { class: 'line-head' },
          h('strong', {}, l.inventory_number),
          ' ',
          l.name,
          ' ',
          backEl,
        ),
        h(
          'div',
          { class: 'line-body' },
          comps.length
            ? h(
                'fieldset',
                { class: 'components' },
                h('legend', {}, t('ret.components_present')),
                comps.map((x) => x.el),
              )
            : null,
          h(
            'div',
            { class: 'condition-row' },
            h('label', { class: 'inline' }, t('ho.condition'), ' ', cond),
            note,
            photoPicker(photos, l.inventory_number, (e) => scanStatus('error', errorText(e))),
          ),
        ),
      );
      back.addEventListener('change', () => li.classList.toggle('chosen-line', back.checked));
      return { l, back, comps, cond, note, li, photos };
    });
  const family = signaturePad(t('sig.family'));
  const { box: paper, el: paperEl } = checkbox(t('sig.paper'));
  const feedback = h('input', { type: 'text', id: 'ret-note' });
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h(
    'button',
    { type: 'button', class: 'primary big', id: 'ret-submit' },
    t('ret.submit'),
  );
  submit.addEventListener('click', async () => {
    error.textContent = '';
    const chosen = rows.filter((r) => r.back.checked);
    if (!chosen.length) {
      error.textContent = t('ret.nothing');
      return;
    }
    submit.disabled = true;
    try {
      if (!paper.checked && !family.blank())
        await api(
          'POST',
          `/agreements/${agreement.id}/signatures?occasion=return&signer=family`,
          await family.png(),
        );
      await uploadPhotos(
        agreement.id,
        chosen.map((r) => ({ itemId: r.l.item_id, photos: r.photos })),
        'return',
      );
      const body = {
        items: chosen.map((r) => ({
          item_id: r.l.item_id,
          condition: r.cond.value,
          damage_note: r.note.value.trim(),
          components: r.comps.map((x) => ({ name: x.c.name, present: x.box.checked })),
        })),
      };
      if (feedback.value.trim()) body.note = feedback.value.trim();
      const actDone = await post(`/agreements/${agreement.id}/returns`, body);
      go(`#/act/return/${agreement.id}/${actDone.id}`);
    } catch (e) {
      error.textContent = errorText(e);
      submit.disabled = false;
    }
  });
  const mark = (itemId) => {
    const row = rows.find((r) => r.l.item_id === itemId);
    if (!row) return false;
    row.back.checked = true;
    row.li.classList.add('chosen-line');
    return true;
  };
  const el = h(
    'section',
    { class: 'card', 'aria-labelledby': 'ret-h' },
    h('h2', { id: 'ret-h' }, t('ret.title')),
    h('p', { class: 'muted' }, t('ret.hint')),
    h(
      'ul',
      { class: 'lines' },
      rows.map((r) => r.li),
    ),
    field(t('ret.note'), feedback),
    h('div', { class: 'pads' }, family.el),
    paperEl,
    error,
    submit,
  );
  return { el, mark, rows };
}

function extendForm(agreement) {
  const date = h('input', {
    type: 'date',
    value: addDays(agreement.due_date, 30),
    min: addDays(agreement.due_date, 1),
  });
  const reason = h('input', { type: 'text' });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'ext-h' },
    h('h2', { id: 'ext-h' }, t('ext.title')),
    h('div', { class: 'row' }, field(t('ext.new_due'), date), field(t('ext.reason'), reason)),
    error,
    h('button', { type: 'submit' }, t('ext.submit')),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!reason.value.trim()) {
      error.textContent = t('ext.need_reason');
      reason.focus();
      return;
    }
    try {
      await post(`/agreements/${agreement.id}/extend`, {
        new_due_date: date.value,
        reason: reason.value.trim(),
      });
      notify(t('ext.done', { date: fmtDate(date.value) }), 'ok');
      go(`#/agreement/${agreement.id}`);
    } catch (e) {
      error.textContent = errorText(e);
    }
  });
  return form;
}

// A pickup by driver from the family's address, planned as a delivery is; the agreement's trips.
async function pickupForm(agreement, family) {
  const [trips, fields] = await Promise.all([
    getAll('/deliveries' + q({ agreement_id: agreement.id })),
    tripFields(
      'pk',
      agreement.due_date > today() ? agreement.due_date : addDays(today(), 1),
      family.address,
    ),
  ]);
  const drivers = new Map(fields.drivers.map((d) => [d.id, d.display_name]));
  const planned = trips.some((x) => x.kind === 'pickup' && ['planned', 'out'].includes(x.status));
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'pk-h' },
    h('h2', { id: 'pk-h' }, t('pk.title')),
    trips.length
      ? table(
          [t('drv.kind'), t('ho.date'), t('ho.driver'), t('ho.address'), t('board.trip_status')],
          trips.map((x) => [
            t('drv.kind.' + x.kind),
            fmtDate(x.planned_on),
            drivers.get(x.driver_id) || '',
            x.address,
            tEnum('trip', x.status),
          ]),
          t('pk.trips'),
        )
      : null,
    planned
      ? h('p', { class: 'muted' }, t('pk.already'))
      : [
          h('p', { class: 'muted' }, t('pk.hint')),
          h('div', { class: 'row' }, fields.el),
          error,
          h('button', { type: 'submit', id: 'pk-submit' }, t('pk.submit')),
        ],
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.textContent = '';
    const trip = fields.value(family.address);
    if (!trip.driver_id) {
      error.textContent = t('pk.need_driver');
      return;
    }
    try {
      await post('/deliveries', { agreement_id: agreement.id, kind: 'pickup', ...trip });
      notify(
        t('pk.done', { date: fmtDate(trip.planned_on), driver: drivers.get(trip.driver_id) || '' }),
        'ok',
      );
      go(`#/agreement/${agreement.id}`);
    } catch (e) {
      error.textContent = errorText(e);
    }
  });
  return form;
}

async function swapForm(agreement, kitId, act) {
  const kits = (await get('/kits' + q({ point_id: agreement.point_id, limit: 200 }))).items.filter(
    (k) => k.kind === 'multibox' && k.id !== kitId,
  );
  const next = select(kits.map((k) => [String(k.id), k.name]));
  const term = select(
    [1, 2, 3].map((m) => [String(m), t('ho.months', { n: m })]),
    { value: '1' },
  );
  const error = h('p', { class: 'error', role: 'alert' });
  const lines = act.lines.filter((l) => l.kit_id === kitId);
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'swap-h' },
    h('h2', { id: 'swap-h' }, t('swap.title')),
    h('p', { class: 'muted' }, t('swap.hint')),
    h('div', { class: 'row' }, field(t('swap.new_box'), next), field(t('ho.term'), term)),
    error,
    h('button', { type: 'submit' }, t('swap.submit')),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await post(`/agreements/${agreement.id}/swap`, {
        old_kit_id: kitId,
        new_kit_id: Number(next.value),
        term_months: Number(term.value),
        old_kit_lines: lines.map((l) => ({ item_id: l.item_id, condition: 'good' })),
      });
      go(`#/act/handover/${agreement.id}`);
    } catch (e) {
      error.textContent = errorText(e);
    }
  });
  return form;
}

// The agreement's PDFs, each only once it can be printed: the agreement from its draft; the
// handover act and the rules the family acknowledged once the act is signed; a return act per
// return; the multibox act and use report when a kit handed over is a multibox.
async function agreementDocuments(agreement, act, returns) {
  const base = `/api/v1/agreements/${agreement.id}`;
  const kitIds = act ? [...new Set(act.lines.map((l) => l.kit_id).filter(Boolean))] : [];
  const kits = await Promise.all(kitIds.map((k) => get(`/kits/${k}`).catch(() => null)));
  const multibox = kits.some((k) => k?.kind === 'multibox');
  const doc = (file, label) => ({ href: `${base}/${file}.pdf`, label, doc: file });
  return documentsCard(t('docs.title'), [
    doc('agreement', t('docs.agreement')),
    act ? doc('handover-act', t('docs.handover_act')) : null,
    act ? doc('rules', t('docs.rules')) : null,
    ...returns.map((r) => ({
      href: `${base}/return-acts/${r.id}/return-act.pdf`,
      label: t('docs.return_act', { date: fmtDate(r.returned_on) }),
      doc: 'return-act',
    })),
    multibox ? doc('multibox-act', t('docs.multibox_act')) : null,
    multibox ? doc('multibox-report', t('docs.multibox_report')) : null,
  ]);
}

route(
  '#/agreement/:id',
  async ({ id }) => {
    const agreement = await get(`/agreements/${id}`);
    const [family, act, returns, photos] = await Promise.all([
      get(`/families/${agreement.family_id}`),
      agreement.state === 'draft' ? null : get(`/agreements/${id}/handover-act`).catch(() => null),
      get(`/agreements/${id}/returns`)
        .then((r) => r.items)
        .catch(() => []),
      get(`/agreements/${id}/photos`)
        .then((r) => r.items.filter((p) => p.item_id !== null))
        .catch(() => []),
    ]);
    const numbers = new Map(agreement.lines.map((l) => [l.item_id, l.inventory_number]));
    const documents = await agreementDocuments(agreement, act, returns);
    const child = family.children.find((c) => c.id === agreement.child_id);
    const open = OPEN.includes(agreement.state);
    const ret = open && can('staff', 'admin') ? returnForm(agreement, act) : null;
    if (ret) {
      setScanHandler(async (code, source, known) => {
        const found = known || (await get('/lookup' + q({ code })));
        if (found.kind === 'item' && ret.mark(found.item_id))
          return scanStatus(
            'ok',
            t('ret.scanned', { item: `${found.inventory_number} · ${found.name}` }),
          );
        scanStatus(
          'error',
          found.kind === 'item'
            ? t('ret.not_in_agreement', { item: found.inventory_number })
            : t('scan.not_ours', { code }),
        );
      });
      if (session.pendingReturnScan) {
        ret.mark(session.pendingReturnScan);
        session.pendingReturnScan = null;
      }
    }
    const kitIds = [
      ...new Set(agreement.lines.filter((l) => l.open && l.kit_id).map((l) => l.kit_id)),
    ];
    const swaps =
      open && act && can('staff', 'admin')
        ? await Promise.all(kitIds.map((k) => swapForm(agreement, k, act)))
        : [];
    const pickup = open && can('staff', 'admin') ? await pickupForm(agreement, family) : null;
    return h(
      'div',
      { class: 'agreement' },
      h('h1', {}, t('ag.title', { number: agreement.number || '—' })),
      ret ? scanPanel() : null,
      h(
        'section',
        { class: 'card summary' },
        h(
          'p',
          {},
          h('span', { class: `state state-${agreement.state}` }, tEnum('state', agreement.state)),
          agreement.days_overdue > 0
            ? h(
                'span',
                { class: 'badge overdue' },
                t('ag.overdue_days', { n: agreement.days_overdue }),
              )
            : null,
        ),
        h(
          'dl',
          {},
          h('dt', {}, t('family.representative')),
          h('dd', {}, h('a', { href: `#/family/${family.id}` }, family.representative)),
          h('dt', {}, t('family.phone')),
          h('dd', {}, h('a', { href: 'tel:' + family.phone.replace(/[^\d+]/g, '') }, family.phone)),
          child ? [h('dt', {}, t('ho.child')), h('dd', {}, child.name)] : null,
          h('dt', {}, t('ag.period')),
          h('dd', {}, `${fmtDate(agreement.start_date)} — ${fmtDate(agreement.due_date)}`),
          h('dt', {}, t('ag.mode')),
          h('dd', {}, t('ho.mode.' + agreement.delivery_mode)),
        ),
        table(
          [t('item.inv'), t('item.name'), t('item.status'), t('ag.returned_on')],
          agreement.lines.map((l) => [
            h('a', { href: `#/item/${l.item_id}` }, l.inventory_number),
            l.name,
            tEnum('status', l.item_status),
            l.returned_on ? fmtDate(l.returned_on) : '',
          ]),
          t('ag.lines'),
        ),
        h(
          'p',
          { class: 'actions' },
          act ? h('a', { class: 'button', href: `#/act/handover/${id}` }, t('act.handover')) : null,
          returns.map((r) =>
            h(
              'a',
              { class: 'button', href: `#/act/return/${id}/${r.id}` },
              t('act.return_of', { date: fmtDate(r.returned_on) }),
            ),
          ),
        ),
      ),
      documents,
      photos.length
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'ph-h' },
            h('h2', { id: 'ph-h' }, t('photo.title')),
            photoGallery(photos, (p) => numbers.get(p.item_id) || ''),
          )
        : null,
      ret ? ret.el : null,
      pickup,
      open && can('staff', 'admin', 'supervisor') ? extendForm(agreement) : null,
      swaps,
    );
  },
  ['staff', 'admin', 'supervisor'],
);
