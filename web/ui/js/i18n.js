// The language of the UI: Russian first, English switchable; every string lives in
// i18n/ru.js and i18n/en.js under the same keys.
import ru from '../i18n/ru.js';
import en from '../i18n/en.js';

const catalogues = { ru, en };
let lang = localStorage.getItem('prokat.lang') === 'en' ? 'en' : 'ru';
document.documentElement.lang = lang;

export const currentLang = () => lang;

export function setLang(next) {
  lang = catalogues[next] ? next : 'ru';
  localStorage.setItem('prokat.lang', lang);
  document.documentElement.lang = lang;
}

// t('key', {n: 3}) -> the catalogue's string with {n} replaced.
export function t(key, vars) {
  let s = catalogues[lang][key] ?? catalogues.ru[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

// The values of the server's enumerations that screens offer as choices, in their order.
export const STATUSES = [
  'available',
  'reserved',
  'out_for_delivery',
  'on_loan',
  'inspection',
  'in_repair',
  'in_custody',
  'lost',
  'written_off',
];
export const CATEGORIES = ['rehabilitation', 'baby', 'leisure_sport', 'multibox'];

// An enumeration value from the server ("on_loan") in words, or the value itself.
export const tEnum = (group, value) =>
  value == null ? '' : (catalogues[lang][`${group}.${value}`] ?? value);

// One formatter per language and kind: toLocaleDateString builds a new one on every call,
// which cost the board about 0.1 ms per row.
const formatters = {};
const formatter = (kind, options) =>
  (formatters[lang + kind] ??= new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', options));

export function fmtDate(iso) {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? iso + 'T00:00:00Z' : iso);
  return formatter('date', { timeZone: 'UTC' }).format(d);
}

export function fmtTime(ms) {
  return formatter('time', { hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
}
