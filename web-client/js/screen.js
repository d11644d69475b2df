// The projector: how to join (code, URL, QR), the teams, then the current activity in huge
// type, drawn by its kind's module (js/activities). Read-only: its socket gets only what
// everyone may see. Opened from the console as a presenter window (`&present=1`) it also has a
// control bar that hides itself, and keys for clickers; the console does the steps (present.js).
// A full-screen button, and a safe margin for beamers that cut the picture's edges (CSS).

import { Conn } from './conn.js';
import { t, tn, onLangChange } from './i18n.js';
import { byId, roomFromUrl, normaliseCode, isRoomCode } from './dom.js';
import { v, fragment, render as paint, langToggle } from './view.js';
import { moduleFor, preload, countdownOf } from './activities/index.js';
import { besideBox, besideTicked, setBeside } from './beside.js';
import { applyChanges } from './activities/kit.js';
import { teamsBoard } from './teams.js';
import { lobbyNames, onLobbyMessage, hasLobbyNames } from './lobby.js';
import { presenter, pointerActivity, keyAction, canFullscreen, toggleFullscreen } from './present.js';
import { chairs, setChairs, screenChair } from './chair.js';

/** @typedef {import('../gen/ServerMsg').ServerMsg} ServerMsg */
/** @typedef {import('../gen/RoomView').RoomView} RoomView */
/** @typedef {import('../gen/ActivityView').ActivityView} ActivityView */
/** @typedef {import('../gen/TeamsView').TeamsView} TeamsView */
/** @typedef {import('./dom.js').Countdown} Countdown */
/** @typedef {import('./conn.js').Status} Status */
/** @typedef {import('./conn.js').StopReason} StopReason */

const state = {
  code: roomFromUrl(),
  /** @type {Status} */
  status: /** @type {Status} */ ('connecting'),
  /** @type {StopReason | null} */
  stopped: null,
  /** @type {RoomView | null} */
  room: null,
  count: 0,
  online: 0,
  /** @type {ActivityView | null} */
  current: null,
  /** @type {TeamsView} */
  teams: { teams: [], roles: [], picking: null },
  /** @type {Countdown | null} */
  countdown: null,
  /** @type {{ activity: number, responded: number, of: number } | null} */
  progress: null,
  /** Seconds last shown by the countdown (re-render when it changes). */
  shownSeconds: -1,
};

/** @type {Conn | null} */
let conn = null;

const root = byId('app');

/** Presenter mode (opened from the console): the control bar and the steps. */
const present = state.code && isRoomCode(state.code) && new URLSearchParams(location.search).has('present')
  ? presenter(state.code, () => render())
  : null;

/** Someone is at the mouse: the controls on the picture show (full screen, language, the presenter's bar). */
const pointer = pointerActivity(() => render());

function render() {
  document.title = state.room ? `${state.room.code} · Kring` : t('screenTitle');
  state.shownSeconds = state.countdown?.seconds() ?? -1;
  paint(fragment(
    v('div', { class: 'banner', testid: 'reconnecting', role: 'status', hidden: !reconnecting() }, t('reconnecting')),
    // The current activity's kind scopes its rules (css/kinds/<kind>.css).
    v('main', { class: `${present ? 'screen presenting' : 'screen'}${state.current ? ` kind-${state.current.kind}` : ''}` }, body(),
      // A timer beside the current activity: a corner box over its screen.
      state.room ? besideBox('screen') : null),
    present ? presenterBar() : null,
    present?.state.blank ? v('div', { class: 'blank', testid: 'blank-screen' }) : null), root);
}

/** The socket is down (the page still shows the room it had). */
function reconnecting() {
  return state.status === 'reconnecting' || (state.status === 'connecting' && state.room !== null);
}

/** The full-screen toggle (where the browser can). */
function fullscreenButton() {
  if (!canFullscreen()) return null;
  const on = document.fullscreenElement !== null;
  return v('button', {
    type: 'button', class: 'secondary small fullscreen', testid: 'fullscreen',
    aria: { pressed: String(on) }, onclick: toggleFullscreen,
  }, on ? t('exitFullscreen') : t('fullscreen'));
}

/**
 * Full screen (unless the presenter's bar has it) and the language switch: shown only while
 * someone is at the mouse, so they never stay on the projected picture.
 */
function controls() {
  return v('span', { class: `screen-controls${pointer.active() ? '' : ' away'}`, testid: 'screen-controls' },
    present ? null : fullscreenButton(), langToggle());
}

