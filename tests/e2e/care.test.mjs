// An item's care after its return: a walker chair back without its headrest shows what is
// missing on its card, is not made available by "Обработано", goes out again only on a
// supervisor's decision, and the next handover act lists the headrest as missing at issue; a
// write-off from the card gives its act as a PDF. Desktop and phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

let server, staff, boss;
before(async () => {
  server = await startServer();
  staff = await apiClient(server.base, 'ivanova');
  boss = await apiClient(server.base, 'zaveduyushaya');
});
after(async () => {
  await server?.stop();
});

let seq = 0;
async function newFamily() {
  seq += 1;
  return staff.call('POST', '/families', {
    representative: `Орлова Мария ${seq}`,
    phone: '+79131234567',
    address: 'с. Лебяжье, ул. Школьная, 3',
    consent_on: '2026-01-20',
    target_groups: ['disabled_child'],
    children: [{ name: `Орлов Пётр ${seq}`, birth_date: '2018-04-01', category: 'disabled' }],
  });
}

async function lend(itemId) {
  const family = await newFamily();
  const draft = await staff.call('POST', '/agreements', {
    family_id: family.id,
    items: [itemId],
    term_months: 3,
  });
  const rules = await staff.call('GET', `/agreements/${draft.id}/rules`);
  for (const r of rules.items)
    await staff.call('POST', `/agreements/${draft.id}/acknowledgments`, {
      rules_version_id: r.rules_version_id,
    });
  await staff.call('POST', `/agreements/${draft.id}/activate`, {});
  return draft.id;
}

async function newChair(number) {
  const types = await staff.call('GET', '/item-types');
  const type = types.items.find((t) => t.category === 'rehabilitation') || types.items[0];
  return staff.call('POST', '/items', {
    inventory_number: number,
    name: 'Кресло-коляска Ortonica Base 195',
    type_id: type.id,
    funding_source: 'Грант Фонда президентских грантов',
    cost_kopecks: 2890000,
    components: [
      { name: 'Подголовник', quantity: 1 },
      { name: 'Подножки', quantity: 2 },
    ],
    documents: ['Паспорт изделия'],
  });
}

