// The desk's registers: the items register paged through to the end with its filters kept, an
// application filed from the family card joining the waiting list, and a stocktake that
// survives a reload and ends in a printable, exportable result.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  startServer,
  apiClient,
  launch,
  signIn,
  shot,
  unlabelled,
  scan,
  DESKTOP,
  PHONE,
} from './harness.mjs';

let server, staff;
before(async () => {
  server = await startServer();
  staff = await apiClient(server.base, 'ivanova');
});
after(async () => {
  await server?.stop();
});

async function all(path) {
  const out = [];
  let after = '';
  do {
    const page = await staff.call(
      'GET',
      `${path}${path.includes('?') ? '&' : '?'}limit=500${after ? '&after=' + after : ''}`,
    );
    out.push(...page.items);
    after = page.next_cursor;
  } while (after);
  return out;
}

const shownNumbers = (page) => page.locator('#items-list tbody tr td:first-child').allInnerTexts();

test('the items register pages through every item of a filter, and keeps filter and page', async () => {
  const point = staff.user.point_id;
  const expected = (await all(`/items?status=on_loan&point_id=${point}`)).map(
    (i) => i.inventory_number,
  );
  assert.ok(expected.length > 50, `the demo has ${expected.length} items on loan: too few to page`);
  const b = await launch(DESKTOP);
  const { page } = b;
  await signIn(page, server.ui, 'ivanova');
  await page.goto(server.ui + '/#/items');
  await page.waitForSelector('#items-list tbody tr');
  const total = (await all('/items')).length;
  assert.ok(total > 200, `the demo has ${total} items`);
  await page.selectOption('label:has-text("Статус") + select', 'on_loan');
  await page.selectOption('label:has-text("Пункт") + select', String(point));
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('#items-list tbody tr')).every((tr) =>
      tr.querySelector('.status-on_loan'),
    ),
  );
  assert.ok(await page.locator('#items-prev').isDisabled());
  const seen = [];
  let visited = false;
  for (let n = 0; n < 50; n++) {
    const rows = await shownNumbers(page);
    assert.ok(rows.length <= 50 && rows.length > 0);
    seen.push(...rows);
    const from = seen.length - rows.length + 1;
    assert.equal(
      await page.locator('.pager [role=status]').innerText(),
      `Предметы ${from}–${seen.length}`,
    );
    if (n === 1) {
      // A visit to an item card and back keeps the filters and the page.
      await page.click('#items-list tbody tr a');
      await page.waitForSelector('.item-card');
      await page.goBack();
      await page.waitForSelector('#items-list tbody tr');
      assert.deepEqual(await shownNumbers(page), rows);
      assert.equal(await page.inputValue('label:has-text("Статус") + select'), 'on_loan');
      await shot(page, '07-items-page');
      visited = true;
    }
    if (await page.locator('#items-next').isDisabled()) break;
    const first = rows[0];
    await page.click('#items-next');
    await page.waitForFunction(
      (f) => document.querySelector('#items-list tbody td')?.textContent !== f,
      first,
    );
  }
  assert.ok(visited, 'a second page was shown');
  assert.deepEqual([...seen].sort(), [...expected].sort());
  await page.click('#items-prev');
  await page.waitForFunction(() => !document.querySelector('#items-next').disabled);
  assert.deepEqual(await unlabelled(page), []);
  assert.deepEqual(b.errors, []);
  await b.close();
});

test('an application filed on the family card joins the waiting list of its type', async () => {
  // A type with a queue already: the new application waits behind it.
  const types = (await staff.call('GET', '/item-types')).items;
  let type = null,
    queue = [];
  for (const x of types) {
    queue = (await staff.call('GET', `/waiting-list?type=${x.id}`)).items;
    if (queue.some((a) => a.status === 'waiting')) {
      type = x;
      break;
    }
  }
  assert.ok(type, 'the demo has a waiting list');
  const families = (await staff.call('GET', '/families?limit=100')).items;
  const family = families.find(
    (f) => f.children_count > 0 && !queue.some((a) => a.family_id === f.id),
  );
  const b = await launch(DESKTOP);
  const { page } = b;
  await signIn(page, server.ui, 'ivanova');
  await page.goto(server.ui + `/#/family/${family.id}`);
  await page.waitForSelector('#app-submit');
  await page.click('#app-submit');
  assert.match(await page.locator('#apps-h ~ form .error').innerText(), /тип/);
  await page.selectOption('#app-type', String(type.id));
  await page.fill('#app-note', 'нужен после операции');
  assert.deepEqual(await unlabelled(page), []);
  await page.click('#app-submit');
  await page.waitForSelector('#notice .notice.ok');
  // The place the server gave it (the demo's own applications can be stamped later than now
  // when the point's date is already tomorrow in UTC, so the place is not always the last).
  const mine = (await staff.call('GET', `/families/${family.id}/applications`)).items;
  assert.deepEqual(
    mine.map((a) => [a.type_id, a.status, a.note]),
    [[type.id, 'waiting', 'нужен после операции']],
  );
  const place = mine[0].queue_position;
  assert.ok(place >= 1 && place <= queue.filter((a) => a.status === 'waiting').length + 1);
  assert.match(await page.locator('#notice').innerText(), new RegExp(`место в очереди ${place}`));
  await page.waitForSelector('#apps-h ~ .table-wrap tbody tr');
  assert.match(await page.locator('#apps-h ~ .table-wrap').innerText(), new RegExp(type.name));
  await shot(page, '14-family-applications');

  // The same type again is refused with a clear message.
  await page.selectOption('#app-type', String(type.id));
  await page.click('#app-submit');
  await page.waitForSelector('#apps-h ~ form .error:not(:empty)');

  // The waiting list opens on that type and shows the family.
  await page.goto(server.ui + '/#/waiting');
  await page.waitForFunction(
    () =>
      document.querySelector('main h1')?.textContent === 'Очередь' &&
      document.querySelector('main tbody tr'),
  );
  assert.equal(await page.locator('main tbody tr', { hasText: family.representative }).count(), 1);
  assert.deepEqual(b.errors, []);
  await b.close();

  const p = await launch(PHONE, { isMobile: true, hasTouch: true });
  await signIn(p.page, server.ui, 'ivanova');
  await p.page.goto(server.ui + `/#/family/${family.id}`);
  await p.page.waitForSelector('#app-submit');
  const overflow = await p.page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  assert.ok(overflow <= 1, `the family card is ${overflow}px wider than the phone`);
  await shot(p.page, '14-family-applications');
  await p.close();
});

