// A rental point set up from nothing, in the browser only: on a database holding one admin made
// on the command line, the admin follows the first steps (organisation, point, rules, an item
// type, an item, a staff account), and the new staff member lends the item to a new family.
// The test makes no API call of its own: everything goes through the pages.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, signIn, shot, sign, scan, DESKTOP } from './harness.mjs';

let server;
after(async () => {
  await server?.stop();
});

async function step(page, name) {
  await page.goto(server.ui + '/#/admin');
  await page.waitForSelector('.checklist');
  return page.locator(`.checklist li[data-step=${name}]`);
}

test('from an empty database to the first loan, in the browser only', async () => {
  server = await startServer({ empty: true });
  const b = await launch(DESKTOP);
  const { page } = b;
  page.on('dialog', (d) => d.accept());
  await page.goto(server.ui + '/');
  await page.fill('#login', 'admin');
  await page.fill('#password', 'prokat-admin');
  await page.press('#password', 'Enter');
  await page.waitForSelector('.checklist');
  assert.match(page.url(), /#\/admin$/, 'a new installation opens on the first steps');
  assert.equal(await page.locator('.checklist li.done').count(), 0);
  await shot(page, 'setup-01-first-steps');

  // 1. The organisation, as its documents will print it.
  await (await step(page, 'organization')).locator('a').first().click();
  await page.waitForSelector('#org-form');
  await page.getByLabel('Полное название организации').fill('КГБУСО «КЦСОН Лебяжьего»');
  await page.getByLabel('Адрес', { exact: true }).fill('658000, с. Лебяжье, ул. Школьная, 1');
  await page.getByLabel('Руководитель', { exact: true }).fill('Петрова А. В.');
  await page.getByLabel('Город').fill('с. Лебяжье');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.waitForSelector('.notice:has-text("Реквизиты сохранены")');

  // 2. The rental point.
  await (await step(page, 'point')).locator('a').first().click();
  const np = page.locator('#new-point');
  await np.getByLabel('Название', { exact: true }).fill('Пункт проката в Лебяжьем');
  await np.getByLabel('Адрес', { exact: true }).fill('с. Лебяжье, ул. Школьная, 1');
  await np.getByLabel('Код', { exact: true }).fill('LEB');
  await np.getByRole('button', { name: 'Создать пункт' }).click();
  await page.waitForSelector('td:has-text("LEB")');

  // 3. The usage rules the family acknowledges.
  await (await step(page, 'rules')).locator('a').first().click();
  await page.waitForSelector('#rules-form');
  await page
    .locator('#rules-form')
    .getByLabel('Название', { exact: true })
    .fill('Правила пользования оборудованием');
  await page
    .locator('#rules-form textarea')
    .fill('Оборудование используется по назначению.\n\nБеречь от влаги и ударов.');
  await page.locator('#rules-form').getByRole('button', { name: 'Опубликовать' }).click();
  await page.waitForSelector('.rules-doc');

  // 4. An item type with its parts, under those rules.
  await page.goto(server.ui + '/#/catalogue/types/new');
  await page.waitForSelector('#type-name');
  await page.fill('#type-name', 'Коляска прогулочная');
  await page.selectOption('#type-category', 'baby');
  await page.fill('#type-term', '90');
  await page.click('#type-part-add');
  await page.fill('.type-part-name >> nth=0', 'Дождевик');
  await page.click('#type-save');
  await page.waitForSelector('a:has-text("Коляска прогулочная")');

  // 5. An item of it, its label shown at once.
  await (await step(page, 'item')).locator('a').first().click();
  await page.waitForSelector('#item-name');
  await page.fill('#item-name', 'Коляска Yoya Plus');
  await page.fill('#item-number', 'КЛ-0001');
  await page.click('#item-save');
  await page.waitForSelector('#label-print');
  const label = (await page.locator('.label-img').getAttribute('alt')).split(' ').pop();
  await shot(page, 'setup-02-item-registered');

  // 6. The staff member of the point.
  await (await step(page, 'staff')).locator('a').first().click();
  const form = page.locator('#new-user');
  await form.getByLabel('Логин').fill('smirnova');
  await form.getByLabel('Имя', { exact: true }).fill('Смирнова Ольга');
  await form.getByLabel('Роль', { exact: true }).selectOption('staff');
  await form.getByLabel('Пароль', { exact: true }).fill('prokat-smirnova');
  await form.getByRole('button', { name: 'Создать' }).click();
  await page.waitForSelector('td:has-text("smirnova")');

  await page.goto(server.ui + '/#/admin');
  await page.waitForSelector('.checklist');
  assert.equal(
    await page.locator('.checklist li:not(.done)').count(),
    0,
    await page.locator('.checklist').innerText(),
  );
  await shot(page, 'setup-03-first-steps-done');
  assert.deepEqual(b.errors, []);
  await b.close();

  // The desk lends: the item scanned, a new family, the rules acknowledged, both signatures.
  const desk = await launch(DESKTOP);
  const p = desk.page;
  await signIn(p, server.ui, 'smirnova');
  await p.waitForSelector('#scan-field:focus');
  await scan(p, label);
  await p.waitForSelector('.line[data-item]');
  await p.getByRole('button', { name: 'Новая семья' }).click();
  const fam = p.locator('form[aria-label="Новая семья"]');
  await fam.getByLabel('Представитель').fill('Кузнецова Мария Петровна');
  await fam.getByLabel('Телефон').fill('+7 913 000-11-22');
  await fam.getByLabel('Адрес', { exact: true }).fill('с. Лебяжье, ул. Мира, 3');
  await fam.getByLabel('ФИО ребёнка').fill('Кузнецов Артём');
  await fam.getByLabel('Дата рождения').fill('2024-02-01');
  await fam.getByRole('button', { name: 'Сохранить семью' }).click();
  await p.waitForSelector('.chosen');
  await p.click('#ho-create');
  await p.waitForSelector('#ho-activate');
  for (const box of await p.locator('#ho-rules ~ label input[type=checkbox]:not([disabled])').all())
    await box.check();
  const pads = p.locator('canvas.signature');
  await sign(p, pads.nth(0));
  await sign(p, pads.nth(1));
  await p.click('#ho-activate');
  await p.waitForURL(/#\/act\/handover\/\d+$/);
  await p.waitForSelector('.act table');
  const act = await p.locator('.act').innerText();
  assert.match(act, /КЛ-0001/);
  assert.match(act, /Кузнецова Мария Петровна/);
  assert.match(act, /№ 1\/\d{4}/, 'the first agreement of the point');
  // The act as printed carries the organisation's letterhead entered in step 1.
  const pdf = await p.evaluate(async () => {
    const a = [...document.querySelectorAll('a')].find((x) => x.textContent.trim() === 'PDF');
    const r = await fetch(a.href);
    return { type: r.headers.get('content-type'), head: (await r.text()).slice(0, 5) };
  });
  assert.deepEqual(pdf, { type: 'application/pdf', head: '%PDF-' });
  await shot(p, 'setup-04-first-loan');
  assert.deepEqual(desk.errors, []);
});
