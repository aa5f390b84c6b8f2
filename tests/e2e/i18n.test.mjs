// Both catalogues have the same keys, and every key the code asks for exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ui = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../web/ui');
test('ru and en catalogues have the same keys, and the code uses only known keys', async () => {
  const ru = (await import(path.join(ui, 'i18n/ru.js'))).default;
  const en = (await import(path.join(ui, 'i18n/en.js'))).default;
  assert.deepEqual(Object.keys(en).sort(), Object.keys(ru).sort());
  for (const file of fs.readdirSync(path.join(ui, 'js'))) {
    const text = fs.readFileSync(path.join(ui, 'js', file), 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([a-z_]+\.[a-z_.]*[a-z_])'(?!\s*\+)/g))
      assert.ok(m[1] in ru, `${file}: ${m[1]}`);
  }
});
