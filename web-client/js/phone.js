// The phone page: join a room, then follow the current activity, drawn by its kind's module
// (js/activities); in the lobby, the own team and role card, during an activity the team and the
// role card folded to one line. Every action shows "received ✓" only once the server
// acknowledged that very action; what is being typed survives updates (and a reload: drafts).

import { Conn, tokenKey, pendingKey } from './conn.js';
import { t, errorText, getLang, onLangChange } from './i18n.js';
import { byId, roomFromUrl, normaliseCode, isRoomCode } from './dom.js';
import { v, fragment, render as paint, langToggle } from './view.js';
import { moduleFor, preload, countdownOf } from './activities/index.js';
import { besideBox, besideTicked, setBeside } from './beside.js';
import { applyChanges } from './activities/kit.js';
import { phoneTeam, phoneRoleStrip, teamBadge } from './teams.js';
import { dropRoomDrafts } from './drafts.js';
import { chairs, setChairs, phoneChair } from './chair.js';
import { MAX_NICKNAME_CHARS } from '../gen/limits.js';

/** @typedef {import('../gen/ServerMsg').ServerMsg} ServerMsg */
/** @typedef {import('../gen/Me').Me} Me */
/** @typedef {import('../gen/RoomView').RoomView} RoomView */
/** @typedef {import('../gen/ActivityView').ActivityView} ActivityView */
/** @typedef {import('../gen/ActivityInput').ActivityInput} ActivityInput */
/** @typedef {import('../gen/TeamsView').TeamsView} TeamsView */
/** @typedef {import('../gen/ErrorCode').ErrorCode} ErrorCode */
/** @typedef {import('./dom.js').Countdown} Countdown */
/** @typedef {import('./conn.js').Status} Status */
/** @typedef {import('./conn.js').StopReason} StopReason */
/** @typedef {import('./activities/index.js').PhoneCtx} PhoneCtx */

/**
 * Why the page shows a message instead of the room.
 * @typedef {'removed' | 'replaced' | 'protocolVersion'} Halt
 */

const state = {
  /** @type {'join' | 'room' | 'halt'} */
  view: 'join',
  code: roomFromUrl(),
  nickname: '',
  generate: false,
  /** @type {ErrorCode | 'badCode' | 'roomNotFound' | 'roomClosed' | 'sessionExpired' | null} */
  joinError: null,
  joining: false,
  /** @type {Halt | null} */
  halt: null,
  /** @type {Status} */
  status: /** @type {Status} */ ('connecting'),
  /** @type {Me | null} */
  me: null,
  /** @type {RoomView | null} */
  room: null,
  /** @type {ActivityView | null} */
  current: null,
  /** @type {TeamsView} */
  teams: { teams: [], roles: [], picking: null },
  /** @type {Countdown | null} */
  countdown: null,
  /** Seconds last shown by the countdown (re-render when it changes). */
  shownSeconds: -1,
  /** Whether the role card is opened during an activity (collapsed to one line by default). */
  roleOpen: false,
};

/** @type {Conn | null} */
let conn = null;

const root = byId('app');
root.replaceChildren();

function render() {
  document.title = t('phoneTitle');
  state.shownSeconds = state.countdown?.seconds() ?? -1;
  const ctx = state.view === 'room' ? activityCtx() : null;
  const reconnecting = state.view === 'room' && (state.status === 'reconnecting' || state.status === 'connecting');
  paint(fragment(
    header(ctx),
    v('div', { class: 'banner', testid: 'reconnecting', role: 'status', hidden: !reconnecting },
      state.status === 'connecting' ? t('connecting') : t('reconnecting')),
    v('main', { class: ctx ? `phone kind-${ctx.view.kind}` : 'phone' },
      state.view === 'join' ? joinView() : state.view === 'halt' ? haltView() : roomView(ctx))), root);
}

/**
 * The current activity's context for its module, or null when there is none.
 * @returns {PhoneCtx | null}
 */
