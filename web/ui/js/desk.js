// The desk's home: the scan field first. A scanned item that is free starts a hand-over, one
// that is out opens its agreement for the return, an agreement's QR opens the agreement.
import { h, mount, table, today } from './dom.js';
import { t, tEnum, fmtDate } from './i18n.js';
import { get, q } from './api.js';
import { route, go, session } from './app.js';
import { scanPanel, setScanHandler, scanStatus, onChange } from './scan.js';
import { startHandoverWith } from './handover.js';
import { chosenPoint } from './points.js';

export async function lookup(code, known) {
  return known || get('/lookup' + q({ code }));
}

// The agreement an item is out on: the newest journal line that names an agreement.
export async function agreementOfItem(itemId) {
  const history = await get(`/items/${itemId}/history`);
  const entries = history.items || [];
  for (let i = entries.length - 1; i >= 0; i--)
    if (entries[i].agreement_id) return entries[i].agreement_id;
  return null;
}

const OUT = ['on_loan', 'out_for_delivery'];
const FREE = ['available', 'reserved'];
const recent = [];

export async function deskScan(code, source, known) {
  const found = await lookup(code, known);
  recent.unshift({ code, found, at: Date.now() });
  recent.length = Math.min(recent.length, 8);
  if (found.kind === 'item') {
    const label = `${found.inventory_number} · ${found.name}`;
    if (FREE.includes(found.status)) {
      scanStatus('ok', t('desk.to_handover', { item: label }));
      return startHandoverWith({ item: found.item_id });
    }
    if (OUT.includes(found.status)) {
      const agreement = await agreementOfItem(found.item_id);
      if (agreement) {
        scanStatus('ok', t('desk.to_return', { item: label }));
        session.pendingReturnScan = found.item_id;
        return go(`#/agreement/${agreement}`);
      }
    }
    return scanStatus(
      'error',
      t('desk.item_status', { item: label, status: tEnum('status', found.status) }),
    );
  }
  if (found.kind === 'kit') {
    const kit = await get(`/kits/${found.kit_id}`);
    const first = kit.item_ids.length ? await get(`/items/${kit.item_ids[0]}`) : null;
    if (first && OUT.includes(first.status)) {
      const agreement = await agreementOfItem(first.id);
      if (agreement) {
        scanStatus('ok', t('desk.to_return', { item: kit.name }));
        return go(`#/agreement/${agreement}`);
      }
    }
    scanStatus('ok', t('desk.to_handover', { item: kit.name }));
    return startHandoverWith({ kit: found.kit_id });
  }
  if (found.kind === 'agreement') {
    scanStatus('ok', t('desk.agreement', { number: found.number }));
    return go(`#/agreement/${found.agreement_id}`);
  }
  if (found.kind === 'model') {
    return scanStatus(
      found.items.length ? 'info' : 'error',
      t('desk.model', { n: found.items.length, gtin: found.gtin }),
    );
  }
  scanStatus('error', t('scan.not_ours', { code }));
}

route(
  '#/desk',
  async () => {
    const list = h('div', { class: 'recent' });
    const showRecent = () =>
      mount(
        list,
        recent.length
          ? table(
              [t('desk.code'), t('desk.what')],
              recent.map((r) => [
                r.code,
                r.found.kind === 'item'
                  ? `${r.found.inventory_number} · ${r.found.name} · ${tEnum('status', r.found.status)}`
                  : r.found.kind === 'not_ours'
                    ? t('scan.not_ours_short')
                    : r.found.name || r.found.number || r.found.kind,
              ]),
              t('desk.recent'),
            )
          : h('p', { class: 'muted' }, t('desk.no_scans')),
      );
    setScanHandler(async (code, source, known) => {
      await deskScan(code, source, known);
      showRecent();
    });
    showRecent();
    const due = h('div', {}, h('p', { class: 'muted' }, t('common.loading')));
    get('/due' + q({ from: today(), to: today(), point: chosenPoint(), limit: 20 }))
      .then((page) =>
        mount(
          due,
          page.items.length
            ? table(
                [t('ag.number'), t('family.representative'), t('family.phone'), t('ag.items_open')],
                page.items.map((e) => [
                  h('a', { href: `#/agreement/${e.agreement_id}` }, e.number),
                  e.representative,
                  e.phone,
                  e.open_items,
                ]),
                t('desk.due_today'),
              )
            : h('p', { class: 'muted' }, t('desk.none_due')),
        ),
      )
      .catch(() => mount(due));
    onChange(() => {
      /* other desks' changes: the lists here are refreshed on the next visit */
    });
    return h(
      'div',
      { class: 'desk' },
      h('h1', { class: 'visually-hidden' }, t('nav.desk')),
      scanPanel(),
      h(
        'div',
        { class: 'actions' },
        h('a', { class: 'button primary', href: '#/handover' }, t('desk.new_handover')),
        h('span', { class: 'muted' }, t('desk.hint')),
      ),
      h(
        'div',
        { class: 'columns' },
        h('section', { 'aria-label': t('desk.recent') }, list),
        h('section', { 'aria-label': t('desk.due_today') }, due),
      ),
      h('p', { class: 'muted small' }, t('desk.today', { date: fmtDate(today()) })),
    );
  },
  ['staff', 'admin'],
);
