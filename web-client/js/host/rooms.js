// "My rooms", the console's home: the rooms this browser hosts (kept in localStorage
// `kring.hostRooms`, each checked against the server: still there, how many people and
// activities), creating a room, opening and forgetting one.

import { t, tn, getLang } from '../i18n.js';
import { loadJson, saveJson } from '../dom.js';
import { v } from '../view.js';
import { organiserAnswered, organiserHeaders, organiserKeyField } from '../organiser.js';
import { apiError } from './api.js';
import { shell, state } from './state.js';

/** @typedef {import('./state.js').HostRoom} HostRoom */
/** @typedef {import('./state.js').RoomCheck} RoomCheck */
/** @typedef {import('../../gen/RoomView').RoomView} RoomView */
/** @typedef {import('../../gen/AgendaItem').AgendaItem} AgendaItem */
/** @typedef {import('../../gen/ParticipantInfo').ParticipantInfo} ParticipantInfo */
/** @typedef {import('../../gen/CreateRoomRequest').CreateRoomRequest} CreateRoomRequest */
/** @typedef {import('../../gen/CreateRoomResponse').CreateRoomResponse} CreateRoomResponse */

/**
 * `GET /api/rooms/{code}`: the room as the host sees it (`createdAt`, ms, if the server sends it).
 * @typedef {{ room: RoomView, agenda: AgendaItem[], participants: ParticipantInfo[], seq: number, createdAt?: number }} RoomState
 */

const ROOMS_KEY = 'kring.hostRooms';

/** @returns {HostRoom[]} */
export function loadRooms() {
  const list = loadJson(ROOMS_KEY, /** @type {HostRoom[]} */ ([]));
  return Array.isArray(list) ? list.filter((r) => r && typeof r.code === 'string' && typeof r.hostKey === 'string') : [];
}

/**
 * Remembers a room (first in the list).
 * @param {HostRoom} room
 */
export function rememberRoom(room) {
  changeRooms((rooms) => [room, ...rooms.filter((r) => r.code !== room.code)]);
}

/**
 * Forgets a room (this browser loses its key).
 * @param {string} code
 */
export function forgetRoom(code) {
  changeRooms((rooms) => rooms.filter((r) => r.code !== code));
  state.roomChecks.delete(code);
}

/**
 * @param {string} code
 * @param {Partial<HostRoom>} changes
 */
function updateRoom(code, changes) {
  changeRooms((rooms) => rooms.map((r) => (r.code === code ? { ...r, ...changes } : r)));
}

/**
 * Changes "My rooms" as stored now: another console tab of this browser may have added or
 * forgotten a room since this page loaded the list, and writing this page's old copy back would
 * undo that.
 * @param {(rooms: HostRoom[]) => HostRoom[]} change
 */
function changeRooms(change) {
  state.rooms = change(loadRooms());
  saveJson(ROOMS_KEY, state.rooms);
}

/** The home view: create a room, and the rooms this browser hosts. */
export function homeView() {
  return v('div', { class: 'home' },
    v('form', {
      class: 'panel', testid: 'create-form',
      onsubmit: (ev) => { ev.preventDefault(); createRoom(); },
    },
    v('h1', null, t('createRoom')),
    v('label', { for: 'create-title' }, t('roomTitle')),
    v('input', {
      id: 'create-title', testid: 'create-title', value: state.createTitle, maxlength: 120,
      placeholder: t('roomTitlePlaceholder'), required: true,
      oninput: (ev) => { state.createTitle = /** @type {HTMLInputElement} */ (ev.target).value; },
    }),
    organiserKeyField(),
    state.homeError ? v('p', { class: 'error', role: 'alert', testid: 'home-error' }, state.homeError()) : null,
    v('button', { type: 'submit', class: 'primary', testid: 'create-submit' }, t('create'))),
    v('section', { class: 'panel', testid: 'room-list' },
      v('h2', null, t('myRooms')),
      state.rooms.length === 0 ? v('p', { class: 'muted' }, t('noRoomsYet')) : v('ul', { class: 'rooms' },
        state.rooms.map((r) => roomRow(r)))));
}

