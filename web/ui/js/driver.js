// The driver's phone: today's route kept on the phone, and the confirmation at the door (scan
// or type each item's code, the recipient's name and signature, a note), or a failed delivery
// with its reason. Works with no signal: see queue.js.
import { h, mount, field, checkbox, select, uid } from './dom.js';
import { t, tEnum, fmtDate, fmtTime } from './i18n.js';
import { get, newKey } from './api.js';
import { route, go, session } from './app.js';
import { signaturePad } from './signature.js';
import { photoButton } from './scan.js';
import { signal } from './feedback.js';
import { enqueue, pending, flush, onQueueChange, drop, ROUTE_KEY } from './queue.js';
import { CONDITIONS } from './handover.js';

const cached = () => {
  const r = JSON.parse(localStorage.getItem(ROUTE_KEY) || 'null');
  return r && r.user_id === session.user?.id ? r : null;
};

async function loadRoute() {
  try {
    const lists = await Promise.all(
      ['planned', 'out'].map((s) => get(`/deliveries?status=${s}&limit=200`)),
    );
    const trips = lists
      .flatMap((l) => l.items)
      .sort((a, b) => a.planned_on.localeCompare(b.planned_on) || a.id - b.id);
    const r = { user_id: session.user.id, fetched_at: Date.now(), trips, online: true };
    localStorage.setItem(ROUTE_KEY, JSON.stringify(r));
    return r;
  } catch (e) {
    const r = cached();
    if (!e.offline || !r) throw e;
    return { ...r, online: false };
  }
}

function outbox() {
  const box = h('section', {
    class: 'outbox',
    'aria-live': 'polite',
    'aria-label': t('drv.outbox'),
  });
  const draw = () => {
    const ops = pending();
    box.hidden = !ops.length;
    mount(
      box,
      h('h2', {}, t('drv.waiting', { n: ops.length })),
      h(
        'ul',
        {},
        ops.map((o) =>
          h(
            'li',
            { class: o.error ? 'refused' : '' },
            `${t('drv.kind.' + o.type)} · ${o.label} · ${fmtTime(o.created_at)} · `,
            o.error
              ? [
                  h('strong', {}, t('drv.refused')),
                  ' ',
                  o.error,
                  ' ',
                  h(
                    'button',
                    { type: 'button', class: 'small', onclick: () => drop(o.key) },
                    t('common.remove'),
                  ),
                ]
              : t('drv.not_sent'),
          ),
        ),
      ),
      h('button', { type: 'button', onclick: () => flush() }, t('drv.send_now')),
    );
  };
  draw();
  const off = onQueueChange(draw);
  new MutationObserver(() => {
    if (!box.isConnected) off();
  }).observe(document.getElementById('main'), { childList: true });
  return box;
}

const mapLink = (address) =>
  h('a', { class: 'button', href: 'geo:0,0?q=' + encodeURIComponent(address) }, t('drv.map'));
const queuedFor = (id) => pending().find((o) => o.delivery_id === id);

route(
  '#/route',
  async () => {
    flush();
    const r = await loadRoute();
    const trips = r.trips.map((d) => {
      const q = queuedFor(d.id);
      return h(
        'li',
        { class: 'trip card' + (q ? ' queued' : '') },
        h(
          'p',
          { class: 'trip-head' },
          h('span', { class: 'kind kind-' + d.kind }, t('drv.kind.' + d.kind)),
          ' ',
          h('strong', {}, `№ ${d.agreement_number}`),
          ' · ',
          fmtDate(d.planned_on),
        ),
        h('p', { class: 'address' }, d.address),
        h(
          'p',
          { class: 'actions' },
          mapLink(d.address),
          d.phone
            ? h(
                'a',
                { class: 'button', href: 'tel:' + d.phone.replace(/[^\d+]/g, '') },
                t('drv.call'),
              )
            : null,
          q
            ? h('span', { class: 'badge' }, t('drv.queued'))
            : h('a', { class: 'button primary', href: `#/trip/${d.id}` }, t('drv.at_door')),
        ),
        h(
          'ul',
          { class: 'small' },
          d.items.map((i) => h('li', {}, `${i.inventory_number} · ${i.name}`)),
        ),
      );
    });
    return h(
      'div',
      { class: 'driver' },
      h('h1', {}, t('drv.title')),
      r.online
        ? null
        : h(
            'p',
            { class: 'notice warning', role: 'status' },
            t('drv.offline', { time: fmtTime(r.fetched_at) }),
          ),
      outbox(),
      trips.length
        ? h('ol', { class: 'trips' }, trips)
        : h('p', { class: 'muted' }, t('drv.no_trips')),
      h('button', { type: 'button', onclick: () => go('#/route') }, t('drv.refresh')),
    );
  },
  ['driver', 'staff', 'admin'],
);

// "2026-12-01T10:00:00Z": the API's UTC time format, without milliseconds.
const nowUtc = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const LABEL = /^PK1-I-0*(\d+)-/i;

