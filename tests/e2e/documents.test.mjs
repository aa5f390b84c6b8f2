// Every document and register file from the page a person looks for it on: the agreement's
// PDFs (each only once it exists), the family's application and consent, and the registers'
// CSV and XLSX made by the server with the page's filters; a period that ends before it starts
// is told on the reports page, not left loading.
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
  DESKTOP,
  PHONE,
} from './harness.mjs';

let server, staff;
const found = {};
before(async () => {
  server = await startServer();
  staff = await apiClient(server.base, 'ivanova');
  // A multibox lent and brought back: its act, report and return act; an agreement still out
  // and never returned: no return act.
  const boxes = (await staff.call('GET', '/kits?kind=multibox')).items;
  for (const box of boxes) {
    const moves = (await staff.call('GET', `/journal/movements?item=${box.item_ids[0]}&limit=500`))
      .items;
    for (const m of moves.filter((x) => x.agreement_id).reverse()) {
      const a = await staff.call('GET', `/agreements/${m.agreement_id}`);
      const returns = (await staff.call('GET', `/agreements/${a.id}/returns`)).items;
      if (a.state === 'closed' && returns.length) found.multibox = { ...a, returns };
      if (found.multibox) break;
    }
    if (found.multibox) break;
  }
  const register = (
    await staff.call('GET', '/register/agreements?from=2000-01-01&to=2100-12-31&limit=500')
  ).items;
  for (const e of register.filter((x) => x.state === 'active')) {
    const returns = (await staff.call('GET', `/agreements/${e.agreement_id}/returns`)).items;
    if (!returns.length) {
      found.active = await staff.call('GET', `/agreements/${e.agreement_id}`);
      break;
    }
  }
  if (found.active) found.family = await staff.call('GET', `/families/${found.active.family_id}`);
  assert.ok(found.multibox, 'the demo has a multibox lent and returned');
  assert.ok(found.active, 'the demo has an agreement out with nothing returned');
});
after(async () => {
  await server?.stop();
});

// Opens a page of the app and waits until its heading is `title` (a hash change redraws the
// page after its requests: the previous page's links are still there until then).
async function open(b, hash, title) {
  await b.page.goto(server.ui + '/' + hash);
  await b.page.waitForFunction(
    (text) => document.querySelector('#main h1')?.textContent === text,
    title,
  );
}

// The document links a page shows, each fetched in the browser's session: a PDF every one.
async function followDocuments(b) {
  await b.page.waitForSelector('.documents a.doc-link');
  const links = await b.page.$$eval('.documents a.doc-link', (as) =>
    as.map((a) => ({ doc: a.dataset.doc, href: a.href, text: a.textContent })),
  );
  for (const l of links) {
    const res = await b.context.request.get(l.href);
    assert.equal(res.status(), 200, `${l.doc} ${l.href}: ${res.status()}`);
    assert.equal(res.headers()['content-type'], 'application/pdf', l.href);
    assert.equal((await res.body()).subarray(0, 4).toString('latin1'), '%PDF', l.href);
  }
  return links;
}

for (const login of ['ivanova', 'zaveduyushaya']) {
  test(`the agreement page links its documents, each a PDF (${login})`, async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const b = await launch(viewport);
      await signIn(b.page, server.ui, login);

      await open(b, `#/agreement/${found.multibox.id}`, `Договор № ${found.multibox.number}`);
      const links = await followDocuments(b);
      const docs = links.map((l) => l.doc);
      assert.deepEqual(
        docs.filter((d) => d !== 'return-act'),
        ['agreement', 'handover-act', 'rules', 'multibox-act', 'multibox-report'],
      );
      assert.equal(docs.filter((d) => d === 'return-act').length, found.multibox.returns.length);
      assert.deepEqual(await unlabelled(b.page), []);
      if (login === 'ivanova') await shot(b.page, '60-agreement-documents');

      await open(b, `#/agreement/${found.active.id}`, `Договор № ${found.active.number}`);
      const out = (await followDocuments(b)).map((l) => l.doc);
      assert.ok(!out.includes('return-act'), 'no return act before a return');
      assert.ok(out.includes('handover-act') && out.includes('agreement'), out.join());

      await open(b, `#/family/${found.active.family_id}`, found.family.representative);
      const family = (await followDocuments(b)).map((l) => l.doc);
      assert.deepEqual(family, ['application', 'consent']);
      // and the agreements, as before
      await b.page.waitForSelector(`a[href="#/agreement/${found.active.id}"]`);
      if (login === 'ivanova') await shot(b.page, '61-family-documents');
      assert.deepEqual(b.errors, []);
      await b.close();
    }
  });
}

// Clicks a register's file link and reads what the browser saved.
async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return fs.readFileSync(await file.path());
}