/** @param {number} ms */
function formatDate(ms) {
  const locale = getLang() === 'nl' ? 'nl-NL' : 'en-GB';
  return new Date(ms).toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** @param {HostRoom} r */
function roomRow(r) {
  const check = state.roomChecks.get(r.code);
  const status = check?.status ?? 'checking';
  const dead = status === 'gone' || status === 'badKey';
  /** @type {string[]} */
  const facts = [t('createdOn', { date: formatDate(r.createdAt) })];
  if (status === 'ok' && check) {
    facts.push(tn('participantsCountOne', 'participantsCount', check.participants ?? 0));
    facts.push(tn('activitiesCountOne', 'activitiesCount', check.activities ?? 0));
  }
  const statusText = status === 'checking' ? t('roomChecking')
    : status === 'gone' ? t('roomGoneBadge')
      : status === 'badKey' ? t('roomBadKeyBadge')
        : status === 'unreachable' ? t('roomUnreachable') : null;
  const confirming = state.confirmForget === r.code;
  return v('li', {
    key: r.code, class: `row room-row${dead ? ' gone' : ''}`, testid: 'hosted-room', data: { code: r.code, status },
  },
  v('span', { class: 'code-chip', testid: 'hosted-room-code' }, r.code),
  v('span', { class: 'grow' },
    v('strong', { testid: 'hosted-room-title' }, r.title || r.code),
    v('br'),
    v('span', { class: 'muted small', testid: 'hosted-room-facts' }, facts.join(' · ')),
    statusText ? v('span', {
      class: `badge${dead ? ' bad' : ' muted'}`, testid: 'hosted-room-status',
    }, statusText) : null),
  dead ? null : v('a', {
    class: 'button primary small', href: `/host?room=${encodeURIComponent(r.code)}`, testid: 'open-room',
  }, t('open')),
  v('button', {
    type: 'button', class: dead ? 'primary small' : confirming ? 'danger small' : 'secondary small',
    testid: 'forget-room', title: dead ? undefined : t('forgetHint'),
    onclick: () => {
      // A room the server still has needs a second click: without the key it cannot be opened.
      if (dead || confirming) {
        state.confirmForget = null;
        forgetRoom(r.code);
      } else state.confirmForget = r.code;
      shell.render();
    },
  }, confirming ? t('confirmForget') : t('forget')));
}

/**
 * Asks the server about every remembered room (a few at a time): still there, how many
 * participants and activities, and its current title. A 404 marks the room as gone.
 */
export async function checkRooms() {
  const todo = state.rooms.filter((r) => {
    const status = state.roomChecks.get(r.code)?.status;
    return status !== 'ok' && status !== 'gone';
  });
  for (const r of todo) state.roomChecks.set(r.code, { status: 'checking' });
  shell.render();
  const queue = [...todo];
  const worker = async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      state.roomChecks.set(r.code, await checkRoom(r));
      if (state.view === 'home') shell.render();
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

/**
 * @param {HostRoom} r
 * @returns {Promise<RoomCheck>}
 */
async function checkRoom(r) {
  try {
    const res = await fetch(`/api/rooms/${encodeURIComponent(r.code)}`, {
      headers: { Authorization: `Bearer ${r.hostKey}` }, cache: 'no-store',
    });
    if (res.status === 404) return { status: 'gone' };
    if (res.status === 401) return { status: 'badKey' };
    if (!res.ok) return { status: 'unreachable' };
    /** @type {RoomState} */
    const body = await res.json();
    /** @type {Partial<HostRoom>} */
    const changes = {};
    if (body.room.title && body.room.title !== r.title) changes.title = body.room.title;
    // A room opened from a host link in this browser only knows when it was first opened here.
    if (typeof body.createdAt === 'number' && body.createdAt !== r.createdAt) changes.createdAt = body.createdAt;
    if (Object.keys(changes).length) updateRoom(r.code, changes);
    return { status: 'ok', participants: body.room.participantCount, activities: body.agenda.length };
  } catch {
    return { status: 'unreachable' };
  }
}

/** Creates a room with the typed title and opens it. */
async function createRoom() {
  const title = state.createTitle.trim();
  if (!title) {
    state.homeError = () => t('errRoomTitle');
    shell.render();
    return;
  }
  /** @type {CreateRoomRequest} */
  const body = { title };
  try {
    const res = await fetch('/api/rooms', {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...organiserHeaders() }, body: JSON.stringify(body),
    });
    if (!res.ok) {
      state.homeError = await apiError(res, (code) => organiserAnswered(false, code));
      shell.render();
      return;
    }
    organiserAnswered(true, null);
    /** @type {CreateRoomResponse} */
    const created = await res.json();
    rememberRoom({ code: created.code, title, hostKey: created.hostKey, createdAt: Date.now() });
    state.homeError = null;
    state.createTitle = '';
    shell.openRoom(created.code, created.hostKey);
  } catch {
    state.homeError = () => t('networkError');
    shell.render();
  }
}

state.rooms = loadRooms();
