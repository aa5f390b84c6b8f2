// The catalogue set up from the browser: staff create an item type with its default parts,
// register an item of it (parts prefilled) and print its label alone, compose a multibox of free
// items (one scanned, one picked) and take it apart, and find the item in the stock by its
// storage place; the same screens on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

// Every print() asked for, in the page or in a frame, with what that document shows.
const recordPrints = () => {
  window.print = () => {
    (window.top.__prints ||= []).push({
      inFrame: window !== window.top,
      images: Array.from(document.images, (i) => i.getAttribute('src')),
      text: document.body ? document.body.innerText.trim() : '',
      elements: document.body ? document.body.querySelectorAll('*').length : 0,
    });
  };
};

test('staff set up a type, register and label an item, compose and take apart a multibox, filter the stock', async () => {
  const b = await launch(DESKTOP);
  const { page } = b;
  await page.addInitScript(recordPrints);
  await signIn(page, server.ui, 'ivanova');

  // An item type with two default parts and a passport.
  await page.goto(server.ui + '/#/catalogue/types');
  await page.click('#type-new');
  await page.waitForSelector('#type-name');
  await page.fill('#type-name', 'Вертикализатор «Е2Е»');
  await page.selectOption('#type-category', 'rehabilitation');
  await page.fill('#type-term', '30');
  await page.fill('#type-limit', '90');
  await page.click('#type-part-add');
  await page.fill('.type-part-name >> nth=0', 'Столик');
  await page.click('#type-part-add');
  await page.fill('.type-part-name >> nth=1', 'Ремни фиксации');
  await page.fill('.type-part-qty >> nth=1', '3');
  await page.click('#type-doc-add');
  await page.fill('.type-doc-name >> nth=0', 'Паспорт');
  assert.deepEqual(await unlabelled(page), []);
  await shot(page, 'catalogue-type');
  await page.click('#type-save');
  await page.waitForSelector('a:has-text("Вертикализатор «Е2Е»")');
  await shot(page, 'catalogue-types');
  const type = (await staff.call('GET', '/item-types')).items.find(
    (x) => x.name === 'Вертикализатор «Е2Е»',
  );
  assert.equal(type.max_term_days, 90);
  assert.deepEqual(type.components, [
    { name: 'Столик', quantity: 1 },
    { name: 'Ремни фиксации', quantity: 3 },
  ]);

  // An item of it: the type's parts and documents come prefilled.
  await page.goto(server.ui + '/#/catalogue/items/new');
  await page.waitForSelector('#item-type');
  await page.selectOption('#item-type', String(type.id));
  const parts = () => page.locator('.item-part-name').evaluateAll((l) => l.map((i) => i.value));
  assert.deepEqual(await parts(), ['Столик', 'Ремни фиксации']);
  assert.deepEqual(await page.locator('.item-doc-name').evaluateAll((l) => l.map((i) => i.value)), [
    'Паспорт',
  ]);
  await page.fill('#item-name', 'Вертикализатор Ortonica SA-1');
  await page.fill('#item-number', 'ВР-Е2Е-1');
  await page.fill('#item-place', 'Стеллаж Е2Е, полка 1');
  await page.fill('#item-cost', '45000');
  await shot(page, 'catalogue-item-new');
  await page.click('#item-save');
  await page.waitForSelector('#label-print');
  await shot(page, 'catalogue-item-registered');
  const item = (await staff.call('GET', '/items?q=' + encodeURIComponent('ВР-Е2Е-1'))).items[0];
  assert.deepEqual(item.components, type.components);
  assert.equal(item.storage_place, 'Стеллаж Е2Е, полка 1');
  assert.equal(item.cost_kopecks, 4500000);

  // The label is printed alone: print() of a frame that holds the label image and nothing else.
  await page.click('#label-print');
  await page.waitForFunction(() => (window.__prints || []).length > 0);
  const prints = await page.evaluate(() => window.__prints);
  assert.equal(prints.length, 1, JSON.stringify(prints));
  assert.equal(prints[0].inFrame, true, 'the page itself was printed');
  assert.deepEqual(prints[0].images, [`/api/v1/items/${item.id}/label.svg`]);
  assert.equal(prints[0].text, '');
  assert.equal(prints[0].elements, 1);

  // A multibox of the new item (scanned) and another free item (picked), then taken apart.
  await page.goto(server.ui + '/#/catalogue/kits');
  await page.click('#kit-new');
  await page.waitForSelector('#kit-name');
  await page.fill('#kit-name', 'Мультибокс «Е2Е»');
  await scan(page, item.label);
  await page.waitForSelector(`#kit-chosen td:has-text("ВР-Е2Е-1")`);
  const other = Number(
    await page.locator('#kit-free button[data-item]').first().getAttribute('data-item'),
  );
  await page.click(`#kit-free button[data-item="${other}"]`);
  await page.click('#kit-part-add');
  await page.fill('.kit-part-name >> nth=0', 'Мешочек');
  await shot(page, 'catalogue-kit-new');
  await page.click('#kit-save');
  await page.waitForSelector('#kit-apart');
  const kitId = Number(page.url().split('/').pop());
  const kit = await staff.call('GET', `/kits/${kitId}`);
  assert.equal(kit.kind, 'multibox');
  assert.deepEqual([...kit.item_ids].sort(), [item.id, other].sort());
  assert.deepEqual(kit.loose_components, [{ name: 'Мешочек', quantity: 1 }]);
  await shot(page, 'catalogue-kit');
  page.once('dialog', (d) => d.accept());
  await page.click('#kit-apart');
  await page.waitForFunction(() => location.hash === '#/catalogue/kits');
  assert.equal((await staff.call('GET', `/items/${item.id}`)).kit_id, null);
  assert.equal((await staff.call('GET', `/items/${other}`)).kit_id, null);
  assert.notEqual((await staff.call('GET', `/kits/${kitId}`)).taken_apart_at, null);

  // The stock: counts, then the filter by storage place finds the one item; its label sheet.
  await page.goto(server.ui + '/#/catalogue');
  await page.waitForSelector('#stock-list tbody tr');
  await page.waitForSelector('[data-count="status.available"]');
  await page.fill('#stock-place', 'Стеллаж Е2Е');
  await page.press('#stock-place', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#stock-list tbody tr').length === 1);
  assert.equal(await page.locator('#stock-list tbody tr a').first().innerText(), 'ВР-Е2Е-1');
  assert.equal(
    await page.locator('#stock-list tbody tr a').nth(1).getAttribute('href'),
    `#/catalogue/items/${item.id}/edit`,
  );
  await page.selectOption('#stock-status', 'on_loan');
  await page.waitForSelector('#stock-list p.muted');
  await page.selectOption('#stock-status', 'available');
  await page.waitForSelector('#stock-list tbody tr');
  assert.equal(await page.isDisabled('#stock-labels'), true);
  await page.check(`#stock-list input[data-item="${item.id}"]`);
  assert.equal(await page.isDisabled('#stock-labels'), false);
  assert.deepEqual(await unlabelled(page), []);
  await shot(page, 'catalogue-stock');

  // Edit from the item card: the storage place moves.
  await page.goto(server.ui + `/#/item/${item.id}`);
  await page.click(`a[href="#/catalogue/items/${item.id}/edit"]`);
  await page.waitForSelector('#item-place');
  await page.fill('#item-place', 'Склад');
  await shot(page, 'catalogue-item-edit');
  await page.click('#item-save');
  await page.waitForFunction((id) => location.hash === `#/item/${id}`, item.id);
  assert.equal((await staff.call('GET', `/items/${item.id}`)).storage_place, 'Склад');
  assert.deepEqual(b.errors, []);
  await b.close();
});

test('the catalogue screens on a phone', async () => {
  const b = await launch(PHONE);
  const { page } = b;
  await signIn(page, server.ui, 'ivanova');
  for (const [hash, ready, name] of [
    ['#/catalogue', '#stock-list', 'catalogue-stock'],
    ['#/catalogue/types/new', '#type-name', 'catalogue-type'],
    ['#/catalogue/items/new', '#item-name', 'catalogue-item-new'],
    ['#/catalogue/kits/new', '#kit-name', 'catalogue-kit-new'],
  ]) {
    await page.goto(server.ui + '/' + hash);
    await page.waitForSelector(ready);
    assert.deepEqual(await unlabelled(page), [], hash);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth + 1);
    assert.equal(wide, false, `${hash} scrolls sideways`);
    await shot(page, name);
  }
  assert.deepEqual(b.errors, []);
  await b.close();
});
