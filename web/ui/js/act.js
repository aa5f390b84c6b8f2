// The acts as printable pages (the browser's print dialog), with the server's PDF beside them
// when that route exists.
import { h, table } from './dom.js';
import { t, tEnum, fmtDate } from './i18n.js';
import { get } from './api.js';
import { route, home } from './app.js';

async function pdfLink(path, labelKey) {
  try {
    const res = await fetch(path, { method: 'GET', credentials: 'same-origin' });
    if (res.ok && (res.headers.get('Content-Type') || '').includes('pdf')) {
      return h(
        'a',
        { class: 'button', href: path, target: '_blank', rel: 'noopener' },
        t(labelKey),
      );
    }
  } catch {
    /* no PDF */
  }
  return null;
}

function toolbar(agreementId, pdf) {
  return h(
    'div',
    { class: 'actions no-print' },
    h(
      'button',
      { type: 'button', class: 'primary', id: 'print', onclick: () => window.print() },
      t('act.print'),
    ),
    pdf,
    h('a', { class: 'button', href: `#/agreement/${agreementId}` }, t('act.to_agreement')),
    h('a', { class: 'button', href: home() }, t('act.done')),
  );
}

function parties(agreement, family) {
  const child = family.children.find((c) => c.id === agreement.child_id);
  return h(
    'dl',
    { class: 'act-parties' },
    h('dt', {}, t('act.agreement')),
    h('dd', {}, `№ ${agreement.number || '—'} ${t('act.from')} ${fmtDate(agreement.start_date)}`),
    h('dt', {}, t('family.representative')),
    h('dd', {}, family.representative),
    h('dt', {}, t('family.address')),
    h('dd', {}, family.address),
    child ? [h('dt', {}, t('ho.child')), h('dd', {}, child.name)] : null,
    h('dt', {}, t('act.due')),
    h('dd', {}, fmtDate(agreement.due_date)),
  );
}

const signLines = (left, right) =>
  h(
    'div',
    { class: 'sign-lines' },
    h('p', {}, left, ': ____________________'),
    h('p', {}, right, ': ____________________'),
  );

route(
  '#/act/handover/:id',
  async ({ id }) => {
    const [agreement, act] = await Promise.all([
      get(`/agreements/${id}`),
      get(`/agreements/${id}/handover-act`),
    ]);
    const family = await get(`/families/${agreement.family_id}`);
    const pdf = await pdfLink(`/api/v1/agreements/${id}/handover-act.pdf`, 'act.pdf');
    return h(
      'article',
      { class: 'act' },
      toolbar(id, pdf),
      h('h1', {}, t('act.handover_title')),
      h(
        'p',
        { class: 'muted' },
        t('act.signed_at', { at: fmtDate(act.signed_at) }),
        ' · ',
        t('ho.mode.' + act.delivery_mode),
      ),
      parties(agreement, family),
      table(
        [
          '№',
          t('item.inv'),
          t('item.name'),
          t('ho.components'),
          t('ho.documents'),
          t('ho.condition'),
        ],
        act.lines.map((l, i) => [
          i + 1,
          l.inventory_number,
          l.name,
          l.components.map((c) => `${c.name} × ${c.quantity}`).join(', '),
          l.documents.join(', '),
          tEnum('condition', l.condition),
        ]),
      ),
      h('p', {}, t('act.rules_acknowledged')),
      signLines(t('act.gave'), t('act.received')),
    );
  },
  ['staff', 'admin', 'supervisor'],
);

route(
  '#/act/return/:id/:act',
  async ({ id, act: actId }) => {
    const [agreement, returns] = await Promise.all([
      get(`/agreements/${id}`),
      get(`/agreements/${id}/returns`),
    ]);
    const act = returns.items.find((a) => String(a.id) === actId);
    if (!act) throw new Error(t('act.not_found'));
    const family = await get(`/families/${agreement.family_id}`);
    const names = new Map(agreement.lines.map((l) => [l.item_id, l]));
    const pdf = await pdfLink(
      `/api/v1/agreements/${id}/return-acts/${actId}/return-act.pdf`,
      'act.pdf',
    );
    const missing = act.lines.some((l) => l.missing_components.length);
    return h(
      'article',
      { class: 'act' },
      toolbar(id, pdf),
      h('h1', {}, t('act.return_title')),
      h(
        'p',
        { class: 'muted' },
        t('act.returned_on', { date: fmtDate(act.returned_on) }),
        ' · ',
        tEnum('state', act.agreement_state),
      ),
      parties(agreement, family),
      table(
        ['№', t('item.inv'), t('item.name'), t('ho.condition'), t('ret.missing'), t('ret.damage')],
        act.lines.map((l, i) => [
          i + 1,
          names.get(l.item_id)?.inventory_number || l.item_id,
          names.get(l.item_id)?.name || '',
          tEnum('condition', l.condition),
          h(
            'span',
            { class: l.missing_components.length ? 'missing' : '' },
            l.missing_components.join(', ') || '—',
          ),
          l.damage_note || '—',
        ]),
      ),
      missing ? h('p', { class: 'warning' }, t('act.missing_note')) : null,
      act.note ? h('p', {}, t('ret.note'), ': ', act.note) : null,
      signLines(t('act.returned_by'), t('act.accepted_by')),
    );
  },
  ['staff', 'admin', 'supervisor'],
);
