// The supervisor's board: an agreement becomes overdue when the clock moves past its due date.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  apiClient,
  launch,
  signIn,
  shot,
  unlabelled,
  freeItems,
  DESKTOP,
  PHONE,
} from './harness.mjs';

let server, staff, agreement;
before(async () => {
  server = await startServer();
  staff = await apiClient(server.base, 'ivanova');
  const [item] = await freeItems(staff, 1);
  const family = (await staff.call('GET', '/families?limit=5')).items[3];
  const draft = await staff.call('POST', '/agreements', {
    family_id: family.id,
    items: [item.id],
    term_months: 1,
  });
  for (const r of (await staff.call('GET', `/agreements/${draft.id}/rules`)).items) {
    await staff.call('POST', `/agreements/${draft.id}/acknowledgments`, {
      rules_version_id: r.rules_version_id,
    });
  }
  await staff.call('POST', `/agreements/${draft.id}/activate`, {});
  agreement = await staff.call('GET', `/agreements/${draft.id}`);
});
after(async () => {
  await server?.stop();
});

const overdueRow = (page) => page.locator('#overdue tr', { hasText: agreement.number });

test('an agreement that becomes overdue when the clock moves shows on the board', async () => {
  const b = await launch(DESKTOP);
  const { page } = b;
  await signIn(page, server.ui, 'zaveduyushaya');
  await page.waitForSelector('#overdue');
  assert.equal(await overdueRow(page).count(), 0);

  const due = new Date(agreement.due_date + 'T10:00:00Z');
  due.setUTCDate(due.getUTCDate() + 3);
  server.setClock(due.toISOString().replace(/\.\d+Z$/, 'Z'));
  // A month later the old session has expired: the supervisor signs in again.
  await page.reload();
  await page.waitForSelector('#login');
  await signIn(page, server.ui, 'zaveduyushaya');
  await page.waitForSelector('#overdue');
  const row = overdueRow(page);
  await row.waitFor();
  assert.match(await row.innerText(), /\b3\b/);
  assert.ok((await row.locator('a[href^="tel:"]').count()) === 1);
  // The tiles and the cards' counts are the lengths of the whole lists (the cards draw the first rows).
  const supervisor = await apiClient(server.base, 'zaveduyushaya');
  const all = async (p) => {
    const out = [];
    let after = '';
    do {
      const page = await supervisor.call(
        'GET',
        `${p}${p.includes('?') ? '&' : '?'}limit=1000${after ? '&after=' + encodeURIComponent(after) : ''}`,
      );
      out.push(...page.items);
      after = page.next_cursor;
    } while (after);
    return out.length;
  };
  const { today } = await supervisor.call('GET', '/clock');
  const plus = (d, n) =>
    new Date(Date.parse(d + 'T00:00:00Z') + n * 86400000).toISOString().slice(0, 10);
  const sunday = plus(today, 6 - ((new Date(today + 'T00:00:00Z').getUTCDay() + 6) % 7));
  const expected = [
    await all('/overdue'),
    await all(`/due?from=${today}&to=${sunday}`),
    await all(`/due?from=${plus(sunday, 1)}&to=${plus(sunday, 7)}`),
    (await all('/deliveries?status=planned')) + (await all('/deliveries?status=out')),
    await all('/items?status=inspection'),
    await all('/items?status=in_repair'),
  ];
  assert.ok(
    expected[0] > 0 && expected[1] + expected[2] > 0,
    `the demo has overdue and due agreements: ${expected}`,
  );
  assert.deepEqual((await page.locator('.tiles .tile .n').allInnerTexts()).map(Number), expected);
  assert.deepEqual(
    await Promise.all(
      ['overdue', 'week', 'next', 'out', 'inspection', 'repair'].map(async (id) =>
        Number(await page.locator(`#${id} h2 .count`).innerText()),
      ),
    ),
    expected,
  );
  await page.waitForSelector('.chart svg');
  // The charts of use and demand: one bar per item type with its share lent, 12 months of queue.
  await page.waitForSelector('#use-demand .chart:nth-child(2) svg');
  const [use, waiting] = await Promise.all([
    supervisor.call('GET', '/reports/utilisation'),
    supervisor.call('GET', '/reports/waiting-list?months=12'),
  ]);
  const bars = await page
    .locator('#use-demand .chart')
    .first()
    .locator('svg')
    .getAttribute('aria-label');
  for (const u of use.items)
    assert.ok(
      bars.includes(`${u.name} ${Math.round((100 * u.lent) / u.items)}% · ${u.lent} из ${u.items}`),
      `${u.name} in ${bars}`,
    );
  assert.ok(use.items.some((u) => u.lent > 0));
  assert.equal(waiting.items.length, 12);
  assert.ok(waiting.items.at(-1).waiting > 0, 'the demo ends with a waiting list');
  assert.equal(await page.locator('#use-demand .chart').nth(1).locator('svg > g').count(), 12);
  assert.deepEqual(await unlabelled(page), []);
  await shot(page, '30-board');

  await page.goto(server.ui + '/#/reports');
  await page.waitForSelector('a[download]');
  assert.deepEqual(await unlabelled(page), []);
  await shot(page, '31-reports');
  assert.deepEqual(b.errors, []);
  await b.close();

  const p = await launch(PHONE, { isMobile: true, hasTouch: true });
  await signIn(p.page, server.ui, 'zaveduyushaya');
  await p.page.waitForSelector('.chart svg');
  await overdueRow(p.page).waitFor();
  const overflow = await p.page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  assert.ok(overflow <= 1, `the board is ${overflow}px wider than the phone`);
  await shot(p.page, '30-board');
  await p.close();
});

test('a page opened while the board is still loading is not covered by the board', async () => {
  const b = await launch(DESKTOP);
  const { page } = b;
  // A slow network, as from a district office: the board's overdue list takes 2 s to come.
  await page.route('**/api/v1/overdue*', async (r) => {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await r.continue().catch(() => {});
  });
  await signIn(page, server.ui, 'zaveduyushaya');
  // A session of its own: the test before moves the clock past the shared one's expiry.
  const [item] = await freeItems(await apiClient(server.base, 'ivanova'), 1);
  await page.goto(server.ui + `/#/item/${item.id}`);
  await page.waitForSelector(`h1:has-text("${item.inventory_number}")`);
  await page.waitForTimeout(3000);
  assert.equal(await page.locator(`h1:has-text("${item.inventory_number}")`).count(), 1);
  assert.equal(await page.locator('#overdue').count(), 0);
});
