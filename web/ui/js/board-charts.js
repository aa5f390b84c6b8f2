// The board's charts of use and demand (supervisors and admins): the share of each item type's
// items that are with families now, and the waiting list's length at the end of each of the
// last 12 months.
import { h, mount, afterPaint } from './dom.js';
import { t } from './i18n.js';
import { get, q } from './api.js';
import { can } from './app.js';
import { barChart, stackedColumns } from './charts.js';
import { chosenPoint } from './points.js';

export function useAndDemandCharts() {
  if (!can('supervisor', 'admin')) return null;
  const box = h(
    'div',
    { class: 'charts', id: 'use-demand' },
    h('p', { class: 'muted' }, t('common.loading')),
  );
  afterPaint(() =>
    Promise.all([
      get('/reports/utilisation' + q({ point: chosenPoint() })),
      get('/reports/waiting-list' + q({ months: 12, point: chosenPoint() })),
    ])
      .then(([use, waiting]) => {
        const bars = use.items.map((u) => {
          const share = u.items ? Math.round((100 * u.lent) / u.items) : 0;
          return {
            label: u.name,
            value: share,
            text: t('board.share', { share, lent: u.lent, items: u.items }),
            series: 0,
          };
        });
        mount(
          box,
          barChart(t('board.utilisation'), bars, { max: 100, room: 100 }),
          stackedColumns(
            t('board.waiting_by_month'),
            waiting.items.map((m) => ({ label: m.month.slice(2), values: [m.waiting] })),
            [t('board.waiting_list')],
          ),
        );
      })
      .catch(() => mount(box, h('p', { class: 'error' }, t('err.network')))),
  );
  return box;
}
