// The supervisor's board: due this week and next, overdue by days with the phone and the
// agreement, out for delivery, in inspection, in repair; charts; and the reports for a period
// with their CSV files.
import { h, mount, field, table, today, setToday, addDays, afterPaint } from './dom.js';
import { t, tEnum, fmtDate, STATUSES, CATEGORIES } from './i18n.js';
import { get, getAll, q, errorText } from './api.js';
import { route } from './app.js';
import { onChange } from './scan.js';
import { barChart, stackedColumns, exportLinks } from './charts.js';
import { useAndDemandCharts } from './board-charts.js';
import { chosenPoint } from './points.js';

const GROUPS = [
  'disabled_child',
  'special_needs_child',
  'serviceman_family',
  'difficult_situation',
  'newborn_kept',
  'disabled_adult',
];

// Rows fetched and drawn at first per list: a regional point has thousands of overdue and due
// agreements. The counts come from the server (/reports/board-summary); the rest of a list is
// fetched when asked for.
const SHOWN = 100;
const firstPage = async (path) =>
  (await get(`${path}${path.includes('?') ? '&' : '?'}limit=${SHOWN}`)).items;

// The rows the first frame draws of each list (a screen shows about fifteen); the rest of the
// first page follows once that frame is painted.
const FIRST = 20;
function pageTable(headers, entries, row) {
  const wrap = table(headers, entries.slice(0, FIRST).map(row));
  if (entries.length > FIRST) {
    afterPaint(() =>
      wrap
        .querySelector('tbody')
        .append(...table(headers, entries.slice(FIRST).map(row)).querySelectorAll('tbody > tr')),
    );
  }
  return wrap;
}

// A list's first rows, and a button that fetches and draws all `total` of them.
function longTable(headers, entries, total, row, fetchAll) {
  if (total <= entries.length) return pageTable(headers, entries, row);
  const wrap = h('div', {});
  const more = h(
    'button',
    {
      type: 'button',
      class: 'link',
      onclick: async () => {
        more.disabled = true;
        try {
          mount(wrap, table(headers, (await fetchAll()).map(row)));
        } catch {
          more.disabled = false;
          more.after(h('p', { class: 'error', role: 'alert' }, t('err.network')));
        }
      },
    },
    t('board.show_all', { n: total }),
  );
  mount(wrap, pageTable(headers, entries.slice(0, SHOWN), row), more);
  return wrap;
}

const tel = (phone) => h('a', { href: 'tel:' + phone.replace(/[^\d+]/g, '') }, phone);
const agLink = (e) => h('a', { href: `#/agreement/${e.agreement_id}` }, e.number);

function dueTable(entries, total, path, caption, id, week) {
  return h(
    'section',
    { class: 'card', id, 'aria-label': caption },
    h('h2', {}, caption, ' ', h('span', { class: 'count' }, String(total))),
    total
      ? exportLinks('due', { from: week.from, to: week.to, point: chosenPoint() }, caption)
      : null,
    entries.length
      ? longTable(
          [
            t('ag.number'),
            t('family.representative'),
            t('family.phone'),
            t('ag.due'),
            t('ag.items_open'),
          ],
          entries,
          total,
          (e) => [agLink(e), e.representative, tel(e.phone), fmtDate(e.due_date), e.open_items],
          () => getAll(path, Infinity),
        )
      : h('p', { class: 'muted' }, t('common.none')),
  );
}

function monthsBack(n) {
  const [y, m] = today().split('-').map(Number);
  const out = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
    out.push({
      from: d.toISOString().slice(0, 10),
      to: last.toISOString().slice(0, 10),
      label: d.toISOString().slice(2, 7),
    });
  }
  return out;
}

// The weeks of the board on `d`: this one to Sunday, the next from Monday (as the server counts them).
function weeks(d) {
  const sunday = addDays(d, 6 - ((new Date(d + 'T00:00:00Z').getUTCDay() + 6) % 7));
  return {
    this_week: { from: d, to: sunday },
    next_week: { from: addDays(sunday, 1), to: addDays(sunday, 7) },
  };
}

