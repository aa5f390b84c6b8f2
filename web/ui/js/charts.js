// Charts drawn by hand as SVG: a bar chart and a stacked bar chart. Colours come from CSS
// classes (series-0 ... series-5), so the CSP needs no inline styles.
import { svg, h } from './dom.js';
import { t } from './i18n.js';
import { q } from './api.js';

// bars: [{label, value, text?}] (text: the value as written beside the bar); opts.max: the
// value of a full bar (default: the largest value); opts.room: the width left for the text.
export function barChart(title, bars, opts = {}) {
  const w = 520,
    rowH = 26,
    left = 170,
    height = bars.length * rowH + 10;
  const max = opts.max || Math.max(1, ...bars.map((b) => b.value));
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', {}, title),
    svg(
      'svg',
      {
        viewBox: `0 0 ${w} ${height}`,
        role: 'img',
        'aria-label': title + ': ' + bars.map((b) => `${b.label} ${b.text ?? b.value}`).join(', '),
      },
      bars.map((b, i) => {
        const y = 5 + i * rowH;
        const bw = Math.round(((w - left - (opts.room || 50)) * b.value) / max);
        return svg(
          'g',
          {},
          svg('text', { x: left - 8, y: y + 17, class: 'axis', 'text-anchor': 'end' }, b.label),
          svg('rect', {
            x: left,
            y: y + 3,
            width: Math.max(bw, 1),
            height: rowH - 8,
            class: 'series-' + (b.series ?? i % 6),
            rx: 3,
          }),
          svg('text', { x: left + bw + 6, y: y + 17, class: 'value' }, b.text ?? String(b.value)),
        );
      }),
    ),
  );
}

// columns: [{label, values: [n per series]}], series: [names]
export function stackedColumns(title, columns, series) {
  const w = 560,
    hgt = 230,
    bottom = 30,
    top = 22,
    left = 30;
  const max = Math.max(1, ...columns.map((c) => c.values.reduce((a, b) => a + b, 0)));
  const cw = (w - left) / Math.max(1, columns.length);
  const scale = (hgt - bottom - top) / max;
  const desc = columns.map((c) => `${c.label}: ${c.values.reduce((a, b) => a + b, 0)}`).join(', ');
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', {}, title),
    svg(
      'svg',
      { viewBox: `0 0 ${w} ${hgt}`, role: 'img', 'aria-label': `${title}: ${desc}` },
      svg('line', { x1: left, y1: hgt - bottom, x2: w, y2: hgt - bottom, class: 'axis-line' }),
      svg('text', { x: left - 4, y: top + 4, class: 'axis', 'text-anchor': 'end' }, String(max)),
      columns.map((c, i) => {
        let y = hgt - bottom;
        const x = left + i * cw + cw * 0.15;
        const total = c.values.reduce((a, b) => a + b, 0);
        return svg(
          'g',
          {},
          c.values.map((v, s) => {
            const bh = v * scale;
            y -= bh;
            return v
              ? svg('rect', { x, y, width: cw * 0.7, height: bh, class: 'series-' + s })
              : null;
          }),
          svg(
            'text',
            { x: x + cw * 0.35, y: y - 3, class: 'value', 'text-anchor': 'middle' },
            total ? String(total) : '',
          ),
          svg(
            'text',
            { x: x + cw * 0.35, y: hgt - bottom + 16, class: 'axis', 'text-anchor': 'middle' },
            c.label,
          ),
        );
      }),
    ),
    h(
      'ul',
      { class: 'legend' },
      series.map((s, i) =>
        h('li', {}, h('span', { class: 'swatch series-' + i, 'aria-hidden': 'true' }), s),
      ),
    ),
  );
}

// A cell a spreadsheet would run as a formula (it begins with = + - @, or a tab or CR before
// one) gets a leading apostrophe and is shown as text, as the server's exports do; a cell that is
// a number in full ("-5", "12,5") stays a number.
export const csvCell = (v) => {
  const s = String(v ?? '');
  return /^[=+\-@\t\r]/.test(s) && !/^-?\d+([.,]\d+)?$/.test(s) ? "'" + s : s;
};

// A CSV file made in the browser from rows, offered as a download link.
export function csvLink(labelText, fileName, header, rows) {
  const esc = (v) => {
    const s = csvCell(v);
    return /[",;\r\n]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
  };
  const text = '\ufeff' + [header, ...rows].map((r) => r.map(esc).join(';')).join('\r\n');
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  return h('a', { class: 'button', href: url, download: fileName }, labelText);
}

// A register's CSV and XLSX files, made by the server (GET /api/v1/exports/<name>.<format>) with
// the filters the page shows, so that both formats and the page agree on columns and dates.
// `what` names the register for the links' accessible names when a page offers several.
export function exportLinks(name, params, what) {
  const link = (format) =>
    h(
      'a',
      {
        class: 'button',
        href: `/api/v1/exports/${name}.${format}${q(params)}`,
        download: '',
        'data-export': `${name}.${format}`,
        'aria-label': what ? t('export.of', { format: format.toUpperCase(), what }) : null,
      },
      t('export.' + format),
    );
  return h('span', { class: 'actions exports no-print' }, link('csv'), link('xlsx'));
}
