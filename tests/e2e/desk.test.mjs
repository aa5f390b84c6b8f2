// The desk: a hand-over of two items with signatures, and their return with one component
// missing; the same hand-over by keyboard alone; every control labelled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  apiClient,
  launch,
  signIn,
  shot,
  unlabelled,
  sign,
  scan,
  freeItems,
  noisyJpeg,
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

async function pickFamily(page, family) {
  await page.fill('.handover input[type=search]', family.phone);
  await page.click(`.pick button:has-text("${family.phone}")`);
  await page.waitForSelector('.chosen');
}

test('hand over two items with signatures, take them back with a component missing', async () => {
  const b = await launch(DESKTOP);
  const { page } = b;
  const [one, two] = await freeItems(staff, 2);
  const family = (await staff.call('GET', '/families?limit=5')).items[0];
  await signIn(page, server.ui, 'ivanova');
  await page.waitForSelector('#scan-field:focus');
  assert.deepEqual(await unlabelled(page), []);
  await shot(page, '01-desk');

  await scan(page, one.label);
  await page.waitForSelector(`.line[data-item="${one.id}"]`);
  assert.match(page.url(), /#\/handover$/);
  await scan(page, two.label);
  await page.waitForSelector(`.line[data-item="${two.id}"]`);
  await scan(page, 'PK1-I-999999-0');
  await page.waitForSelector('.scan-status.error');
  await pickFamily(page, family);
  // The condition of the first item photographed: a camera-sized photo is made small enough to send.
  const photo = await noisyJpeg(page, 4000, 3000);
  assert.ok(
    photo.length > 1024 * 1024,
    `the test photo (${photo.length} bytes) is larger than a request may be`,
  );
  await page
    .locator(`.line[data-item="${one.id}"] .photo-picker input[type=file]`)
    .setInputFiles({ name: 'condition.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.waitForSelector(`.line[data-item="${one.id}"] .thumb img`);
  assert.equal(await page.locator(`.line[data-item="${two.id}"] .thumb`).count(), 0);
  assert.deepEqual(await unlabelled(page), []);
  await shot(page, '02-handover');
  await page.click('#ho-create');
  await page.waitForSelector('#ho-activate');
  for (const box of await page
    .locator('#ho-rules ~ label input[type=checkbox]:not([disabled])')
    .all())
    await box.check();
  const pads = page.locator('canvas.signature');
  await sign(page, pads.nth(0));
  await sign(page, pads.nth(1));
  await shot(page, '03-handover-sign');
  await page.click('#ho-activate');
  await page.waitForURL(/#\/act\/handover\/\d+$/);
  const agreementId = Number(page.url().match(/(\d+)$/)[1]);
  await page.waitForSelector('.act table');
  assert.equal(await page.locator('.act tbody tr').count(), 2);
  await shot(page, '04-handover-act');
  const active = await staff.call('GET', `/agreements/${agreementId}`);
  assert.equal(active.state, 'active');
  const photos = (await staff.call('GET', `/agreements/${agreementId}/photos`)).items.filter(
    (p) => p.item_id !== null,
  );
  assert.deepEqual(
    photos.map((p) => [p.item_id, p.occasion]),
    [[one.id, 'handover']],
  );

  // The return: scanning an item opens its agreement; the second scan ticks the other line.
  await page.goto(server.ui + '/#/desk');
  await page.waitForSelector('#scan-field:focus');
  await scan(page, one.label);
  await page.waitForURL(new RegExp(`#/agreement/${agreementId}$`));
  await page.waitForSelector(`.line.chosen-line[data-item="${one.id}"]`);
  // The photo taken at the hand-over is on the agreement's card, shrunk for sending.
  await page.waitForFunction(() => document.querySelector('.gallery img')?.naturalWidth > 0);
  const size = await page.evaluate(() => {
    const i = document.querySelector('.gallery img');
    return [i.naturalWidth, i.naturalHeight];
  });
  assert.ok(size[0] <= 1280 && size[1] <= 1280 && size[0] >= 800, `photo ${size}`);
  assert.match(await page.locator('.gallery').innerText(), new RegExp(one.inventory_number));
  await scan(page, two.label);
  await page.waitForSelector(`.line.chosen-line[data-item="${two.id}"]`);
  const missing = one.components[0].name;
  await page.locator(`.line[data-item="${one.id}"] input[data-component="${missing}"]`).uncheck();
  await sign(page, page.locator('canvas.signature').first());
  assert.deepEqual(await unlabelled(page), []);
  await shot(page, '05-return');
  await page.click('#ret-submit');
  await page.waitForURL(/#\/act\/return\/\d+\/\d+$/);
  await page.waitForSelector('.act .missing');
  assert.match(await page.locator('.act').innerText(), new RegExp(missing));
  await shot(page, '06-return-act');

  const closed = await staff.call('GET', `/agreements/${agreementId}`);
  assert.equal(closed.state, 'closed');
  const acts = await staff.call('GET', `/agreements/${agreementId}/returns`);
  assert.equal(acts.items.length, 1);
  const line = acts.items[0].lines.find((l) => l.item_id === one.id);
  assert.deepEqual(line.missing_components, [missing]);

  // The item's card shows the photo too.
  await page.goto(server.ui + `/#/item/${one.id}`);
  await page.waitForFunction(() => document.querySelector('.gallery img')?.naturalWidth > 0);
  assert.deepEqual(await unlabelled(page), []);
  await shot(page, '12-item-card');
  assert.deepEqual(b.errors, []);
  await b.close();
});

test("a pickup by driver planned from the agreement is on the driver's route", async () => {
  const [item] = await freeItems(staff, 1);
  const family = (await staff.call('GET', '/families?limit=8')).items[6];
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
  const { today } = await staff.call('GET', '/clock');
  const driver = (await staff.call('GET', '/drivers')).items.find((d) =>
    d.display_name.startsWith('Петров'),
  );

  const b = await launch(DESKTOP);
  const { page } = b;
  await signIn(page, server.ui, 'ivanova');
  await page.goto(server.ui + `/#/agreement/${draft.id}`);
  await page.waitForSelector('#pk-submit');
  assert.equal(await page.inputValue('#pk-address'), family.address);
  await page.selectOption('#pk-driver', String(driver.id));
  await page.fill('#pk-date', today);
  assert.deepEqual(await unlabelled(page), []);
  await shot(page, '13-agreement-pickup');
  await page.click('#pk-submit');
  await page.waitForSelector('#pk-h ~ .table-wrap td');
  assert.match(await page.locator('#notice').innerText(), /Петров/);
  assert.equal(await page.locator('#pk-submit').count(), 0);
  const trips = (await staff.call('GET', `/deliveries?agreement_id=${draft.id}`)).items;
  assert.deepEqual(
    trips.map((x) => [x.kind, x.planned_on, x.driver_id, x.status]),
    [['pickup', today, driver.id, 'planned']],
  );
  assert.deepEqual(b.errors, []);
  await b.close();

  const p = await launch(PHONE, { isMobile: true, hasTouch: true });
  await signIn(p.page, server.ui, 'petrov');
  await p.page.waitForSelector(`a[href="#/trip/${trips[0].id}"]`);
  await p.close();
  const phone = await launch(PHONE, { isMobile: true, hasTouch: true });
  await signIn(phone.page, server.ui, 'ivanova');
  await phone.page.goto(server.ui + `/#/agreement/${draft.id}`);
  await phone.page.waitForSelector('#pk-h');
  const overflow = await phone.page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  assert.ok(overflow <= 1, `the agreement is ${overflow}px wider than the phone`);
  await shot(phone.page, '13-agreement-pickup');
  await phone.close();
});

// Presses Tab until the focused element matches `selector` (at most `limit` times).
async function tabTo(page, selector, limit = 80) {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached ' + selector);
}

test('the hand-over can be done with the keyboard alone', async () => {
  const b = await launch(DESKTOP);
  const { page } = b;
  const [item] = await freeItems(staff, 1);
  const family = (await staff.call('GET', '/families?limit=5')).items[1];
  await signIn(page, server.ui, 'ivanova');
  await page.waitForSelector('#scan-field:focus');
  await page.keyboard.type(item.label, { delay: 5 }); // a wedge scanner types fast and ends with Enter
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.line[data-item="${item.id}"]`);
  await tabTo(page, 'input[type=search]');
  await page.keyboard.type(family.phone);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.pick button');
  await tabTo(page, '.pick button');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.chosen');
  await tabTo(page, '#ho-create');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#ho-activate');
  const boxes = await page
    .locator('#ho-rules ~ label input[type=checkbox]:not([disabled])')
    .count();
  for (let i = 0; i < boxes; i++) {
    await tabTo(page, '#ho-rules ~ label input[type=checkbox]:not(:checked):not([disabled])');
    await page.keyboard.press('Space');
  }
  await tabTo(page, '#ho-sign ~ label input[type=checkbox]');
  await page.keyboard.press('Space');
  await tabTo(page, '#ho-activate');
  await page.keyboard.press('Enter');
  await page.waitForURL(/#\/act\/handover\/\d+$/);
  const id = Number(page.url().match(/(\d+)$/)[1]);
  assert.equal((await staff.call('GET', `/agreements/${id}`)).state, 'active');
  await b.close();
});

test('desk screens on a phone: labelled, nothing cut off', async () => {
  const b = await launch(PHONE, { isMobile: true, hasTouch: true });
  const { page } = b;
  await signIn(page, server.ui, 'ivanova');
  for (const [hash, name] of [
    ['#/desk', '01-desk'],
    ['#/handover', '02-handover'],
    ['#/items', '07-items'],
    ['#/families', '08-families'],
    ['#/inspection', '09-inspection'],
  ]) {
    await page.goto(server.ui + '/' + hash);
    await page.waitForSelector('main h1, main .scan-panel');
    await page.waitForTimeout(400);
    assert.deepEqual(await unlabelled(page), [], hash);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(overflow <= 1, `${hash} is ${overflow}px wider than the phone`);
    await shot(page, name);
  }
  await page.goto(server.ui + '/#/items');
  await page.waitForSelector('main table');
  const b2 = await launch(DESKTOP);
  await signIn(b2.page, server.ui, 'ivanova');
  for (const [hash, name] of [
    ['#/items', '07-items'],
    ['#/families', '08-families'],
    ['#/inspection', '09-inspection'],
    ['#/stocktake', '10-stocktake'],
  ]) {
    await b2.page.goto(server.ui + '/' + hash);
    await b2.page.waitForSelector('main h1');
    await b2.page.waitForTimeout(400);
    assert.deepEqual(await unlabelled(b2.page), [], hash);
    await shot(b2.page, name);
  }
  assert.deepEqual([...b.errors, ...b2.errors], []);
  await b.close();
  await b2.close();
});

test('a page that does not exist, or is not for the role, says so', async () => {
  const b = await launch(DESKTOP);
  const { page } = b;
  await signIn(page, server.ui, 'ivanova');
  await page.waitForSelector('#scan-field');
  await page.goto(server.ui + '/#/no-such-page');
  await page.waitForSelector('h1:has-text("Такой страницы нет")');
  assert.doesNotMatch(page.url(), /#\/desk$/);
  await page.goto(server.ui + '/#/admin');
  await page.waitForSelector('h1:has-text("недоступна")');
  await page.click('text=На главную');
  await page.waitForSelector('#scan-field');
});