function activityCtx() {
  const current = state.current;
  if (!current || !state.me || !state.room) return null;
  const activity = current.id;
  return {
    view: current,
    personal: state.me.personal,
    me: state.me,
    room: state.room,
    teams: state.teams,
    countdown: state.countdown,
    send: (input) => (conn ? conn.act({ type: 'activity', activity, input }) : null),
    outcome: (id) => conn?.outcome(id),
    pending: () => conn?.pending() ?? [],
    refresh: () => conn?.sync(),
    rerender: render,
  };
}

/** @param {PhoneCtx | null} ctx */
function header(ctx) {
  const me = state.me;
  const module = ctx ? moduleFor(ctx.view.kind, 'phone') : null;
  const score = ctx && module?.headerScore ? module.headerScore(ctx) : null;
  return v('header', { class: state.view === 'room' ? 'bar in-room' : 'bar' },
    v('span', { class: 'brand' }, 'Kring'),
    state.view === 'room' && state.room
      ? v('span', { class: 'bar-code', testid: 'room-code' }, state.room.code) : null,
    state.view === 'room' && me ? v('span', { class: 'bar-me' },
      v('span', { class: me.nickname.length > 14 ? 'me-nickname long' : 'me-nickname', testid: 'me-nickname' }, me.nickname),
      score !== null ? v('span', { class: 'me-score', testid: 'me-score' }, t('points', { n: score })) : null) : null,
    langToggle());
}

function joinView() {
  return v('form', {
    class: 'card join', testid: 'join-form',
    onsubmit: (ev) => { ev.preventDefault(); submitJoin(); },
  },
  v('h1', null, t('joinHeading')),
  v('label', { for: 'join-code' }, t('roomCode')),
  v('input', {
    id: 'join-code', testid: 'join-code', name: 'room', value: state.code, autocomplete: 'off',
    inputmode: 'text', maxlength: 12, class: 'code-input', required: true,
    aria: { describedby: 'join-error' },
    oninput: (ev) => {
      const input = /** @type {HTMLInputElement} */ (ev.target);
      const at = input.selectionStart;
      state.code = normaliseCode(input.value);
      input.value = state.code;
      if (at !== null) input.setSelectionRange(Math.min(at, state.code.length), Math.min(at, state.code.length));
    },
  }),
  v('label', { for: 'join-nickname' }, t('nickname')),
  v('input', {
    id: 'join-nickname', testid: 'join-nickname', name: 'nickname', value: state.nickname,
    autocomplete: 'nickname', maxlength: MAX_NICKNAME_CHARS, disabled: state.generate,
    oninput: (ev) => { state.nickname = /** @type {HTMLInputElement} */ (ev.target).value; },
  }),
  v('label', { class: 'check' }, v('input', {
    type: 'checkbox', id: 'join-generate', testid: 'join-generate', checked: state.generate,
    onchange: (ev) => {
      state.generate = /** @type {HTMLInputElement} */ (ev.target).checked;
      render();
    },
  }), ' ', t('generateName')),
  state.joinError
    ? v('p', { class: 'error', id: 'join-error', testid: 'join-error', role: 'alert' }, joinErrorText(state.joinError))
    : null,
  v('button', { type: 'submit', class: 'primary big', testid: 'join-submit', disabled: state.joining },
    state.joining ? t('joining') : t('join')));
}

/** @param {ErrorCode | 'badCode' | 'roomNotFound' | 'roomClosed' | 'sessionExpired'} code */
function joinErrorText(code) {
  if (code === 'badCode') return t('badCode');
  if (code === 'roomClosed') return t('roomClosed');
  if (code === 'sessionExpired') return t('sessionExpired');
  if (code === 'rateLimited') return t('joinBusy');
  // The nickname's refusals in words about the nickname.
  if (code === 'inappropriate') return t('joinInappropriate');
  if (code === 'blank') return t('joinBlank');
  if (code === 'tooLong') return t('joinTooLong');
  return errorText(code);
}