// Trips have no point filter on the server: they are the account's, whichever point is chosen.
const listPaths = (w, point = chosenPoint()) => ({
  overdue: '/overdue' + q({ point }),
  thisWeek: '/due' + q({ from: w.this_week.from, to: w.this_week.to, point }),
  nextWeek: '/due' + q({ from: w.next_week.from, to: w.next_week.to, point }),
  planned: '/deliveries?status=planned',
  out: '/deliveries?status=out',
  inspection: '/items' + q({ status: 'inspection', point_id: point }),
  repair: '/items' + q({ status: 'in_repair', point_id: point }),
});
const firstPages = (paths) => Promise.all(Object.values(paths).map(firstPage));

route(
  '#/board',
  async () => {
    // The counts and the lists' first pages at once, the weeks from the day the shell last had
    // from the server; asked again in the rare case the day has turned since.
    let paths = listPaths(weeks(today()));
    const point = chosenPoint();
    // Trips cannot be asked for by point: with one chosen, their count comes from the summary
    // of all the account's points, as their list does.
    let [sum, lists, allSum] = await Promise.all([
      get('/reports/board-summary' + q({ point })),
      firstPages(paths),
      point ? get('/reports/board-summary') : null,
    ]);
    setToday(sum.today);
    if (paths.thisWeek !== listPaths(sum).thisWeek)
      lists = await firstPages((paths = listPaths(sum)));
    const d = sum.today;
    const [overdue, thisWeek, nextWeek, planned, out, inspection, repair] = lists;
    const n = {
      overdue: sum.overdue,
      thisWeek: sum.this_week.due,
      nextWeek: sum.next_week.due,
      trips: (allSum || sum).deliveries.out + (allSum || sum).deliveries.planned,
      inspection: sum.items.inspection,
      repair: sum.items.in_repair,
    };
    const trips = [...out, ...planned];
    const allTrips = async () => [
      ...(await getAll(paths.out, Infinity)),
      ...(await getAll(paths.planned, Infinity)),
    ];
    const charts = h('div', { class: 'charts' }, h('p', { class: 'muted' }, t('common.loading')));
    afterPaint(() =>
      (async () => {
        const months = monthsBack(6);
        const [counts, items] = await Promise.all([
          Promise.all(
            months.map((m) => get('/reports/counts' + q({ from: m.from, to: m.to, point }))),
          ),
          get('/items/status-counts' + q({ point_id: point })),
        ]);
        const byStatus = STATUSES.map((s, i) => ({
          label: tEnum('status', s),
          value: items.counts[s] || 0,
          series: i % 6,
        }));
        mount(
          charts,
          stackedColumns(
            t('board.loans_by_month'),
            months.map((m, i) => ({
              label: m.label,
              values: CATEGORIES.map((c) => counts[i].by_category[c] || 0),
            })),
            CATEGORIES.map((c) => tEnum('category', c)),
          ),
          barChart(t('board.items_by_status'), byStatus),
        );
      })().catch(() => mount(charts, h('p', { class: 'error' }, t('err.network')))),
    );
    onChange(() => {
      document.getElementById('board-stale')?.removeAttribute('hidden');
    });
    const tile = (n, key, target) =>
      h(
        'button',
        {
          type: 'button',
          class: 'tile' + (key === 'board.overdue' && n ? ' alarm' : ''),
          onclick: () => document.getElementById(target)?.scrollIntoView({ behavior: 'smooth' }),
        },
        h('span', { class: 'n' }, String(n)),
        h('span', {}, t(key)),
      );
    return h(
      'div',
      { class: 'board' },
      h('h1', {}, t('board.title', { date: fmtDate(d) })),
      h(
        'p',
        { id: 'board-stale', class: 'notice info', hidden: true },
        t('board.stale'),
        ' ',
        h('a', { href: '#/board', onclick: () => location.reload() }, t('board.reload')),
      ),
      h(
        'div',
        { class: 'tiles', role: 'group', 'aria-label': t('board.summary') },
        tile(n.overdue, 'board.overdue', 'overdue'),
        tile(n.thisWeek, 'board.this_week', 'week'),
        tile(n.nextWeek, 'board.next_week', 'next'),
        tile(n.trips, 'board.out', 'out'),
        tile(n.inspection, 'board.inspection', 'inspection'),
        tile(n.repair, 'board.repair', 'repair'),
      ),
      h(
        'section',
        { class: 'card', id: 'overdue', 'aria-label': t('board.overdue') },
        h('h2', {}, t('board.overdue'), ' ', h('span', { class: 'count' }, String(n.overdue))),
        n.overdue ? exportLinks('overdue', { point }, t('board.overdue')) : null,
        overdue.length
          ? longTable(
              [
                t('board.days'),
                t('ag.number'),
                t('family.representative'),
                t('family.phone'),
                t('ag.due'),
                t('ag.items_open'),
              ],
              overdue,
              n.overdue,
              (e) => [
                h('strong', { class: 'overdue-days' }, String(e.days_overdue)),
                agLink(e),
                e.representative,
                tel(e.phone),
                fmtDate(e.due_date),
                e.open_items,
              ],
              () => getAll(paths.overdue, Infinity),
            )
          : h('p', { class: 'muted' }, t('common.none')),
      ),
      h(
        'div',
        { class: 'columns' },
        dueTable(thisWeek, n.thisWeek, paths.thisWeek, t('board.this_week'), 'week', sum.this_week),
        dueTable(nextWeek, n.nextWeek, paths.nextWeek, t('board.next_week'), 'next', sum.next_week),
      ),
      h(
        'section',
        { class: 'card', id: 'out', 'aria-label': t('board.out') },
        h('h2', {}, t('board.out'), ' ', h('span', { class: 'count' }, String(n.trips))),
        point && trips.length ? h('p', { class: 'muted' }, t('board.trips_all_points')) : null,
        trips.length
          ? longTable(
              [
                t('ag.number'),
                t('drv.kind'),
                t('ho.date'),
                t('ho.address'),
                t('board.trip_status'),
              ],
              trips,
              n.trips,
              (x) => [
                h('a', { href: `#/agreement/${x.agreement_id}` }, x.agreement_number),
                t('drv.kind.' + x.kind),
                fmtDate(x.planned_on),
                x.address,
                tEnum('trip', x.status),
              ],
              allTrips,
            )
          : h('p', { class: 'muted' }, t('common.none')),
      ),
      h(
        'div',
        { class: 'columns' },
        h(
          'section',
          { class: 'card', id: 'inspection', 'aria-label': t('board.inspection') },
          h(
            'h2',
            {},
            t('board.inspection'),
            ' ',
            h('span', { class: 'count' }, String(n.inspection)),
          ),
          n.inspection
            ? exportLinks('items', { status: 'inspection', point }, t('board.inspection'))
            : null,
          longTable(
            [t('item.inv'), t('item.name')],
            inspection,
            n.inspection,
            (i) => [h('a', { href: `#/item/${i.id}` }, i.inventory_number), i.name],
            () => getAll(paths.inspection, Infinity),
          ),
        ),
        h(
          'section',
          { class: 'card', id: 'repair', 'aria-label': t('board.repair') },
          h('h2', {}, t('board.repair'), ' ', h('span', { class: 'count' }, String(n.repair))),
          n.repair ? exportLinks('items', { status: 'in_repair', point }, t('board.repair')) : null,
          longTable(
            [t('item.inv'), t('item.name')],
            repair,
            n.repair,
            (i) => [h('a', { href: `#/item/${i.id}` }, i.inventory_number), i.name],
            () => getAll(paths.repair, Infinity),
          ),
        ),
      ),
      charts,
      useAndDemandCharts(),
    );
  },
  ['supervisor', 'admin', 'staff'],
);

