// The e2e harness: a real prokat on a fresh demo database (one per test file), Debian's
// Chromium driven by playwright-core, and small helpers (API calls for setting up, screenshots,
// the accessibility check).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { after, afterEach } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(new URL(import.meta.url).pathname);
export const PROKAT = process.env.PROKAT_BIN || path.resolve(here, '../../build/ui/web/prokat');
export const SHOTS =
  process.env.PROKAT_E2E_SCREENSHOTS || path.resolve(path.dirname(PROKAT), '../e2e-screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

export const nowIso = (d = new Date()) => d.toISOString().replace(/\.\d+Z$/, 'Z');

// Browsers and servers still running. A test that fails before closing its browser would keep
// this process (and ctest) waiting for it: whatever a test left open is closed when it ends,
// the servers when the file ends.
const browsers = new Set();
const servers = new Set();
afterEach(async () => {
  for (const b of [...browsers]) await b.close();
});
after(async () => {
  for (const s of [...servers]) await s.stop();
});

// `empty`: a new database holding only the admin "admin" (password "prokat-admin"), made as an
// installation makes its first one (prokat migrate, prokat user add), instead of the demo point.
export async function startServer({ empty = false } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prokat-e2e-'));
  const db = path.join(dir, 'demo.db');
  const clock = path.join(dir, 'clock');
  fs.writeFileSync(clock, nowIso() + '\n');
  if (empty) {
    execFileSync(PROKAT, ['migrate', '--db', db], { stdio: 'ignore' });
    execFileSync(
      PROKAT,
      ['user', 'add', '--db', db, '--login', 'admin', '--name', 'Администратор', '--role', 'admin'],
      { input: 'prokat-admin\n', stdio: ['pipe', 'ignore', 'ignore'] },
    );
  } else {
    execFileSync(PROKAT, ['demo-data', '--db', db], { stdio: 'ignore' });
  }
  const proc = spawn(
    PROKAT,
    ['serve', '--db', db, '--listen', '127.0.0.1:0', '--clock-file', clock],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const log = [];
  const base = await new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: proc.stderr });
    const timer = setTimeout(
      () => reject(new Error('prokat did not start: ' + log.join('\n'))),
      30000,
    );
    rl.on('line', (line) => {
      log.push(line);
      if (log.length > 200) log.shift();
      try {
        const ev = JSON.parse(line);
        if (ev.event === 'listening') {
          clearTimeout(timer);
          resolve(ev.detail);
        }
      } catch {
        /* not JSON */
      }
    });
    proc.on('exit', (code) => reject(new Error(`prokat exited with ${code}: ${log.join('\n')}`)));
  });
  let ui = base;
  let dev = null;
  if (process.env.PROKAT_E2E_UI_FROM_DISK) {
    // working on the UI: files from web/ui, API from the server
    const port = 20000 + Math.floor(Math.random() * 20000);
    dev = spawn(process.execPath, [path.join(here, 'dev-server.mjs'), base, String(port)], {
      stdio: 'ignore',
    });
    await new Promise((r) => setTimeout(r, 500));
    ui = `http://127.0.0.1:${port}`;
  }
  const server = {
    base,
    ui,
    dir,
    log,
    setClock: (iso) => fs.writeFileSync(clock, iso + '\n'),
    async stop() {
      if (!servers.delete(server)) return;
      dev?.kill();
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  servers.add(server);
  return server;
}

// A signed-in API client for setting up and checking: client.call('POST', '/agreements', {...}).
export async function apiClient(base, login) {
  const res = await fetch(base + '/api/v1/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password: 'prokat-' + login }),
  });
  if (res.status !== 201) throw new Error(`sign-in ${login}: ${res.status}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf, user } = await res.json();
  const call = async (method, p, body) => {
    const r = await fetch(base + '/api/v1' + p, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    const data = text ? JSON.parse(text) : null;
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text}`);
    return data;
  };
  return { user, call };
}

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

