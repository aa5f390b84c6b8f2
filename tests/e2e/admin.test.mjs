// Administration in the browser, as an admin works through it: the first steps, a staff account
// (who then changes his own password), a rental point, the organisation details, a setting that
// the handover's term menu follows at once, a rules version with its diff, a template previewed.
// Every screen at desktop and phone sizes, in Russian.
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

let server, admin;
before(async () => {
  server = await startServer();
  admin = await apiClient(server.base, 'admin');
});
after(async () => {
  await server?.stop();
});

async function open(page, hash, heading) {
  await page.goto(server.ui + '/' + hash);
  await page.waitForSelector(`main h1:has-text("${heading}")`);
}

test('an admin sets up a user, a point, the details, a setting, rules and a template', async () => {
  const b = await launch(DESKTOP);
  const { page } = b;
  page.on('dialog', (d) => d.accept());
  await signIn(page, server.ui, 'admin');

  // The first steps: the demo point can lend, so each step of the list is done but the details.
  await open(page, '#/admin', 'Администрирование');
  assert.equal(await page.locator('.checklist li').count(), 6);
  assert.equal(await page.locator('.checklist li[data-step=point].done').count(), 1);
  assert.equal(await page.locator('.checklist li[data-step=item].done').count(), 1);
  await shot(page, 'admin-01-home');

  // A staff account at the first point.
  await open(page, '#/admin/users', 'Пользователи');
  const form = page.locator('#new-user');
  await form.getByLabel('Логин').fill('sidorova');
  await form.getByLabel('Имя', { exact: true }).fill('Сидорова Клавдия');
  await form.getByLabel('Роль', { exact: true }).selectOption('staff');
  await form.getByLabel('Пароль', { exact: true }).fill('prokat-sidorova');
  assert.equal(await form.locator('.more-points').isHidden(), true, 'staff: one point only');
  await form.getByRole('button', { name: 'Создать' }).click();
  await page.waitForSelector('td:has-text("sidorova")');
  // The same login again (the form is a fresh one): the server's refusal, in Russian.
  await form.getByLabel('Логин').fill('Sidorova');
  await form.getByLabel('Имя', { exact: true }).fill('Сидорова К.');
  await form.getByLabel('Пароль', { exact: true }).fill('another-pass');
  await form.getByRole('button', { name: 'Создать' }).click();
  await page.waitForSelector('#new-user .error:has-text("Такой логин уже занят")');
  await shot(page, 'admin-02-users');
  assert.deepEqual(await unlabelled(page), []);

  // Her account switched off and on again, and a new password set by the admin.
  await page.click('button[data-login=sidorova]');
  await page.locator('#user-active button').click();
  await page.waitForSelector('.notice:has-text("Учётная запись sidorova отключена")');
  await page.locator('#user-active button').click();
  await page.waitForSelector('.notice:has-text("Учётная запись sidorova включена")');
  await page.locator('#user-password').getByLabel('Пароль', { exact: true }).fill('admin-set-1');
  await page.locator('#user-password button').click();
  await page.waitForSelector('.notice:has-text("Пароль sidorova изменён")');
  await shot(page, 'admin-02-user-editor');

  // She signs in with it and changes it herself, the current password required.
  const staff = await launch(DESKTOP);
  await staff.page.goto(server.ui + '/');
  await staff.page.fill('#login', 'sidorova');
  await staff.page.fill('#password', 'admin-set-1');
  await staff.page.press('#password', 'Enter');
  await staff.page.click('#own-password');
  await staff.page.fill('#pw-current', 'admin-set-1');
  await staff.page.fill('#pw-new', 'sidorova-own-1');
  await staff.page.fill('#pw-again', 'sidorova-own-1');
  await staff.page.click('form button[type=submit]');
  await staff.page.waitForSelector('#login');
  await staff.page.fill('#login', 'sidorova');
  await staff.page.fill('#password', 'sidorova-own-1');
  await staff.page.press('#password', 'Enter');
  await staff.page.waitForSelector('#own-password');
  assert.deepEqual(staff.errors, []);
  await staff.close();

  // A new point, then renamed.
  await open(page, '#/admin/points', 'Пункты проката');
  const np = page.locator('#new-point');
  await np.getByLabel('Название', { exact: true }).fill('Пункт в Лебяжьем');
  await np.getByLabel('Адрес', { exact: true }).fill('с. Лебяжье, ул. Школьная, 1');
  await np.getByLabel('Код', { exact: true }).fill('LEB1');
  await np.getByRole('button', { name: 'Создать пункт' }).click();
  await page.waitForSelector('td:has-text("LEB1")');
  await page.click('button[data-code=LEB1]');
  await page.locator('#edit-point').getByLabel('Название').fill('Пункт в селе Лебяжье');
  await page.locator('#edit-point').getByRole('button', { name: 'Сохранить' }).click();
  await page.waitForSelector('td:has-text("Пункт в селе Лебяжье")');
  await shot(page, 'admin-03-points');
  const points = (await admin.call('GET', '/points')).items;
  assert.equal(points.find((p) => p.code === 'LEB1').name, 'Пункт в селе Лебяжье');

  // The organisation details.
  await open(page, '#/admin/organization', 'Реквизиты организации');
  await page.getByLabel('Полное название организации').fill('КГБУСО «КЦСОН г. Барнаула»');
  await page.getByLabel('Руководитель', { exact: true }).fill('Жмылева Н. Ю.');
  await page.getByLabel('Город').fill('г. Барнаул');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.waitForSelector('.notice:has-text("Реквизиты сохранены")');
  await shot(page, 'admin-04-organization');
  const org = await admin.call('GET', '/organization');
  assert.equal(org.name, 'КГБУСО «КЦСОН г. Барнаула»');
  assert.equal(org.director, 'Жмылева Н. Ю.');

  // A setting, in force at once: the desk's term menu offers up to 9 months.
  await open(page, '#/admin/settings', 'Настройки');
  const longest = page.getByLabel('Наибольший срок выдачи, месяцев');
  assert.equal(await longest.getAttribute('max'), '120');
  await longest.fill('9');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.waitForSelector('.notice:has-text("уже действуют")');
  await shot(page, 'admin-05-settings');
  const desk = await launch(DESKTOP);
  await signIn(desk.page, server.ui, 'ivanova');
  await desk.page.goto(server.ui + '/#/handover');
  const term = desk.page.locator('section[aria-labelledby=ho-t] select').first();
  await term.waitFor();
  const months = await term.locator('option').allInnerTexts();
  assert.equal(months.length, 9, months.join(','));
  assert.equal(months.at(-1), '9 мес.');
  await desk.close();

  // A rules version: preview as the family would sign it, publish, the diff shows the new line.
  await open(page, '#/admin/rules', 'Правила пользования');
  const text = page.locator('#rules-form textarea');
  await text.fill((await text.inputValue()) + '\n\nНовый пункт: беречь от влаги.');
  const [pdf] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/rules/preview')),
    page.click('#rules-preview-button'),
  ]);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  await page.waitForSelector('#preview-link');
  await page.locator('#rules-form').getByRole('button', { name: 'Опубликовать' }).click();
  await page.waitForSelector('.diff ins:has-text("Новый пункт: беречь от влаги.")');
  await shot(page, 'admin-06-rules');

  // A template previewed over sample data, from its editor.
  await open(page, '#/admin/templates', 'Шаблоны документов');
  await page.click('a[data-kind=consent]');
  await page.waitForSelector('#template-text');
  const [sample] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/templates/consent/preview')),
    page.click('#template-preview-button'),
  ]);
  assert.equal(sample.status(), 200);
  assert.equal(sample.headers()['content-type'], 'application/pdf');
  await page.waitForSelector('#preview-link');
  await shot(page, 'admin-07-template');
  assert.deepEqual(b.errors, []);

  await admin.call('PUT', '/settings', { max_term_months: 6 });
});