test('a stocktake survives a reload and ends in a result to print or save', async () => {
  const point = staff.user.point_id;
  const onShelf = (await all(`/items?status=available&point_id=${point}`)).filter((i) => !i.kit_id);
  const [lent] = await all(`/items?status=on_loan&point_id=${point}`);
  const b = await launch(DESKTOP);
  const { page } = b;
  await signIn(page, server.ui, 'ivanova');
  await page.goto(server.ui + '/#/stocktake');
  await page.waitForSelector('main h1:has-text("Инвентаризация")');
  await page.waitForSelector('#scan-field:focus');
  for (const item of onShelf.slice(0, 3)) {
    await scan(page, item.label);
    await page
      .waitForSelector(`.scan-status.ok:has-text("${item.inventory_number}")`, { timeout: 5000 })
      .catch(async (e) => {
        throw new Error(`${item.label}: ${await page.locator('.scan-status').innerText()}`);
      });
  }
  await scan(page, lent.label);
  await page.waitForSelector(`.scan-status.error:has-text("${lent.inventory_number}")`);

  await page.reload();
  await page.waitForSelector('#stock-resumed');
  assert.deepEqual(
    await page
      .locator('.tiles .n')
      .allInnerTexts()
      .then((x) => x.slice(0, 1).concat(x.slice(2))),
    ['3', '1'],
  );
  await scan(page, onShelf[0].label); // already counted before the reload
  await page.waitForSelector('.scan-status.info');
  assert.deepEqual(await unlabelled(page), []);
  await shot(page, '10-stocktake');

  await page.click('#stock-finish');
  await page.waitForSelector('.stocktake-result');
  const cells = await page.locator('.stocktake-result td:first-child').allInnerTexts();
  assert.ok(cells.includes(lent.inventory_number), 'misplaced listed');
  assert.ok(cells.includes(onShelf[3].inventory_number), 'missing listed');
  assert.ok(!cells.includes(onShelf[1].inventory_number), 'found not listed');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('.stocktake-result a[download]'),
  ]);
  const csv = [download.suggestedFilename(), fs.readFileSync(await download.path(), 'utf8')];
  assert.match(csv[0], /^stocktake_\d{4}-\d{2}-\d{2}\.csv$/);
  assert.match(csv[1], new RegExp(`не на своём месте;${lent.inventory_number}`));
  assert.ok(csv[1].split('\r\n').length > 4);
  assert.ok(await page.locator('#stock-print').isVisible());
  assert.deepEqual(await unlabelled(page), []);
  await shot(page, '11-stocktake-result');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('#stock-print').isVisible(), false);
  await page.emulateMedia({ media: 'screen' });

  // Finished: a new visit starts afresh.
  await page.reload();
  await page.waitForSelector('#scan-field');
  assert.equal(await page.locator('#stock-resumed').count(), 0);
  assert.deepEqual(b.errors, []);
  await b.close();
});

test('a page asked for before signing in opens once signed in, if the role may see it', async () => {
  const b = await launch(DESKTOP);
  const { page } = b;
  await page.goto(server.ui + '/#/items');
  await page.waitForSelector('#login');
  await page.fill('#login', 'ivanova');
  await page.fill('#password', 'prokat-ivanova');
  await page.press('#password', 'Enter');
  await page.waitForSelector('#items-list tbody tr');
  assert.equal(new URL(page.url()).hash, '#/items');

  const driver = await launch(DESKTOP);
  await driver.page.goto(server.ui + '/#/board');
  await driver.page.waitForSelector('#login');
  await driver.page.fill('#login', 'petrov');
  await driver.page.fill('#password', 'prokat-petrov');
  await driver.page.press('#password', 'Enter');
  await driver.page.waitForFunction(() => location.hash === '#/route');
  assert.equal(await driver.page.locator('#overdue').count(), 0);
});