test('the reports page downloads its registers from the server as CSV and XLSX', async () => {
  const b = await launch(DESKTOP);
  const { page } = b;
  await signIn(page, server.ui, 'zaveduyushaya');
  await page.goto(server.ui + '/#/reports');
  await page.fill('#rep-from', '2000-01-01');
  await page.click('button:has-text("Показать")');
  await page.waitForSelector('#rep-register tbody tr');
  const href = await page.getAttribute('a[data-export="agreements.csv"]', 'href');
  assert.match(href, /^\/api\/v1\/exports\/agreements\.csv\?from=2000-01-01&to=\d{4}-\d{2}-\d{2}/);

  const csv = (await download(page, 'a[data-export="agreements.csv"]')).toString('utf8');
  const [header, first] = csv.replace(/^\ufeff/, '').split('\r\n');
  assert.equal(
    header,
    '№ договора;Дата начала;Срок возврата;Законный представитель;Ребёнок;Предметов;Состояние;Закрыт',
  );
  assert.match(first, /^[^;]+;\d{2}\.\d{2}\.\d{4};\d{2}\.\d{2}\.\d{4};/);
  const shown = await page.locator('#rep-register tbody tr td:first-child').first().innerText();
  assert.equal(first.split(';')[0], shown, 'the file begins with the row the page shows first');

  const xlsx = await download(page, 'a[data-export="agreements.xlsx"]');
  assert.equal(xlsx.subarray(0, 2).toString('latin1'), 'PK');
  const journal = (await download(page, 'a[data-export="movements.csv"]')).toString('utf8');
  assert.match(journal, /^\ufeffДата и время;Инв\. номер;/);
  await shot(page, '62-reports-files');
  assert.deepEqual(await unlabelled(page), []);
  assert.deepEqual(b.errors, []);
});

test('a period ending before it starts is told on the reports page', async () => {
  const b = await launch(PHONE);
  const { page } = b;
  await signIn(page, server.ui, 'zaveduyushaya');
  await page.goto(server.ui + '/#/reports');
  await page.waitForSelector('#rep-counts');
  await page.fill('#rep-from', '2026-03-10');
  await page.fill('#rep-to', '2026-03-01');
  await page.click('button:has-text("Показать")');
  const error = await page.waitForSelector('#rep-error', { timeout: 5000 });
  assert.equal(await error.innerText(), 'Дата «По» раньше даты «С»: исправьте период');
  assert.equal(await page.getAttribute('#rep-to', 'aria-invalid'), 'true');
  assert.equal(await page.locator('#rep-out').innerText(), await error.innerText());
  await shot(page, '63-reports-bad-period');
  assert.deepEqual(b.errors, []);
});

test('the board, the items register and the waiting list download their lists', async () => {
  const b = await launch(DESKTOP);
  const { page } = b;
  await signIn(page, server.ui, 'zaveduyushaya');
  await page.goto(server.ui + '/#/board');
  const overdue = (await download(page, 'a[data-export="overdue.csv"]')).toString('utf8');
  assert.match(overdue, /^\ufeffДней просрочки;№ договора;Законный представитель;Телефон;/);
  const due = await download(page, 'a[data-export="due.xlsx"]');
  assert.equal(due.subarray(0, 2).toString('latin1'), 'PK');
  await b.close();

  const desk = await launch(DESKTOP);
  await signIn(desk.page, server.ui, 'ivanova');
  await desk.page.goto(server.ui + '/#/items');
  await desk.page.waitForSelector('#items-list tbody tr');
  await desk.page.selectOption('label:has-text("Статус") + select', 'on_loan');
  await desk.page.waitForSelector('#items-export a[href*="status=on_loan"]');
  const items = (await download(desk.page, 'a[data-export="items.csv"]')).toString('utf8');
  const rows = items.replace(/^\ufeff/, '').split('\r\n');
  assert.match(rows[0], /^Инв\. номер;Наименование;Вид;/);
  assert.ok(rows.length > 2);
  assert.ok(
    rows
      .slice(1)
      .filter(Boolean)
      .every((r) => r.includes(';выдан;')),
    'only the items of the status asked for',
  );
  assert.ok(
    (await download(desk.page, 'a[data-export="items.xlsx"]'))
      .subarray(0, 2)
      .equals(Buffer.from('PK')),
  );

  await desk.page.goto(server.ui + '/#/waiting');
  const waiting = (await download(desk.page, 'a[data-export="waiting.csv"]')).toString('utf8');
  assert.match(waiting, /^\ufeff№;Законный представитель;Телефон;Дата заявления;Состояние\r\n/);
  await shot(desk.page, '64-waiting-files');
  assert.deepEqual(desk.errors, []);
});