route(
  '#/trip/:id',
  async ({ id }) => {
    const r = cached() || (await loadRoute());
    const d = r.trips.find((x) => String(x.id) === id);
    if (!d) return h('p', { class: 'error' }, t('drv.no_trip'));
    const scans = new Map(); // code -> {code, scanned_at}
    const rows = d.items.map((i) => {
      const mark = h('span', { class: 'mark', 'aria-hidden': 'true' }, '○');
      const cond =
        d.kind === 'pickup'
          ? select(
              CONDITIONS.map((c) => [c, tEnum('condition', c)]),
              { value: 'good', 'aria-label': t('ho.condition_of', { item: i.inventory_number }) },
            )
          : null;
      const comps =
        d.kind === 'pickup'
          ? i.components.map((c) => ({ c, ...checkbox(c.name, { checked: true }) }))
          : [];
      const li = h(
        'li',
        { class: 'line' },
        h('div', {}, mark, ' ', h('strong', {}, i.inventory_number), ' ', i.name),
        cond ? h('label', { class: 'inline' }, t('ho.condition'), ' ', cond) : null,
        comps.length
          ? h(
              'fieldset',
              { class: 'components' },
              h('legend', {}, t('ret.components_present')),
              comps.map((x) => x.el),
            )
          : null,
      );
      return { i, li, mark, cond, comps, scanned: false };
    });
    const status = h(
      'p',
      { class: 'scan-status', role: 'status', 'aria-live': 'assertive' },
      t('drv.scan_each'),
    );
    const accept = (code) => {
      code = code.trim();
      const m = code.match(LABEL);
      const row = rows.find(
        (x) => (m && x.i.item_id === Number(m[1])) || x.i.inventory_number === code,
      );
      if (row || /^PK1-K-/i.test(code)) {
        scans.set(code.toUpperCase(), { code, scanned_at: nowUtc() });
        if (row) {
          row.scanned = true;
          row.li.classList.add('chosen-line');
          row.mark.textContent = '✓';
        }
        status.textContent = t('drv.scanned', {
          n: rows.filter((x) => x.scanned).length,
          total: rows.length,
        });
        status.className = 'scan-status ok';
        signal('ok', status);
      } else {
        status.textContent = t('drv.not_on_trip', { code });
        status.className = 'scan-status error';
        signal('error', status);
      }
    };
    const code = h('input', {
      type: 'text',
      id: uid('code'),
      autocomplete: 'off',
      autocapitalize: 'characters',
      enterkeyhint: 'done',
    });
    code.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        if (code.value.trim()) accept(code.value);
        code.value = '';
      }
    });
    const photo = photoButton(async (c) => accept(c.text), 'drv.photo');
    const who = h('input', { type: 'text', autocomplete: 'off', value: d.recipient || '' });
    const note = h('input', { type: 'text' });
    const pad = signaturePad(t('sig.recipient'));
    const error = h('p', { class: 'error', role: 'alert' });
    const label = `№ ${d.agreement_number}, ${d.address}`;
    const confirm = h(
      'button',
      { type: 'button', class: 'primary big', id: 'trip-confirm' },
      t('drv.confirm'),
    );
    confirm.addEventListener('click', () => {
      error.textContent = '';
      if (!scans.size) {
        error.textContent = t('drv.need_scan');
        return;
      }
      if (!who.value.trim()) {
        error.textContent = t('drv.need_name');
        who.focus();
        return;
      }
      if (pad.blank()) {
        error.textContent = t('drv.need_signature');
        return;
      }
      const body = {
        scans: [...scans.values()],
        received_by: who.value.trim(),
        note: note.value.trim(),
      };
      if (d.kind === 'pickup') {
        body.pickup_lines = rows
          .filter((x) => x.scanned)
          .map((x) => ({
            item_id: x.i.item_id,
            condition: x.cond.value,
            missing_components: x.comps.filter((c) => !c.box.checked).map((c) => c.c.name),
          }));
      }
      enqueue({
        key: newKey(),
        user_id: session.user.id,
        type: 'confirm',
        delivery_id: d.id,
        label,
        body,
        signature: pad.dataUrl(),
      });
      go('#/route');
    });
    const reason = h('input', { type: 'text' });
    const fail = h(
      'form',
      { class: 'card', 'aria-labelledby': 'fail-h' },
      h('h2', { id: 'fail-h' }, t('drv.failed')),
      field(t('drv.reason'), reason),
      h('button', { type: 'submit' }, t('drv.report_failed')),
    );
    fail.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!reason.value.trim()) {
        reason.focus();
        return;
      }
      enqueue({
        key: newKey(),
        user_id: session.user.id,
        type: 'fail',
        delivery_id: d.id,
        label,
        body: { reason: reason.value.trim() },
      });
      go('#/route');
    });
    return h(
      'div',
      { class: 'driver trip' },
      h('h1', {}, `${t('drv.kind.' + d.kind)} № ${d.agreement_number}`),
      h('p', { class: 'address' }, d.address, ' ', mapLink(d.address)),
      h(
        'section',
        { class: 'card scan-panel', 'aria-labelledby': 'door-h' },
        h('h2', { id: 'door-h' }, t('drv.items')),
        h(
          'ul',
          { class: 'lines' },
          rows.map((x) => x.li),
        ),
        field(t('drv.code'), code, t('drv.code_hint')),
        photo,
        status,
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'rec-h' },
        h('h2', { id: 'rec-h' }, t('drv.recipient')),
        field(t('drv.received_by'), who),
        pad.el,
        field(t('drv.note'), note),
        error,
        confirm,
      ),
      fail,
      h('p', {}, h('a', { href: '#/route' }, t('drv.back'))),
    );
  },
  ['driver', 'staff', 'admin'],
);