export async function launch(viewport = DESKTOP, extra = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prokat-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    viewport,
    locale: 'ru-RU',
    timezoneId: 'Asia/Barnaul',
    ...extra,
  });
  const errors = [];
  context.on('page', (p) => watch(p, errors));
  for (const p of context.pages()) watch(p, errors);
  const browser = {
    context,
    errors,
    page: context.pages()[0] || (await context.newPage()),
    async close() {
      if (!browsers.delete(browser)) return;
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  browsers.add(browser);
  return browser;
}

function watch(page, errors) {
  page.on('pageerror', (e) => errors.push('pageerror: ' + e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text()))
      errors.push('csp: ' + m.text());
  });
}

export async function signIn(page, ui, login) {
  await page.goto(ui + '/');
  await page.fill('#login', login);
  await page.fill('#password', 'prokat-' + login);
  await page.press('#password', 'Enter');
  await page.waitForSelector('.top nav a, .driver', { timeout: 10000 });
}

export async function shot(page, name) {
  await page.waitForTimeout(300);
  const size = page.viewportSize();
  const height = Math.min(2600, await page.evaluate(() => document.documentElement.scrollHeight));
  await page.screenshot({
    path: path.join(SHOTS, `${name}-${size.width < 600 ? 'phone' : 'desktop'}.png`),
    fullPage: true,
    clip: { x: 0, y: 0, width: size.width, height },
  });
}

// Every input, select, textarea, button and link must have an accessible name.
export async function unlabelled(page) {
  return page.evaluate(() => {
    const name = (el) => {
      if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
      const by = el.getAttribute('aria-labelledby');
      if (by)
        return by
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent || '')
          .join(' ')
          .trim();
      if (el.labels && el.labels.length)
        return Array.from(el.labels)
          .map((l) => l.textContent)
          .join(' ')
          .trim();
      if (['BUTTON', 'A'].includes(el.tagName)) return el.textContent.trim();
      return el.getAttribute('title') || '';
    };
    return Array.from(document.querySelectorAll('input, select, textarea, button, a[href], canvas'))
      .filter((el) => !(el.type === 'hidden') && !name(el))
      .map((el) => el.outerHTML.slice(0, 120));
  });
}

// Draws a squiggle on a signature canvas with the mouse.
export async function sign(page, canvas) {
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++)
    await page.mouse.move(
      box.x + box.width * (0.15 + i * 0.05),
      box.y + box.height * (0.4 + 0.25 * Math.sin(i)),
    );
  await page.mouse.up();
}

export async function scan(page, code) {
  await page.fill('#scan-field', code);
  await page.press('#scan-field', 'Enter');
}

// Items free to lend, each with components (so that one can go missing).
export async function freeItems(client, n) {
  const page = await client.call('GET', '/items?status=available&limit=300');
  const withComponents = page.items.filter((i) => i.components.length && !i.kit_id);
  const seen = new Set();
  const out = [];
  for (const i of withComponents)
    if (!seen.has(i.type_id) && out.length < n) {
      seen.add(i.type_id);
      out.push(i);
    }
  return out;
}

// A JPEG of random noise (the worst case for its size), made by the browser's own encoder:
// a stand-in for a phone camera's photo of `width` x `height` pixels.
export async function noisyJpeg(page, width, height) {
  const b64 = await page.evaluate(
    ([w, h]) => {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext('2d');
      const img = ctx.createImageData(w, h);
      for (let i = 0; i < img.data.length; i += 65536)
        crypto.getRandomValues(img.data.subarray(i, Math.min(i + 65536, img.data.length)));
      for (let i = 3; i < img.data.length; i += 4) img.data[i] = 255;
      ctx.putImageData(img, 0, 0);
      return canvas.toDataURL('image/jpeg', 0.95).split(',')[1];
    },
    [width, height],
  );
  return Buffer.from(b64, 'base64');
}
