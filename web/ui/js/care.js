// An item's care after a return: what is missing or damaged, and what is decided about it.
// The item card shows the care section (careSection); the inspection queue shows what an item
// lacks (defectsText) and leaves "Обработано" out while something is open (hasOpenDefects):
// the server refuses it then (item_has_defects), so the desk is sent to the card instead.
import { h, mount, field, select, table } from './dom.js';
import { t, tEnum, fmtDate } from './i18n.js';
import { get, post, newKey, errorText } from './api.js';
import { can, notify, render } from './app.js';

const AT_POINT = ['available', 'inspection', 'in_repair'];

export const hasOpenDefects = (item) => (item.defects || []).some((d) => d.open);

// The card's list of components, each one missing since a return marked so.
export function componentsText(item) {
  const missing = new Set(
    (item.defects || []).filter((d) => d.kind === 'missing').map((d) => d.component),
  );
  return (
    item.components
      .map(
        (c) =>
          `${c.name} × ${c.quantity}` + (missing.has(c.name) ? ` (${t('care.missing_now')})` : ''),
      )
      .join(', ') || '—'
  );
}

// "нет: Подголовник; повреждение: порван чехол" for a list cell; '' when nothing is wrong.
export function defectsText(item) {
  return (item.defects || [])
    .map((d) =>
      d.kind === 'missing'
        ? t('care.missing_part', { part: d.component })
        : t('care.damage', { note: d.note }),
    )
    .join('; ');
}

// The row of the inspection queue: the defects in words, and what can be done from there.
export function inspectionCell(item, done) {
  if (!hasOpenDefects(item)) {
    return h(
      'button',
      {
        type: 'button',
        class: 'small',
        'aria-label': t('insp.done_of', { item: item.inventory_number }),
        onclick: () => done(item.id),
      },
      t('insp.done'),
    );
  }
  return h(
    'span',
    { class: 'care-open' },
    h('span', { class: 'missing' }, defectsText(item)),
    ' ',
    h('a', { href: `#/item/${item.id}`, class: 'button small' }, t('care.open_card')),
  );
}

// A form whose submit posts `body()` to `path` once: one Idempotency-Key per form shown, the
// submit button disabled while the request is in flight, the page drawn again on success.
function postForm(path, controls, submitText, body, doneText, attrs = {}) {
  const key = newKey();
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, submitText);
  const form = h(
    'form',
    { novalidate: true, ...attrs },
    controls,
    error,
    h('p', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const payload = body();
    if (!payload) return;
    error.textContent = '';
    submit.disabled = true;
    try {
      await post(path, payload, { idempotencyKey: key });
      await render();
      notify(doneText, 'ok');
    } catch (e) {
      submit.disabled = false;
      error.textContent = errorText(e);
    }
  });
  return { form, error };
}

function defectRow(d, item, canRestore) {
  const what =
    d.kind === 'missing'
      ? t('care.missing_part', { part: d.component })
      : t('care.damage', { note: d.note });
  const since = d.agreement_id
    ? h(
        'a',
        { href: `#/agreement/${d.agreement_id}` },
        t('care.since_act', { number: d.agreement_number || '#' + d.agreement_id }),
      )
    : '';
  const state = d.restored_at
    ? t('care.restored_on', { date: fmtDate(d.restored_at) })
    : d.accepted_at
      ? t('care.accepted', { reason: d.accepted_reason })
      : t('care.open');
  let action = '';
  if (canRestore && !d.restored_at) {
    const { form } = postForm(
      `/items/${item.id}/care/restore`,
      [],
      t('care.restore_one'),
      () => ({ defect_ids: [d.id] }),
      t('care.restored_done', { what }),
      { class: 'inline', 'aria-label': t('care.restore_of', { what }) },
    );
    action = form;
  }
  return [what, since, fmtDate(d.found_at), state, action];
}

function stepForm(item) {
  const kinds = ['inspection', 'cleaning'];
  if (item.status === 'in_repair') kinds.push('repair');
  const kind = select(
    kinds.map((k) => [k, tEnum('care.step', k)]),
    { id: 'care-step-kind' },
  );
  const note = h('input', { id: 'care-step-note', maxlength: 2000 });
  return postForm(
    `/items/${item.id}/care/steps`,
    h('div', { class: 'row' }, field(t('care.step_kind'), kind), field(t('care.note'), note)),
    t('care.step_submit'),
    () => ({ kind: kind.value, note: note.value.trim() }),
    t('care.step_done'),
    { id: 'care-step-form' },
  ).form;
}

