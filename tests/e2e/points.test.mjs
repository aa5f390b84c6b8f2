// Rental points in the browser: a supervisor given two points chooses one in the header and the
// board and the items register follow it; she moves a free item from one point to the other
// from its card. Staff with one point see no chooser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  apiClient,
  launch,
  signIn,
  shot,
  unlabelled,
  DESKTOP,
  PHONE,
} from './harness.mjs';

let server, first, second;
before(async () => {
  server = await startServer();
  const admin = await apiClient(server.base, 'admin');
  first = (await admin.call('GET', '/points')).items[0];
  second = await admin.call('POST', '/points', {
    name: 'Пункт на Северной',
    address: 'ул. Северная, 5',
    code: 'SEV',
  });
  const { user } = await apiClient(server.base, 'zaveduyushaya');
  await admin.call('POST', `/users/${user.id}/points`, {
    point_id: first.id,
    points: [second.id],
    all_points: false,
  });
});
after(async () => {
  await server?.stop();
});

const shownNumbers = (page) => page.locator('#items-list tbody tr td:first-child').allInnerTexts();

async function choose(page, value) {
  await page.selectOption('#point-choice', value);
  await page.waitForFunction((v) => document.querySelector('#point-choice')?.value === v, value);
}

async function freeItemAt(client, point) {
  const page = await client.call('GET', `/items?status=available&point_id=${point}&limit=300`);
  const free = page.items.find((i) => !i.kit_id);
  assert.ok(free, `a free item outside a kit at point ${point}`);
  return free;
}

test('a supervisor with two points chooses one and moves an item there', async () => {
  const supervisor = await apiClient(server.base, 'zaveduyushaya');
  const free = await freeItemAt(supervisor, first.id);

  const b = await launch(DESKTOP);
  const { page } = b;
  await signIn(page, server.ui, 'zaveduyushaya');
  await page.waitForSelector('.board h1');
  const options = await page.locator('#point-choice option').allInnerTexts();
  assert.deepEqual(options, ['все мои пункты', first.name, second.name]);
  assert.equal(await page.inputValue('#point-choice'), '');
  await shot(page, 'points-board-all');

  // the second point is new: nothing on its board, nothing in its register
  await choose(page, String(second.id));
  await page.waitForFunction(() => {
    const lists = ['overdue', 'week', 'next', 'inspection', 'repair'];
    const n = lists.map((id) => document.querySelector(`#${id} .count`)?.textContent);
    return n.every((x) => x === '0');
  });
  await shot(page, 'points-board-second');
  await page.goto(server.ui + '/#/items');
  await page.waitForSelector('#items-list p.muted');
  assert.equal(await page.locator('#items-list tbody tr').count(), 0);
  assert.equal(
    await page.inputValue('#items-point'),
    String(second.id),
    'the register point filter follows the choice in the header',
  );

  // the choice is remembered after a reload
  await page.reload();
  await page.waitForSelector('#items-list');
  assert.equal(await page.inputValue('#point-choice'), String(second.id));

  // move the free item from its card
  await page.goto(server.ui + `/#/item/${free.id}`);
  await page.waitForSelector('#item-point');
  assert.equal(await page.textContent('#item-point'), first.name);
  await page.click('#transfer-open');
  await page.selectOption('#transfer-form select', String(second.id));
  await page.click('#transfer-form button[type=submit]');
  assert.match(
    await page.textContent('#transfer-form [role=alert]'),
    /причину/,
    'a move without a reason is refused before it is sent',
  );
  await page.fill('#transfer-form textarea', 'Нужен на Северной');
  assert.deepEqual(await unlabelled(page), []);
  await shot(page, 'points-transfer');
  await page.click('#transfer-form button[type=submit]');
  await page.waitForSelector('#notice .notice.ok');
  assert.match(await page.textContent('#notice'), new RegExp(free.inventory_number));
  await page.waitForFunction(
    (name) => document.querySelector('#item-point')?.textContent === name,
    second.name,
  );
  assert.deepEqual(
    await page.$$eval('#transfer-form select option', (o) => o.map((x) => x.value)),
    [String(first.id)],
    'the way back is the only move offered now',
  );
  await shot(page, 'points-transferred');

  // the item is now in the second point's register, and gone from the first one's
  await page.goto(server.ui + '/#/items');
  await page.waitForSelector('#items-list tbody tr');
  assert.deepEqual(await shownNumbers(page), [free.inventory_number]);
  await choose(page, String(first.id));
  // the register's point filter follows the new choice
  await page.waitForFunction(
    (v) => document.querySelector('#items-point')?.value === v,
    String(first.id),
  );
  await page.fill('form.filters input[type=search]', free.inventory_number);
  await page.press('form.filters input[type=search]', 'Enter');
  await page.waitForSelector('#items-list p.muted');
  assert.equal((await supervisor.call('GET', `/items/${free.id}`)).point_id, second.id);
  assert.deepEqual(b.errors, []);
  await b.close();
});

test('on a phone the chooser and the move fit the screen', async () => {
  const supervisor = await apiClient(server.base, 'zaveduyushaya');
  const free = await freeItemAt(supervisor, first.id);
  const b = await launch(PHONE);
  const { page } = b;
  await signIn(page, server.ui, 'zaveduyushaya');
  await page.waitForSelector('.board h1');
  const box = await page.locator('#point-choice').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, JSON.stringify(box));
  await shot(page, 'points-board');
  await page.goto(server.ui + `/#/item/${free.id}`);
  await page.click('#transfer-open');
  await page.fill('#transfer-form textarea', 'Нужен на Северной');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= PHONE.width, `the page is ${wide}px wide`);
  await shot(page, 'points-transfer');
  assert.deepEqual(b.errors, []);
  await b.close();
});

test('staff with one point see no point chooser', async () => {
  const b = await launch(DESKTOP);
  const { page } = b;
  await signIn(page, server.ui, 'ivanova');
  await page.goto(server.ui + '/#/items');
  await page.waitForSelector('#items-list tbody tr');
  assert.equal(await page.locator('#point-choice').count(), 0);
  await shot(page, 'points-staff');
  await b.close();
});