// The reports for a period: the figures, the agreement register, the movement journal and the
// rules acknowledgments, for the point chosen in the header. The page shows the first rows; the
// whole of each comes from the server as CSV or XLSX with the same period and point.
const REPORT_ROWS = 200;
route(
  '#/reports',
  async () => {
    const d = today();
    const from = h('input', { type: 'date', value: d.slice(0, 8) + '01', id: 'rep-from' });
    const to = h('input', { type: 'date', value: d, id: 'rep-to' });
    const out = h('div', { id: 'rep-out' });
    const firstRows = async (path) => {
      const page = await get(path + '&limit=' + REPORT_ROWS);
      return { rows: page.items, more: Boolean(page.next_cursor) };
    };
    const shown = (n, more) => (more ? t('rep.first_rows', { n }) : String(n));
    const load = async () => {
      mount(out, h('p', { class: 'muted' }, t('common.loading')));
      for (const input of [from, to]) input.removeAttribute('aria-invalid');
      const point = chosenPoint();
      const p = { from: from.value, to: to.value, point };
      let c, register, journal;
      try {
        [c, register, journal] = await Promise.all([
          get('/reports/counts' + q(p)),
          firstRows('/register/agreements' + q(p)),
          firstRows('/journal/movements' + q(p)),
        ]);
      } catch (e) {
        const period = e.field === 'from' || e.field === 'to';
        if (period) (e.field === 'from' ? from : to).setAttribute('aria-invalid', 'true');
        mount(
          out,
          h(
            'p',
            { class: 'error', role: 'alert', id: 'rep-error' },
            period ? t('rep.bad_period') : errorText(e),
          ),
        );
        return;
      }
      const sum = [
        [t('rep.agreements'), c.agreements],
        [t('rep.families'), c.families],
        [t('rep.children'), c.children],
        [t('rep.items_issued'), c.items_issued],
      ];
      const cats = CATEGORIES.map((k) => [tEnum('category', k), c.by_category[k] || 0]);
      const groups = GROUPS.map((k) => [tEnum('group', k), c.by_target_group[k] || 0]);
      const regHead = [
        t('ag.number'),
        t('ag.start'),
        t('ag.due'),
        t('family.representative'),
        t('ho.child'),
        t('rep.items_count'),
        t('ag.state'),
        t('rep.closed'),
      ];
      const regRows = register.rows.map((e) => [
        h('a', { href: `#/agreement/${e.agreement_id}` }, e.number),
        fmtDate(e.start_date),
        fmtDate(e.due_date),
        e.representative,
        e.child,
        e.items,
        tEnum('state', e.state),
        fmtDate(e.closed_at),
      ]);
      const jHead = [
        t('rep.at'),
        t('item.inv'),
        t('rep.from_status'),
        t('rep.to_status'),
        t('ag.number'),
        t('rep.note'),
      ];
      const jRows = journal.rows.map((e) => [
        fmtDate(e.at),
        h('a', { href: `#/item/${e.item_id}` }, e.inventory_number),
        e.from ? tEnum('status', e.from) : t('rep.arrival'),
        tEnum('status', e.to),
        e.agreement_id
          ? h('a', { href: `#/agreement/${e.agreement_id}` }, '#' + e.agreement_id)
          : '',
        e.note,
      ]);
      const section = (id, title, count, links, ...body) =>
        h(
          'section',
          { class: 'card', id, 'aria-labelledby': id + '-h' },
          h(
            'h2',
            { id: id + '-h' },
            title,
            count === null ? null : [' ', h('span', { class: 'count' }, count)],
          ),
          links,
          ...body,
        );
      mount(
        out,
        section(
          'rep-counts',
          t('rep.counts'),
          null,
          exportLinks('report', p, t('rep.counts')),
          table([t('rep.figure'), t('rep.value')], sum),
          table([t('rep.category'), t('rep.items_issued')], cats),
          table([t('rep.group'), t('rep.families')], groups),
        ),
        section(
          'rep-register',
          t('rep.register'),
          shown(register.rows.length, register.more),
          exportLinks('agreements', p, t('rep.register')),
          regRows.length ? table(regHead, regRows) : h('p', { class: 'muted' }, t('common.none')),
        ),
        section(
          'rep-journal',
          t('rep.journal'),
          shown(journal.rows.length, journal.more),
          exportLinks('movements', p, t('rep.journal')),
          jRows.length ? table(jHead, jRows) : h('p', { class: 'muted' }, t('common.none')),
        ),
        section(
          'rep-acks',
          t('rep.acknowledgments'),
          null,
          exportLinks('acknowledgments', p, t('rep.acknowledgments')),
        ),
      );
    };
    const form = h(
      'form',
      { class: 'card row', 'aria-label': t('rep.period') },
      field(t('rep.from'), from),
      field(t('rep.to'), to),
      h('button', { type: 'submit' }, t('rep.show')),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      load();
    });
    load();
    return h('div', {}, h('h1', {}, t('nav.reports')), form, out);
  },
  ['supervisor', 'admin', 'staff'],
);
