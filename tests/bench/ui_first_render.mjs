// Time to first render of the desk page and the board in Chromium, for BENCHMARKS.md.
// Run from tests/e2e (it uses tests/e2e/node_modules/playwright-core):
//   node ../bench/ui_first_render.mjs http://127.0.0.1:PORT LOGIN PASSWORD [RUNS]
// Signs in once, then for each page and run: a fresh navigation to the page (index.html, the
// scripts and the page's API calls, from the browser's cache as a returning desk would) until
// the page's content is visible and the frame showing it has been painted. Two clocks:
// - in the page: from the navigation's start (performance.timeOrigin) to the end of the first
//   frame painted with the content in it (a MutationObserver sees the content arrive, then
//   requestAnimationFrame and a task after it), as a person at the screen would see it;
// - wall: in this script, from asking for the navigation to hearing that the content was
//   painted, which adds Playwright's round trips to the browser (the "blank page" row: a
//   navigation to a one-line data: page and waiting for its text, the same way).
// The page tells the script through a binding, so that no Playwright code polls inside the
// page while it loads; that the content is visible is checked after the timing.
// Between runs the page is left until its network is idle (its later requests, such as the
// board's charts, are not counted and do not hold the server's workers during the next run).
// The ceiling is the same navigation to the sign-in screen of a signed-out context
// (index.html and the scripts, no data).
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

const SIGN_IN = '#login';
const DESK = '.desk .columns > section:nth-child(2) table';
const BOARD = '.board #overdue';
const BLANK = '#blank';
// In every page: when each selector first matches, and when the frame after that was painted.
function watchForContent(selectors) {
  const seen = new Set();
  new MutationObserver(() => {
    for (const s of selectors) {
      if (seen.has(s) || !document.querySelector(s)) continue;
      seen.add(s);
      requestAnimationFrame(() => setTimeout(() => window.contentPainted(s, performance.now()), 0));
    }
  }).observe(document, { childList: true, subtree: true });
}
const watched = [SIGN_IN, DESK, BOARD, BLANK];

const painted = new Map(); // selector -> the waiting run's resolve(in-page ms)
async function timeTo(page, url, selector) {
  await page.goto('about:blank');
  const seen = new Promise((resolve, reject) => {
    painted.set(selector, resolve);
    setTimeout(() => reject(new Error(`${url}: ${selector} not painted in 30 s`)), 30000);
  });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  const inPage = await seen;
  const wall = Date.now() - t0;
  await page.waitForSelector(selector, { state: 'visible', timeout: 1000 });
  await page.waitForLoadState('networkidle');
  return { inPage: Math.round(inPage), wall };
}

async function series(page, url, selector) {
  const inPage = [];
  const wall = [];
  for (let i = 0; i < runs + 1; ++i) {
    const t = await timeTo(page, url, selector);
    if (i) { inPage.push(t.inPage); wall.push(t.wall); }
  }
  return { inPage, wall };
}

const newContext = async (options) => {
  const c = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  await c.exposeBinding('contentPainted', (_, selector, ms) => painted.get(selector)?.(ms));
  await c.addInitScript(watchForContent, watched);
  return c;
};
const anon = await (await newContext({})).newPage();
const page = await (await newContext({ locale: 'ru-RU' })).newPage();
await page.goto(ui + '/');
await page.fill('#login', login);
await page.fill('#password', password);
await page.press('#password', 'Enter');
await page.waitForSelector('.top nav a', { timeout: 30000 });

const blank = await series(anon, `data:text/html,<p id="blank">blank</p>`, BLANK);
const ceiling = await series(anon, ui + '/', SIGN_IN);
const c = median(ceiling.inPage);
const row = (name, v, ratio) => `| ${name} | ${runs} | ${median(v.inPage)} | ${p95(v.inPage)} | ${median(v.wall)} | ${ratio} |`;
const rows = [row('blank page (a `data:` URL with one line of text; the harness\'s own cost)', blank, ''),
  row('ceiling: sign-in screen (index.html and the scripts, no data)', ceiling, '1.00')];
const targets = [];
for (const [name, hash, selector] of [
  ['desk (`#/desk`, until its due-today list has loaded)', '#/desk', DESK],
  ['board (`#/board`, until the overdue, due and trips cards are in)', '#/board', BOARD],
]) {
  const v = await series(page, ui + '/' + hash, selector);
  rows.push(row(name, v, (median(v.inPage) / c).toFixed(2)));
  targets.push(`${name.split(' ')[0]} ${median(v.inPage) < 300 ? 'met' : 'NOT met'} (${median(v.inPage)} ms)`);
}
console.log(`Chromium ${browser.version()} headless, 1280x800, on loopback against the regional database; the first ` +
  `navigation of each page is a warm-up and not counted. "In page": from the navigation's start to the first frame ` +
  `painted with the content; "wall": the same seen from the Playwright script, with its round trips to the browser. ` +
  `Ratio: in-page median over the sign-in screen's, measured in the same run.\n`);
console.log('| page | runs | in page median ms | in page p95 ms | wall median ms | ratio to sign-in screen |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
console.log(`\nTarget, first render under 300 ms (in page, median): ${targets.join('; ')}.\n`);
await browser.close();
