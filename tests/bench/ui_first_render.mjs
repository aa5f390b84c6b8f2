// Time to first render of the desk page and the board in Chromium, for BENCHMARKS.md.
// Run from tests/e2e (it uses tests/e2e/node_modules/playwright-core):
//   node ../bench/ui_first_render.mjs http://127.0.0.1:PORT LOGIN PASSWORD [RUNS]
// Signs in once, then for each page and run: a fresh navigation to the page (index.html, the
// scripts and the page's API calls, from the browser's cache as a returning desk would) until
// the page's content is in the DOM. The ceiling is the same navigation to the sign-in screen
// of a signed-out context (index.html and the scripts, no data).
import { createRequire } from 'node:module';

const { chromium } = createRequire(new URL('../e2e/package.json', import.meta.url))('playwright-core');

const [ui, login, password, runsText] = process.argv.slice(2);
const runs = Number(runsText || 5);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const p95 = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(0.95 * s.length))]; };

async function timeTo(page, url, selector) {
  await page.goto('about:blank');
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForSelector(selector, { timeout: 30000 });
  return Date.now() - t0;
}

const anon = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
const page = await ctx.newPage();
await page.goto(ui + '/');
await page.fill('#login', login);
await page.fill('#password', password);
await page.press('#password', 'Enter');
await page.waitForSelector('.top nav a', { timeout: 30000 });

const rows = [];
const ceiling = [];
for (let i = 0; i < runs + 1; ++i) { const t = await timeTo(anon, ui + '/', '#login'); if (i) ceiling.push(t); }
const c = median(ceiling);
for (const [name, hash, selector] of [
  ['desk (`#/desk`, until its due-today list has loaded)', '#/desk', '.desk .columns > section:nth-child(2) table'],
  ['board (`#/board`, until the overdue, due and trips cards are in)', '#/board', '.board #overdue'],
]) {
  const v = [];
  for (let i = 0; i < runs + 1; ++i) { const t = await timeTo(page, ui + '/' + hash, selector); if (i) v.push(t); }
  rows.push(`| ${name} | ${runs} | ${median(v)} | ${p95(v)} | ${c} | ${(median(v) / c).toFixed(2)} | ${median(v) < 300 ? 'met' : 'NOT met'} |`);
}
console.log(`Chromium ${browser.version()} headless, 1280x800, on loopback against the regional database; the first ` +
  `navigation of each page is a warm-up and not counted. Ceiling: the sign-in screen (index.html and the scripts, no data) ` +
  `in the same run.\n`);
console.log('| page | runs | median ms | p95 ms | ceiling: sign-in screen median ms | ratio | target < 300 ms |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
console.log('');
await browser.close();