function submitJoin() {
  const code = normaliseCode(state.code);
  state.code = code;
  if (!isRoomCode(code)) {
    state.joinError = 'badCode';
    render();
    return;
  }
  const nickname = state.generate ? null : state.nickname.trim();
  if (nickname === '') {
    state.joinError = 'blank';
    render();
    return;
  }
  state.joinError = null;
  state.joining = true;
  localStorage.removeItem(tokenKey(code));
  connect(code, nickname);
  render();
}

/**
 * Connects to room `code`: joins with `nickname` when there is no stored token, else resumes.
 * @param {string} code
 * @param {string | null} nickname
 */
function connect(code, nickname) {
  conn?.stop();
  const lang = getLang();
  conn = new Conn({
    storageKey: pendingKey(code),
    opening: () => {
      const token = localStorage.getItem(tokenKey(code));
      return token ? { type: 'resume', room: code, token } : { type: 'join', room: code, nickname, lang };
    },
    onMessage: (msg, at) => onMessage(code, msg, at),
    onStatus: (status, reason, error) => onStatus(code, status, reason, error),
    onAck: () => render(),
    onError: (ref) => { if (ref) render(); },
  });
  conn.start();
}

/**
 * @param {string} code
 * @param {Status} status
 * @param {StopReason | null} reason
 * @param {ErrorCode | null} error
 */
function onStatus(code, status, reason, error) {
  state.status = status;
  // Still joining, held back by a limit (many joining at once): say so while it retries.
  if (status === 'reconnecting' && state.view === 'join') state.joinError = error;
  if (status === 'stopped') {
    state.joining = false;
    if (reason === 'removed') {
      forget(code);
      state.view = 'halt';
      state.halt = 'removed';
    } else if (reason === 'replaced') {
      state.view = 'halt';
      state.halt = 'replaced';
    } else if (reason === 'protocolVersion') {
      state.view = 'halt';
      state.halt = 'protocolVersion';
    } else if (reason === 'roomNotFound') {
      // Deleted while this phone was in it (close 4004), or gone before a resume: say so;
      // a code typed into the form that matches no room gets the plain "check the code".
      const wasIn = state.view === 'room';
      forget(code);
      state.view = 'join';
      state.joinError = wasIn ? 'roomClosed' : 'roomNotFound';
      state.me = null;
      state.room = null;
      state.current = null;
      state.countdown = null;
      setBeside(null, 0, 0);
    } else if (reason === 'unauthorized') {
      forget(code);
      state.view = 'join';
      state.joinError = 'sessionExpired';
      state.me = null;
    } else {
      // Refused join (nickname taken, room full, ...): back to the form with the reason.
      state.view = 'join';
      state.joinError = error ?? 'internal';
    }
  }
  render();
}

/**
 * Forgets the token, pending actions and drafts of a room that is gone for this phone.
 * @param {string} code
 */
function forget(code) {
  localStorage.removeItem(tokenKey(code));
  localStorage.removeItem(pendingKey(code));
  dropRoomDrafts(code);
}

/**
 * @param {string} code
 * @param {ServerMsg} msg
 * @param {number} receivedAt
 */