function decisionForm(item, open) {
  const choices = [
    ['repair', t('care.decision.repair')],
    ['write_off', t('care.decision.write_off')],
    ['lost', t('care.decision.lost')],
  ];
  if (open) choices.unshift(['lend_incomplete', t('care.decision.lend_incomplete')]);
  const decision = select(choices, { id: 'care-decision' });
  const reason = h('textarea', { id: 'care-reason', rows: 2, required: true, maxlength: 2000 });
  const { form, error } = postForm(
    `/items/${item.id}/care/decision`,
    h(
      'div',
      { class: 'row' },
      field(t('care.decision'), decision),
      field(t('care.reason'), reason),
    ),
    t('care.decide'),
    () => {
      if (reason.value.trim()) return { decision: decision.value, reason: reason.value.trim() };
      error.textContent = t('care.reason_needed');
      reason.focus();
      return null;
    },
    t('care.decided'),
    { id: 'care-decision-form' },
  );
  const preset = (value) => () => {
    decision.value = value;
    reason.focus();
  };
  const quick = h(
    'p',
    { class: 'actions' },
    h(
      'button',
      { type: 'button', id: 'care-write-off', onclick: preset('write_off') },
      t('care.write_off'),
    ),
    h('button', { type: 'button', id: 'care-lost', onclick: preset('lost') }, t('care.lost')),
  );
  return h('div', {}, h('h3', {}, t('care.decision_title')), quick, form);
}

function actLinks(item, acts) {
  const latest = {};
  for (const a of acts) latest[a.kind] = a;
  return Object.values(latest).map((a) =>
    h(
      'p',
      {},
      h(
        'a',
        {
          class: 'button',
          id: `care-act-${a.kind}`,
          href: `/api/v1/items/${item.id}/${a.kind === 'loss' ? 'loss' : 'write-off'}-act.pdf`,
          target: '_blank',
          rel: 'noopener',
        },
        t(a.kind === 'loss' ? 'care.loss_act' : 'care.write_off_act'),
      ),
      ' ',
      h(
        'span',
        { class: 'muted' },
        t('care.act_by', { who: a.decider, date: fmtDate(a.decided_at), reason: a.reason }),
      ),
    ),
  );
}

// The item card's care section; it fills itself once the journal is read.
export function careSection(item) {
  const box = h('section', {
    class: 'card',
    id: 'care',
    'aria-labelledby': 'care-h',
  });
  mount(box, h('h2', { id: 'care-h' }, t('care.title')), h('p', { class: 'muted' }, '…'));
  get(`/items/${item.id}/care`)
    .then((care) => mount(box, ...careBody(item, care)))
    .catch((e) =>
      mount(
        box,
        h('h2', { id: 'care-h' }, t('care.title')),
        h('p', { class: 'error' }, errorText(e)),
      ),
    );
  return box;
}

function careBody(item, care) {
  const desk = can('staff', 'admin');
  const supervisor = can('supervisor', 'admin');
  const atPoint = AT_POINT.includes(item.status);
  const current = care.defects.filter((d) => !d.restored_at);
  const open = current.some((d) => d.open);
  const out = [h('h2', { id: 'care-h' }, t('care.title'))];
  if (open)
    out.push(
      h(
        'p',
        { class: 'notice warning', id: 'care-blocked' },
        t(supervisor ? 'care.blocked_supervisor' : 'care.blocked'),
      ),
    );
  out.push(
    current.length
      ? table(
          [t('care.what'), t('care.since'), t('care.found'), t('care.state'), ''],
          current.map((d) => defectRow(d, item, desk && atPoint)),
          t('care.defects'),
        )
      : h('p', { class: 'muted', id: 'care-none' }, t('care.none')),
  );
  if (desk && atPoint && current.length > 1) {
    out.push(
      postForm(
        `/items/${item.id}/care/restore`,
        [],
        t('care.restore_all'),
        () => ({}),
        t('care.restored_all'),
        { id: 'care-restore-all' },
      ).form,
    );
  }
  if (desk && atPoint) out.push(h('h3', {}, t('care.step_title')), stepForm(item));
  if (supervisor && atPoint) out.push(decisionForm(item, open));
  out.push(...actLinks(item, care.acts));
  out.push(
    care.journal.length
      ? table(
          [t('rep.at'), t('care.step_kind'), t('care.who'), t('care.note')],
          care.journal
            .slice()
            .reverse()
            .map((s) => [fmtDate(s.at), tEnum('care.step', s.kind), s.user_name, s.note]),
          t('care.journal'),
        )
      : h('p', { class: 'muted' }, t('care.journal_empty')),
  );
  return out;
}