/** The presenter's control bar: back, next (what the console will do), blank, full screen. */
function presenterBar() {
  if (!present) return null;
  const { state: p } = present;
  const online = present.online();
  return v('div', {
    class: `presenter-bar${pointer.active() ? '' : ' away'}`, testid: 'presenter-bar', role: 'toolbar',
    aria: { label: t('openPresenter') },
  },
  online ? [
    v('button', {
      key: 'back', type: 'button', class: 'secondary small', testid: 'presenter-back', disabled: !p.back,
      title: p.back ?? undefined, onclick: () => present.step(-1),
    }, '◀ ', t('presenterBack')),
    v('span', { key: 'label', class: 'presenter-next-label', testid: 'presenter-next-label' }, p.next ?? t('presenterDone')),
    v('button', {
      key: 'next', type: 'button', class: 'primary small', testid: 'presenter-next', disabled: !p.next,
      onclick: () => present.step(1),
    }, t('presenterNext'), ' ▶'),
  ] : v('span', { class: 'presenter-offline', testid: 'presenter-offline' }, t('presenterOffline')),
  v('button', {
    type: 'button', class: 'secondary small', testid: 'presenter-blank', aria: { pressed: String(p.blank) },
    onclick: () => present.toggleBlank(),
  }, t('presenterBlank')),
  fullscreenButton());
}

function body() {
  if (!state.code || !isRoomCode(state.code) || state.stopped) return pickRoom();
  if (!state.room) return v('div', { class: 'screen-wait' }, v('p', null, t('connecting')), langToggle());
  const current = state.current;
  const module = current ? moduleFor(current.kind, 'screen') : null;
  if (!current || (current.phase.phase === 'lobby' && !module?.showsLobby)) {
    // Between lessons: late input the server released (3 late voices or more), shown apart.
    const chair = current ? null : screenChair(state.room, state.teams);
    if (chair) return [strip(), chair];
    if (!current && state.teams.teams.length) return [strip(), teamsBoard(state.teams)];
    return current ? comingUp(current, module) : lobby();
  }
  if (!module) return [strip(), v('div', { class: 'screen-wait' }, v('p', null, t('connecting')))];
  // While the socket is down the count may be stale: the module shows none rather than a wrong one.
  const progress = !reconnecting() && state.progress && state.progress.activity === current.id ? state.progress : null;
  return [strip(), module.render({
    view: current,
    room: state.room,
    teams: state.teams,
    countdown: state.countdown,
    progress,
    online: state.online,
    moderate: present ? (input) => present.moderate(input) : null,
  })];
}

/** Asks for a room code (the projector was opened without one, or the room is gone). */
function pickRoom() {
  return v('form', {
    class: 'screen-pick',
    onsubmit: (ev) => {
      ev.preventDefault();
      const code = normaliseCode(state.code);
      if (!isRoomCode(code)) return;
      location.href = `/screen?room=${encodeURIComponent(code)}`;
    },
  },
  state.stopped ? v('p', { class: 'error', role: 'alert', testid: 'screen-error' },
    state.stopped === 'roomNotFound' ? t('roomNotFoundCode', { code: state.code }) : t('connectionRefused')) : null,
  v('label', { for: 'screen-code' }, t('roomCode')),
  v('input', {
    id: 'screen-code', class: 'code-input', value: state.code, maxlength: 12, autocomplete: 'off',
    oninput: (ev) => {
      const input = /** @type {HTMLInputElement} */ (ev.target);
      state.code = normaliseCode(input.value);
      input.value = state.code;
    },
  }),
  v('button', { type: 'submit', class: 'primary' }, t('show')), langToggle());
}

/**
 * An activity that is about to start: what comes (its title, big, and one line of what to do),
 * with how to join smaller beneath it for latecomers.
 * @param {ActivityView} current
 * @param {import('./activities/index.js').ScreenModule | null} module
 */
function comingUp(current, module) {
  const room = /** @type {RoomView} */ (state.room);
  return v('div', { class: 'screen-coming', testid: 'screen-coming' },
    v('div', { class: 'coming-what' },
      v('p', { class: 'coming-label' }, t('comingUp')),
      v('h1', { class: 'coming-title', testid: 'screen-coming-title' }, current.title),
      module?.comingUp ? v('p', { class: 'coming-todo', testid: 'screen-coming-todo' }, module.comingUp()) : null),
    hasLobbyNames() || room.admission.locked ? lobbyNames(room.admission, render) : null,
    v('div', { class: 'coming-join' },
      v('img', {
        class: 'coming-qr', src: `/api/rooms/${encodeURIComponent(room.code)}/qr.svg`, alt: t('qrAlt', { url: room.joinUrl }),
        testid: 'screen-qr',
      }),
      v('p', { class: 'coming-how' },
        v('span', null, t('goTo'), ' '),
        v('span', { class: 'join-url', testid: 'screen-join-url' }, displayUrl(room.joinUrl)),
        v('span', null, ' · ', t('enterCode'), ' '),
        v('span', { class: 'coming-code', testid: 'screen-code' }, room.code)),
      v('p', { class: 'joined', testid: 'screen-joined' }, tn('joinedCountOne', 'joinedCount', state.count)),
      v('div', { class: 'corner' }, controls())));
}

