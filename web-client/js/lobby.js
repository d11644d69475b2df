// The projector lobby's names: everyone who joined, as every class expects, in type that shrinks
// to fit (it never scrolls); when more names are in than fit, the newest show and "+N" counts
// the rest. The room sends the newest names (coalesced, `lobby` messages), each with the time
// from which the projector may show it: a few seconds after joining, so the facilitator can
// rename or remove a name before the class sees it (or only once approved, when the
// facilitator approves names first; those are not sent before).
//
// screen.js calls `onLobbyMessage()` for every message and `lobbyNames()` in its lobby view.

import { strings } from './i18n.js';
import { v } from './view.js';
import { fitRef } from './fit.js';

/** @typedef {import('../gen/ServerMsg').ServerMsg} ServerMsg */
/** @typedef {import('../gen/LobbyName').LobbyName} LobbyName */
/** @typedef {import('../gen/Admission').Admission} Admission */

export const lt = strings({
  en: {
    locked: 'This room is locked: nobody new can join.',
    more: '+{n}',
    moreLabel: 'and {n} more',
  },
  nl: {
    locked: 'Deze kamer is op slot: er kan niemand nieuw bij.',
    more: '+{n}',
    moreLabel: 'en nog {n}',
  },
});

/** Names of about this many pixels of screen each still read from the back of a class. */
const PX_PER_NAME = 20_000;
/** Largest type of a name, in px. */
const MAX_NAME_PX = 56;

const lobby = {
  /** @type {LobbyName[]} */
  names: [],
  more: 0,
  /** Server clock minus this browser's. */
  clockOffset: 0,
  /** @type {ReturnType<typeof setTimeout> | null} */
  timer: null,
};

/**
 * Takes the lobby's part of a message (the welcome's names, or a `lobby` message); returns
 * whether the message was the lobby's alone.
 * @param {ServerMsg} msg
 */
export function onLobbyMessage(msg) {
  if (msg.type === 'welcome') {
    lobby.names = msg.lobby ?? [];
    lobby.more = 0;
    lobby.clockOffset = msg.serverNow - Date.now();
    return false;
  }
  if (msg.type === 'lobby') {
    lobby.names = msg.names;
    lobby.more = msg.more;
    lobby.clockOffset = msg.serverNow - Date.now();
    return true;
  }
  return false;
}

/**
 * Re-renders when the next held name is due.
 * @param {() => void} rerender
 * @param {number} now
 */
function wakeForNext(rerender, now) {
  if (lobby.timer) return;
  const next = Math.min(...lobby.names.map((n) => n.showAt).filter((at) => at > now));
  if (!Number.isFinite(next)) return;
  lobby.timer = setTimeout(() => {
    lobby.timer = null;
    rerender();
  }, next - now + 50);
}

/** Whether there is any name to show now. */
export function hasLobbyNames() {
  const now = Date.now() + lobby.clockOffset;
  return lobby.names.some((n) => n.showAt <= now);
}

/** How many names fit depends on the window's size: the lobby is drawn again when it changes. */
/** @type {(() => void) | null} */
let redraw = null;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let resizeTimer;
addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => redraw?.(), 100);
});

/**
 * The names the projector shows now, or null when there are none yet.
 * @param {Admission} admission
 * @param {() => void} rerender
 */
export function lobbyNames(admission, rerender) {
  const now = Date.now() + lobby.clockOffset;
  redraw = rerender;
  wakeForNext(rerender, now);
  const visible = lobby.names.filter((n) => n.showAt <= now);
  const fits = Math.max(12, Math.floor((innerWidth * innerHeight) / PX_PER_NAME));
  const shown = visible.slice(-fits);
  const hidden = visible.length - shown.length + lobby.more;
  return v('div', { class: 'lobby-area' },
    admission.locked ? v('p', { class: 'lobby-locked', testid: 'lobby-locked', role: 'status' }, '🔒 ', lt('locked')) : null,
    shown.length === 0 ? null : v('ul', { class: 'lobby-names', testid: 'lobby-names', ref: fitRef(MAX_NAME_PX) },
      shown.map((n) => v('li', { key: n.id, class: 'lobby-name', testid: 'lobby-name' }, n.nickname)),
      hidden > 0 ? v('li', {
        key: 'more', class: 'lobby-more', testid: 'lobby-more', aria: { label: lt('moreLabel', { n: hidden }) },
      }, lt('more', { n: hidden })) : null));
}