test('a new staff member changes his own password, the current one required', async () => {
  await admin.call('POST', '/users', {
    login: 'kozlov',
    display_name: 'Козлов Пётр',
    role: 'driver',
    point_id: 1,
    password: 'prokat-kozlov',
  });
  const b = await launch(PHONE);
  const { page } = b;
  await signIn(page, server.ui, 'kozlov');
  await page.click('#own-password');
  await page.waitForSelector('#pw-current');
  await page.fill('#pw-current', 'not-my-password');
  await page.fill('#pw-new', 'kozlov-new-1');
  await page.fill('#pw-again', 'kozlov-new-1');
  await page.click('form button[type=submit]');
  await page.waitForSelector('form .error:has-text("Текущий пароль указан неверно")');
  await shot(page, 'admin-08-password');
  await page.fill('#pw-current', 'prokat-kozlov');
  await page.click('form button[type=submit]');
  await page.waitForSelector('#login');
  await page.fill('#login', 'kozlov');
  await page.fill('#password', 'kozlov-new-1');
  await page.press('#password', 'Enter');
  await page.waitForSelector('#own-password');
  assert.deepEqual(b.errors, []);
});

test('every administration screen at phone size', async () => {
  const b = await launch(PHONE);
  const { page } = b;
  await signIn(page, server.ui, 'admin');
  for (const [hash, heading, name] of [
    ['#/admin', 'Администрирование', 'admin-01-home'],
    ['#/admin/users', 'Пользователи', 'admin-02-users'],
    ['#/admin/points', 'Пункты проката', 'admin-03-points'],
    ['#/admin/organization', 'Реквизиты организации', 'admin-04-organization'],
    ['#/admin/settings', 'Настройки', 'admin-05-settings'],
    ['#/admin/rules', 'Правила пользования', 'admin-06-rules'],
    ['#/admin/templates', 'Шаблоны документов', 'admin-07-template'],
  ]) {
    await open(page, hash, heading);
    await shot(page, name);
    assert.deepEqual(await unlabelled(page), [], hash);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390 + 1, `${hash} is ${wide}px wide`);
  }
  assert.deepEqual(b.errors, []);
});

test('on a new installation the admin starts at the first steps', async () => {
  const fresh = await startServer({ empty: true });
  const b = await launch(DESKTOP);
  const { page } = b;
  await page.goto(fresh.ui + '/');
  await page.fill('#login', 'admin');
  await page.fill('#password', 'prokat-admin');
  await page.press('#password', 'Enter');
  await page.waitForSelector('.checklist');
  assert.match(page.url(), /#\/admin$/);
  assert.equal(await page.locator('.checklist li.done').count(), 0);
  await shot(page, 'admin-09-first-steps');
  await fresh.stop();
});