function onMessage(code, msg, receivedAt) {
  switch (msg.type) {
    case 'welcome':
      if (msg.me) {
        localStorage.setItem(tokenKey(code), msg.me.token);
        state.me = msg.me;
      }
      state.room = msg.room;
      state.teams = msg.room.teams;
      state.view = 'room';
      state.joining = false;
      state.joinError = null;
      if (new URLSearchParams(location.search).get('room') !== code) {
        history.replaceState(null, '', `/?room=${encodeURIComponent(code)}`);
      }
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
    case 'you':
      state.me = msg.me;
      break;
    case 'teams':
      state.teams = msg.teams;
      break;
    case 'changes': {
      if (!state.me) return;
      const store = { view: state.current, personal: state.me.personal, host: null };
      if (!applyChanges(store, msg.activity, msg.changes, state.current && moduleFor(state.current.kind, 'phone'))) return;
      state.current = store.view;
      state.me.personal = store.personal;
      break;
    }
    case 'participants':
      if (state.room) {
        state.room.participantCount = msg.count;
        state.room.onlineCount = msg.online;
      }
      return; // nothing on the phone shows it
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

function haltView() {
  const code = state.room?.code ?? state.code;
  if (state.halt === 'removed') {
    return v('section', { class: 'card notice', testid: 'halt-removed', role: 'alert' },
      v('h1', null, t('removedTitle')), v('p', null, t('removedText')));
  }
  if (state.halt === 'replaced') {
    return v('section', { class: 'card notice', testid: 'halt-replaced', role: 'alert' },
      v('h1', null, t('replacedTitle')), v('p', null, t('replacedText')),
      v('button', {
        class: 'primary big', testid: 'use-here',
        onclick: () => { state.view = 'room'; state.halt = null; connect(code, null); render(); },
      }, t('useHere')));
  }
  return v('section', { class: 'card notice', testid: 'halt-version', role: 'alert' },
    v('h1', null, t('versionTitle')), v('p', null, t('versionText')),
    v('button', { class: 'primary big', onclick: () => location.reload() }, t('reload')));
}

/** @param {number} team */
function pickTeam(team) {
  conn?.act({ type: 'pickTeam', team });
  render();
}

/** @param {PhoneCtx | null} ctx */
function roomView(ctx) {
  const me = state.me;
  if (!ctx) {
    // Nothing live to do: an activity left open for those who were absent (the empty chair).
    const chair = me && state.room ? phoneChair({
      me,
      room: state.room,
      teams: state.teams,
      lang: getLang(),
      send: (activity, input) => (conn ? conn.act({ type: 'chair', activity, input }) : null),
      outcome: (id) => conn?.outcome(id),
      pending: () => conn?.pending() ?? [],
      refresh: () => conn?.sync(),
      rerender: render,
    }) : null;
    if (chair) return chair;
    // With a team (or a team to pick) the team and role card come first and the welcome is small.
    const team = me ? phoneTeam(me, state.teams, pickTeam) : null;
    return fragment(
      v('section', { class: `card wait${team ? ' compact' : ''}`, testid: 'lobby' },
        v('p', { class: 'muted' }, state.room?.title ?? ''),
        v('h1', null, t('welcomeName', { name: me?.nickname ?? '' })),
        v('p', { class: 'lead' }, t('waitForTeacher'))),
      team);
  }
  const module = moduleFor(ctx.view.kind, 'phone');
  const team = state.teams.teams.find((x) => x.id === me?.team);
  return fragment(
    team ? v('p', { class: 'team-strip', testid: 'team-strip' }, teamBadge(team, state.teams), ' ', team.name) : null,
    // The role the roles were dealt for stays in reach during every activity.
    me ? phoneRoleStrip(me, state.teams, state.roleOpen, (open) => { state.roleOpen = open; }) : null,
    // A timer beside the current activity: a thin line above it.
    besideBox('phone'),
    module ? module.render(ctx) : v('section', { class: 'card wait' }, v('p', null, t('connecting'))));
}

/** Re-renders when the countdown shows another second (and at zero, to lock the buttons). */
function tick() {
  if ((state.countdown && state.countdown.seconds() !== state.shownSeconds) || besideTicked()) render();
}

setInterval(tick, 200);
onLangChange(render);
preload('phone').then(render, render);

// Start: resume when this browser already joined the room in `?room=`, else the join form.
if (state.code && localStorage.getItem(tokenKey(state.code))) {
  state.view = 'room';
  connect(state.code, null);
}
render();