/** How to join: huge code, URL and QR code, and how many joined. */
function lobby() {
  const room = /** @type {RoomView} */ (state.room);
  const names = hasLobbyNames() || room.admission.locked;
  return v('div', { class: `screen-lobby${names ? ' has-names' : ''}`, testid: 'screen-lobby' },
    v('div', { class: 'join-info' },
      v('p', { class: 'screen-title' }, room.title),
      v('p', { class: 'join-how' }, t('goTo')),
      v('p', { class: 'join-url', testid: 'screen-join-url' }, displayUrl(room.joinUrl)),
      v('p', { class: 'join-how' }, t('enterCode')),
      v('p', { class: 'huge-code', testid: 'screen-code' }, room.code),
      v('p', { class: 'joined', testid: 'screen-joined' }, tn('joinedCountOne', 'joinedCount', state.count))),
    v('div', { class: 'qr' },
      v('img', {
        src: `/api/rooms/${encodeURIComponent(room.code)}/qr.svg`, alt: t('qrAlt', { url: room.joinUrl }),
        testid: 'screen-qr',
      })),
    lobbyNames(room.admission, render),
    v('div', { class: 'corner' }, controls()));
}

/**
 * The join URL as people type it: no scheme, no `?room=` (they type the code), no trailing slash.
 * @param {string} url
 */
function displayUrl(url) {
  return url.replace(/^https?:\/\//, '').replace(/\?.*$/, '').replace(/\/$/, '');
}

/** A thin top strip during activities, so latecomers can still join. */
function strip() {
  const room = /** @type {RoomView} */ (state.room);
  return v('div', { class: 'strip', key: 'strip' },
    v('span', null, displayUrl(room.joinUrl)),
    v('span', { class: 'strip-code', testid: 'screen-code' }, room.code),
    v('span', { testid: 'screen-joined' }, tn('joinedCountOne', 'joinedCount', state.count)),
    v('img', { class: 'strip-qr', src: `/api/rooms/${encodeURIComponent(room.code)}/qr.svg`, alt: '' }),
    controls());
}

/** @param {ServerMsg} msg @param {number} receivedAt */
function onMessage(msg, receivedAt) {
  if (onLobbyMessage(msg)) {
    render();
    return;
  }
  switch (msg.type) {
    case 'welcome':
      state.room = msg.room;
      // The welcome carries no answer count; the next `progress` brings the true one.
      state.progress = null;
      state.count = msg.room.participantCount;
      state.online = msg.room.onlineCount;
      state.teams = msg.room.teams;
      setCurrent(msg.room.current, msg.serverNow, receivedAt);
      setBeside(msg.room.beside, msg.serverNow, receivedAt);
      setChairs(msg.room.chairs, msg.serverNow, receivedAt);
      break;
    case 'chairs':
      chairs.list = msg.chairs;
      break;
    case 'beside':
      setBeside(msg.beside, msg.serverNow, receivedAt);
      break;
    case 'activity':
      setCurrent(msg.current, msg.serverNow, receivedAt);
      if (state.room) state.room.current = msg.current;
      break;
    case 'teams':
      state.teams = msg.teams;
      break;
    case 'changes': {
      const store = { view: state.current, personal: null, host: null };
      if (!applyChanges(store, msg.activity, msg.changes, state.current && moduleFor(state.current.kind, 'screen'))) return;
      state.current = store.view;
      break;
    }
    case 'participants':
      state.count = msg.count;
      state.online = msg.online;
      break;
    case 'admission':
      if (state.room) state.room.admission = msg.admission;
      break;
    case 'progress':
      state.progress = { activity: msg.activity, responded: msg.responded, of: msg.of };
      break;
    default:
      return;
  }
  render();
}

/**
 * @param {ActivityView | null} current
 * @param {number} serverNow
 * @param {number} receivedAt
 */
function setCurrent(current, serverNow, receivedAt) {
  state.current = current;
  state.countdown = countdownOf(current, serverNow, receivedAt);
}

/** Re-renders when the countdown shows another second. */
function tick() {
  if ((state.countdown && state.countdown.seconds() !== state.shownSeconds) || besideTicked()) render();
}

function start() {
  if (!state.code || !isRoomCode(state.code)) {
    render();
    return;
  }
  const code = state.code;
  conn = new Conn({
    storageKey: null,
    opening: () => ({ type: 'screen', room: code }),
    onMessage,
    onStatus: (status, reason) => {
      state.status = status;
      if (status === 'stopped') state.stopped = reason;
      render();
    },
  });
  conn.start();
  render();
}

setInterval(tick, 200);
onLangChange(render);
document.addEventListener('fullscreenchange', () => render());
addEventListener('keydown', (ev) => {
  const action = keyAction(ev);
  if (!action) return;
  if (action === 'fullscreen') toggleFullscreen();
  else if (!present) return;
  else if (action === 'blank') present.toggleBlank();
  else present.step(action === 'next' ? 1 : -1);
  if (present) pointer.wake();
  ev.preventDefault();
});
preload('screen').then(render, render);
start();
