// The rental points the signed-in account is given, and the one chosen in the header. An account
// with several points (a supervisor, an admin) sees all of them at once unless one is chosen; the
// choice is kept per user in localStorage so that a shared desk computer does not carry one
// person's point over to the next.
import { get } from './api.js';

let visible = [];
let owner = null; // the user id the list and the choice belong to
let chosen = '';

const key = (userId) => `prokat.point.v1.${userId}`;

export async function loadPoints(user) {
  visible = (await get('/points')).items;
  owner = user.id;
  const saved = localStorage.getItem(key(user.id)) || '';
  // a point taken away from the account since (or never given) is not kept as the choice
  chosen = visible.some((p) => String(p.id) === saved) ? saved : '';
}

export const pointsLoadedFor = (user) => owner !== null && owner === user?.id;
export const visiblePoints = () => visible;
export const severalPoints = () => visible.length > 1;
export const pointName = (id) => visible.find((p) => p.id === id)?.name ?? `#${id}`;

// The chosen point's id as a string, '' for all of the account's points. An account that sees
// one point only (an admin of a single-point installation) has it chosen: new records need one.
export const chosenPoint = () => chosen || (visible.length === 1 ? String(visible[0].id) : '');

export function choosePoint(id) {
  chosen = id ? String(id) : '';
  if (owner !== null) localStorage.setItem(key(owner), chosen);
}

export function forgetPoints() {
  visible = [];
  owner = null;
  chosen = '';
}
