// The driver's phone: a delivery confirmed at the door with no network; the confirmation
// waits on the phone (also across closing the page), goes out when the network returns, and the
// server holds exactly one confirmation, even when the first answer was lost on the way back.
// The route (recipients, phones, addresses) leaves the phone on sign-out and when someone else
// signs in; the driver's unsent confirmations wait for him, and for him only.
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
  freeItems,
  PHONE,
  DESKTOP,
} from './harness.mjs';

let server, staff, driver, delivery, item;
before(async () => {
  server = await startServer();
  staff = await apiClient(server.base, 'ivanova');
  driver = await apiClient(server.base, 'petrov');
  [item] = await freeItems(staff, 1);
  const family = (await staff.call('GET', '/families?limit=3')).items[2];
  const { today } = await staff.call('GET', '/clock');
  const agreement = await staff.call('POST', '/agreements', {
    family_id: family.id,
    items: [item.id],
    term_months: 2,
    delivery_mode: 'delivery',
  });
  for (const r of (await staff.call('GET', `/agreements/${agreement.id}/rules`)).items) {
    await staff.call('POST', `/agreements/${agreement.id}/acknowledgments`, {
      rules_version_id: r.rules_version_id,
    });
  }
  await staff.call('POST', `/agreements/${agreement.id}/activate`, {});
  delivery = await staff.call('POST', '/deliveries', {
    agreement_id: agreement.id,
    kind: 'delivery',
    planned_on: today,
    driver_id: driver.user.id,
    address: family.address,
  });
});
after(async () => {
  await server?.stop();
});

