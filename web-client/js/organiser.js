// What the host console needs besides its shell for a hardened server:
// - the organiser key: a server started with `--organiser-key` creates rooms only with it. The
//   console asks for it once (when the server answers `badOrganiserKey`), remembers it in this
//   browser and sends it with every new room;
// - its console id: a random id per tab (sessionStorage), sent in the `host` opening, so that
//   two consoles of one room never mistake each other's action ids for their own.

import { newActionId } from './conn.js';
import { t } from './i18n.js';
import { v } from './view.js';

const KEY = 'kring.organiserKey';
const CONSOLE_KEY = 'kring.consoleId';

/** The field shows (the server asked for the key), and what was typed into it. */
const field = { shown: false, typed: '' };

/** This tab's console id (kept while the tab lives, so a reload keeps it). */
export function consoleId() {
  try {
    const known = sessionStorage.getItem(CONSOLE_KEY);
    if (known) return known;
    const id = newActionId();
    sessionStorage.setItem(CONSOLE_KEY, id);
    return id;
  } catch {
    return newActionId();
  }
}

/** @returns {string} the remembered organiser key, or '' */
function storedKey() {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

/**
 * Headers for `POST /api/rooms`: the organiser key when one is typed or remembered.
 * @returns {Record<string, string>}
 */
export function organiserHeaders() {
  const key = field.shown ? field.typed.trim() : storedKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/**
 * After a `POST /api/rooms`: a created room remembers the key that worked; `badOrganiserKey`
 * forgets the remembered one and shows the field. Returns whether the key was the problem.
 * @param {boolean} created
 * @param {string | null} errorCode
 */
export function organiserAnswered(created, errorCode) {
  if (created) {
    if (field.shown && field.typed.trim()) {
      try { localStorage.setItem(KEY, field.typed.trim()); } catch { /* not remembered */ }
    }
    field.shown = false;
    field.typed = '';
    return false;
  }
  if (errorCode !== 'badOrganiserKey') return false;
  try { localStorage.removeItem(KEY); } catch { /* nothing remembered */ }
  field.shown = true;
  return true;
}

/** The organiser key field of the "new room" form, when the server asked for it. */
export function organiserKeyField() {
  if (!field.shown) return null;
  return [
    v('label', { for: 'organiser-key' }, t('organiserKey')),
    v('input', {
      id: 'organiser-key', testid: 'organiser-key', type: 'password', value: field.typed,
      autocomplete: 'off', required: true,
      oninput: (ev) => { field.typed = /** @type {HTMLInputElement} */ (ev.target).value; },
    }),
    v('p', { class: 'muted' }, t('organiserKeyHint')),
  ];
}