function pdfText(bytes, name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prokat-care-'));
  const file = path.join(dir, name + '.pdf');
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const [size, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
]) {
  test(`a return without the headrest keeps the chair in until a supervisor decides (${size})`, async () => {
    const chair = await newChair(`КК-УХОД-${size}`);
    const first = await lend(chair.id);
    await staff.call('POST', `/agreements/${first}/returns`, {
      items: [
        {
          item_id: chair.id,
          condition: 'fair',
          missing_components: ['Подголовник'],
          damage_note: 'порван чехол сиденья',
        },
      ],
    });
    const number = (await staff.call('GET', `/agreements/${first}`)).number;

    const b = await launch(viewport);
    const { page } = b;
    await signIn(page, server.ui, 'ivanova');
    await page.goto(server.ui + `/#/item/${chair.id}`);
    await page.waitForSelector('#care table');
    const care = await page.locator('#care').innerText();
    assert.match(care, /нет: Подголовник/);
    assert.match(care, /повреждение: порван чехол сиденья/);
    assert.ok(care.includes(`акт возврата по договору № ${number}`), care);
    assert.equal(
      await page.locator(`#care a[href="#/agreement/${first}"]`).count(),
      2,
      'each defect links the agreement of its return act',
    );
    assert.ok(await page.locator('#care-blocked').isVisible());
    // "Обработано" is not offered on the card while the headrest is missing.
    assert.equal(
      await page.locator('.item-card .actions button:has-text("Обработано")').count(),
      0,
    );
    await page.fill('#care-step-note', 'осмотрено, чехол порван');
    await page.selectOption('#care-step-kind', 'inspection');
    await page.click('#care-step-form button[type=submit]');
    await page.waitForSelector('#care td:has-text("осмотрено, чехол порван")');
    assert.deepEqual(await unlabelled(page), []);
    await shot(page, 'care-item-missing');

    // The inspection queue shows what is missing instead of "Обработано".
    await page.goto(server.ui + '/#/inspection');
    const row = page.locator('tr', { has: page.locator(`a[href="#/item/${chair.id}"]`) });
    await row.waitFor();
    assert.match(await row.innerText(), /нет: Подголовник/);
    assert.equal(await row.locator('button:has-text("Обработано")').count(), 0);
    await shot(page, 'care-inspection-queue');
    // Scanning the chair, the usual way to mark it cleaned, is refused with the reason.
    await scan(page, chair.label);
    await page.waitForSelector('.scan-status.error');
    assert.match(await page.locator('.scan-status').innerText(), /чего-то не хватает/);
    // Nor does the server let "cleaned" through by another way.
    await assert.rejects(
      staff.call('POST', `/items/${chair.id}/inspection`, { outcome: 'cleaned_and_inspected' }),
      /item_has_defects/,
    );
    assert.equal((await staff.call('GET', `/items/${chair.id}`)).status, 'inspection');
    await b.close();

    // The supervisor lets it go out without the headrest.
    const s = await launch(viewport);
    await signIn(s.page, server.ui, 'zaveduyushaya');
    await s.page.goto(server.ui + `/#/item/${chair.id}`);
    await s.page.waitForSelector('#care-decision-form');
    await s.page.selectOption('#care-decision', 'lend_incomplete');
    await s.page.fill('#care-reason', 'подголовник заказан у поставщика');
    await shot(s.page, 'care-decision');
    await s.page.click('#care-decision-form button[type=submit]');
    await s.page.waitForSelector('#care td:has-text("выдаётся без этого")');
    assert.equal(await s.page.locator('#care-blocked').count(), 0);
    assert.equal((await staff.call('GET', `/items/${chair.id}`)).status, 'available');
    assert.deepEqual(s.errors, []);
    await s.close();

    const next = await lend(chair.id);
    const act = await staff.call('GET', `/agreements/${next}/handover-act`);
    assert.deepEqual(act.lines[0].missing_at_issue, ['Подголовник']);
    const res = await fetch(server.base + `/api/v1/agreements/${next}/handover-act.pdf`, {
      headers: { Cookie: await cookieOf('ivanova') },
    });
    assert.equal(res.status, 200);
    const text = pdfText(Buffer.from(await res.arrayBuffer()), 'handover').replace(/\s+/g, ' ');
    assert.match(text, /Не передано \(отсутствует при выдаче\): КК-УХОД-\S+: Подголовник\./);
    assert.match(text, /Подголовник — /);
    assert.deepEqual(b.errors, []);
  });
}

async function cookieOf(login) {
  const res = await fetch(server.base + '/api/v1/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password: 'prokat-' + login }),
  });
  return res.headers.get('set-cookie').split(';')[0];
}

for (const [size, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
]) {
  test(`a supervisor writes an item off from its card and gets the act (${size})`, async () => {
    const chair = await newChair(`КК-СПИС-${size}`);
    const s = await launch(viewport);
    const { page } = s;
    await signIn(page, server.ui, 'zaveduyushaya');
    await page.goto(server.ui + `/#/item/${chair.id}`);
    await page.waitForSelector('#care-decision-form');
    await page.click('#care-write-off');
    assert.equal(await page.locator('#care-decision').inputValue(), 'write_off');
    // A decision without a reason is refused at the form.
    await page.click('#care-decision-form button[type=submit]');
    await page.waitForSelector('#care-decision-form .error:has-text("Укажите причину")');
    await page.fill('#care-reason', 'трещина рамы, ремонт нецелесообразен');
    await page.click('#care-decision-form button[type=submit]');
    await page.waitForSelector('#care-act-write_off');
    assert.equal((await boss.call('GET', `/items/${chair.id}`)).status, 'written_off');
    assert.deepEqual(await unlabelled(page), []);
    await shot(page, 'care-written-off');
    const href = await page.locator('#care-act-write_off').getAttribute('href');
    const pdf = await page.request.get(server.ui + href);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    const text = pdfText(await pdf.body(), 'write-off');
    for (const want of [
      'Акт списания',
      chair.inventory_number,
      'Кресло-коляска Ortonica Base 195',
      '28900,00',
      'Грант Фонда президентских грантов',
      'трещина рамы',
    ])
      assert.ok(text.includes(want), `${want} in\n${text}`);
    assert.deepEqual(s.errors, []);
    await s.close();
  });
}