test('a delivery confirmed offline is sent once when the network returns', async () => {
  const b = await launch(PHONE, { isMobile: true, hasTouch: true });
  let { page } = b;
  await signIn(page, server.ui, 'petrov');
  await page.waitForSelector(`a[href="#/trip/${delivery.id}"]`);
  assert.deepEqual(await unlabelled(page), []);
  assert.ok((await page.locator('a[href^="geo:"]').count()) > 0);
  assert.ok((await page.locator('a[href^="tel:"]').count()) > 0);
  await shot(page, '20-driver-route');
  await page.click(`a[href="#/trip/${delivery.id}"]`);
  await page.waitForSelector('#trip-confirm');

  await b.context.setOffline(true);
  const code = page.getByLabel('Код предмета');
  await code.fill(item.label);
  await code.press('Enter');
  await page.waitForSelector('.line.chosen-line');
  await page.getByLabel('ФИО получателя').fill('Получатель Тестовый'); // the representative is prefilled
  await sign(page, page.locator('canvas.signature'));
  assert.deepEqual(await unlabelled(page), []);
  await shot(page, '21-driver-door');
  await page.click('#trip-confirm');
  await page.waitForSelector('.outbox:not([hidden]) h2');
  assert.match(await page.locator('.outbox h2').innerText(), /1/);
  await page.waitForSelector('.offline-banner, .notice.warning');
  await shot(page, '22-driver-offline');

  // Closing the page loses nothing: a new page, still offline, shows the same waiting confirmation.
  await page.close();
  page = await b.context.newPage();
  await page.goto(server.ui + '/#/route');
  await page.waitForSelector('.outbox:not([hidden]) h2');
  assert.equal((await driver.call('GET', `/deliveries/${delivery.id}`)).status, 'planned');

  // The first answer is lost on the way back: the phone retries with the same key.
  let first = true;
  await page.route('**/api/v1/deliveries/*/confirm', async (route) => {
    if (first) {
      first = false;
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await b.context.setOffline(false);
  for (let i = 0; first && i < 100; i++) await page.waitForTimeout(100);
  assert.equal(first, false, 'the phone sent the confirmation when the network returned');
  await page.waitForTimeout(500);
  await page.click('.outbox button:has-text("Отправить сейчас")').catch(() => {
    /* sent already */
  });
  await page.waitForSelector('.outbox[hidden]', { state: 'attached', timeout: 30000 });
  const done = await staff.call('GET', `/deliveries/${delivery.id}`);
  assert.equal(done.status, 'done');
  assert.equal(done.scans.length, 1);
  assert.equal(done.received_by, 'Получатель Тестовый');
  assert.match(done.signature_ref, /^photo-\d+\.png$/);
  await page.goto(server.ui + '/#/route');
  await page.waitForSelector('main h1');
  assert.equal(await page.locator(`a[href="#/trip/${delivery.id}"]`).count(), 0);
  assert.deepEqual(b.errors, []);
  await b.close();
});

test('the route on a desktop screen: the demo driver has trips today', async () => {
  const sidorov = await apiClient(server.base, 'sidorov');
  const { today } = await sidorov.call('GET', '/clock');
  const trips = (await sidorov.call('GET', `/deliveries?date=${today}`)).items.filter((x) =>
    ['planned', 'out'].includes(x.status),
  );
  assert.ok(trips.length >= 1, `sidorov has ${trips.length} trips on ${today}`);
  const mine = (await driver.call('GET', `/deliveries?date=${today}`)).items.filter(
    (x) => x.id !== delivery.id,
  );
  assert.ok(mine.length >= 1, `petrov has ${mine.length} demo trips on ${today}`);
  const b = await launch(DESKTOP);
  await signIn(b.page, server.ui, 'sidorov');
  await b.page.waitForSelector('main h1');
  for (const x of trips) await b.page.waitForSelector(`a[href="#/trip/${x.id}"]`);
  assert.deepEqual(await unlabelled(b.page), []);
  await shot(b.page, '20-driver-route');
  await b.close();
});

test('the route leaves the phone on sign-out; unsent work waits for the same driver only', async () => {
  const open = [];
  for (const status of ['planned', 'out'])
    open.push(...(await driver.call('GET', `/deliveries?status=${status}&limit=200`)).items);
  assert.ok(open.length >= 2, `petrov has ${open.length} open trips`);
  const [first, second] = open;
  const stored = (page) =>
    page.evaluate(() => ({
      route: localStorage.getItem('prokat.route.v1'),
      user: localStorage.getItem('prokat.user'),
      outbox: JSON.parse(localStorage.getItem('prokat.outbox.v1') || '[]'),
    }));
  // A failed-delivery report made at the door, which the network does not let through.
  const failUnsent = async (page, trip) => {
    await page.goto(server.ui + `/#/trip/${trip.id}`);
    await page.getByLabel('Причина').fill('никого нет дома');
    await page.click('button:has-text("Отметить неудачу")');
    await page.waitForSelector('.outbox:not([hidden]) h2');
  };
  const blockFail = (page) =>
    page.route('**/api/v1/deliveries/*/fail', (r) => r.abort('internetdisconnected'));

  const b = await launch(PHONE, { isMobile: true, hasTouch: true });
  const { page } = b;
  await signIn(page, server.ui, 'petrov');
  await page.waitForSelector(`a[href="#/trip/${first.id}"]`);
  assert.ok((await stored(page)).route.includes(first.address), 'the route is kept on the phone');
  await blockFail(page);
  await failUnsent(page, first);
  assert.equal((await stored(page)).outbox[0].user_id, driver.user.id);

  // Unsent work: signing out asks first; "cancel" keeps the driver signed in with his route.
  page.once('dialog', (d) => d.dismiss());
  await page.click('button:has-text("Выйти")');
  await page.waitForSelector('.outbox:not([hidden]) h2');
  assert.ok((await stored(page)).route);
  page.once('dialog', (d) => {
    assert.match(d.message(), /Не отправлено подтверждений: 1/);
    d.accept();
  });
  await page.click('button:has-text("Выйти")');
  await page.waitForSelector('#login');
  let left = await stored(page);
  assert.equal(left.route, null, 'the route left the phone');
  assert.equal(left.user, null);
  assert.equal(left.outbox.length, 1, 'the unsent report waits for its driver');

  // The same driver signs in again: his report goes out.
  await page.unroute('**/api/v1/deliveries/*/fail');
  await signIn(page, server.ui, 'petrov');
  await page.waitForSelector('.outbox[hidden]', { state: 'attached', timeout: 30000 });
  assert.equal((await staff.call('GET', `/deliveries/${first.id}`)).status, 'failed');

  // His session ends without a sign-out, with a report unsent; someone else signs in here.
  await blockFail(page);
  await failUnsent(page, second);
  await b.context.clearCookies();
  await page.unroute('**/api/v1/deliveries/*/fail');
  await page.goto(server.ui + '/');
  await page.reload();
  await page.waitForSelector('#login');
  await page.fill('#login', 'sidorov');
  await page.fill('#password', 'prokat-sidorov');
  await page.press('#password', 'Enter');
  await page.waitForSelector('.driver h1');
  await page.waitForTimeout(500);
  left = await stored(page);
  assert.equal(left.outbox.length, 0, "another driver's report is neither shown nor sent");
  assert.equal(await page.locator('.outbox:not([hidden])').count(), 0);
  const route = JSON.parse(left.route);
  assert.notEqual(route.user_id, driver.user.id);
  for (const trip of [first, second]) {
    assert.ok(!left.route.includes(`"id":${trip.id},`), `petrov's trip ${trip.id} is gone`);
    assert.equal(await page.locator(`a[href="#/trip/${trip.id}"]`).count(), 0);
  }
  assert.notEqual((await staff.call('GET', `/deliveries/${second.id}`)).status, 'failed');
  assert.deepEqual(b.errors, []);
  await b.close();
});
