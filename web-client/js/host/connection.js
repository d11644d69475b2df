// The console's connection to the open room: opening and closing it, its status, and every
// message from the server applied to the console's state (the current activity's small changes
// through its kind's module); and the presenter window's link, which answers with the steps.

import { Conn } from '../conn.js';
import { t, errorText } from '../i18n.js';
import { moduleFor, countdownOf } from '../activities/index.js';
import { setBeside } from '../beside.js';
import { applyChanges } from '../activities/kit.js';
import { consoleId } from '../organiser.js';
import { onParticipantsMessage, startParticipants, resetParticipants } from '../participants.js';
import { servePresenter } from '../present.js';
import { shell, state } from './state.js';
import { checkRooms, rememberRoom, forgetRoom } from './rooms.js';
import { editorAcked, editorRefused, openImported } from './agenda.js';
import { presenterModerate, presenterSteps } from './run.js';
import { templateAcked, templateRefused } from './templates.js';

/** @typedef {import('../../gen/ServerMsg').ServerMsg} ServerMsg */
/** @typedef {import('../../gen/ActivityView').ActivityView} ActivityView */
/** @typedef {import('../../gen/Act').Act} Act */
/** @typedef {import('../conn.js').Status} Status */
/** @typedef {import('../conn.js').StopReason} StopReason */

/** @type {Conn | null} */
let conn = null;

/** Answers the presenter window of the open room (present.js). */
/** @type {ReturnType<typeof servePresenter> | null} */
let presenterLink = null;

/** Tells the presenter window what changed (after each render). */
export function updatePresenter() {
  presenterLink?.update();
}

/**
 * Sends an action over the socket; the answer arrives as ack or error.
 * @param {Act} a
 * @returns {string | null}
 */
export function act(a) {
  if (!conn) return null;
  state.notice = null;
  return conn.act(a);
}

/** Back to the home view ("My rooms"); the room's state is dropped. */
function leaveRoom() {
  presenterLink?.close();
  presenterLink = null;
  state.view = 'home';
  state.code = '';
  state.hostKey = '';
  state.room = null;
  state.agenda = [];
  state.sessions = [];
  state.sessionOpen = new Map();
  state.sessionForm = null;
  state.addTo = null;
  state.participants = [];
  state.current = null;
  state.hostView = null;
  state.teams = { teams: [], roles: [], picking: null };
  state.teamRules = { apart: [], together: [] };
  state.lead = 'organiser';
  state.templates = [];
  state.countdown = null;
  setBeside(null, 0, 0);
  state.progress = null;
  state.deleteOpen = false;
  state.deleteTyped = '';
  resetParticipants();
  history.replaceState(null, '', '/host');
}

/**
 * @param {string} code
 * @param {string} hostKey
 */
export function openRoom(code, hostKey) {
  state.view = 'room';
  state.code = code;
  state.hostKey = hostKey;
  history.replaceState(null, '', `/host?room=${encodeURIComponent(code)}`);
  conn?.stop();
  conn = new Conn({
    storageKey: null,
    opening: () => ({ type: 'host', room: code, hostKey, console: consoleId() }),
    onMessage,
    onStatus,
    onAck: (id) => {
      presenterLink?.done(id);
      if (!editorAcked(id) && !templateAcked(id)) shell.render();
    },
    onError: (ref, code, message) => {
      if (ref !== null) presenterLink?.done(ref);
      // Before the welcome, or the room was deleted (a 4004 close follows): onStatus handles it.
      if (ref === null && (!conn?.welcomed || code === 'roomNotFound')) return;
      // An invalid spec or template: the server's message says which field.
      const text = () => (code === 'invalidSpec' || code === 'invalidTemplate' ? `${errorText(code)} ${message}` : errorText(code));
      if (ref !== null && (editorRefused(ref, text) || templateRefused(ref, text))) return;
      shell.notify('error', text);
    },
  });
  conn.start();
  presenterLink?.close();
  presenterLink = servePresenter(code, presenterSteps, presenterModerate);
  shell.render();
}

/** Stops the open room's connection and goes back to "My rooms". */
export function closeRoom() {
  conn?.stop();
  conn = null;
  leaveRoom();
}

/**
 * @param {Status} status
 * @param {StopReason | null} reason
 */
function onStatus(status, reason) {
  state.status = status;
  // Our own DELETE closes the socket with 4004; deleteRoom() takes it from here.
  if (status === 'stopped' && reason === 'roomNotFound' && state.deleting) return;
  if (status === 'stopped') {
    state.view = 'home';
    const code = state.code;
    if (reason === 'unauthorized') state.homeError = () => t('badHostKeyFor', { code });
    else if (reason === 'roomNotFound') {
      state.homeError = () => t('roomGone', { code });
      forgetRoom(code);
    } else if (reason === 'protocolVersion') state.homeError = () => t('versionText');
    else if (reason === 'replaced') state.homeError = () => t('hostReplaced', { code });
    else state.homeError = () => t('connectionRefused');
    history.replaceState(null, '', '/host');
    shell.render();
    checkRooms();
    return;
  }
  shell.render();
}

/**
 * @param {ServerMsg} msg
 * @param {number} receivedAt
 */
function onMessage(msg, receivedAt) {
  if (onParticipantsMessage(msg)) {
    shell.render();
    return;
  }
  switch (msg.type) {
    case 'welcome': {
      state.room = msg.room;
      state.agenda = msg.agenda ?? [];
      state.sessions = msg.sessions ?? [{ id: 0, title: '', date: null }];
      state.clock = { serverNow: msg.serverNow, receivedAt };
      state.participants = msg.participants ?? [];
      state.count = msg.room.participantCount;
      state.online = msg.room.onlineCount;
      state.teams = msg.room.teams;
      state.hostView = msg.hostView;
      state.chairs = msg.hostChairs ?? [];
      state.teamRules = msg.teamRules ?? { apart: [], together: [] };
      setCurrent(msg.room.current, msg.serverNow, receivedAt);
      setBeside(msg.room.beside, msg.serverNow, receivedAt);
      startParticipants({
        act, send: (m) => conn?.query(m), outcome: (id) => conn?.outcome(id), errorText, rerender: shell.render,
      }, msg.room.admission);
      state.moderatorKey = msg.moderatorKey;
      state.coFacilitator = msg.coFacilitator;
      state.lead = msg.lead ?? 'organiser';
      state.templates = msg.templates ?? [];
      // A co-facilitator's key opens this console only: "My rooms" is the facilitator's list.
      if (!msg.coFacilitator) {
        const known = state.rooms.find((r) => r.code === state.code);
        rememberRoom({
          code: state.code, title: msg.room.title, hostKey: state.hostKey, createdAt: known?.createdAt ?? Date.now(),
        });
      }
      break;
    }
    case 'beside':
      setBeside(msg.beside, msg.serverNow, receivedAt);
      break;
    case 'activity':
      state.clock = { serverNow: msg.serverNow, receivedAt };
      setCurrent(msg.current, msg.serverNow, receivedAt);
      if (state.room) state.room.current = msg.current;
      break;
    case 'hostChairs':
      state.chairs = msg.chairs;
      break;
    case 'hostActivity':
      state.hostView = msg.view;
      break;
    case 'changes': {
      const store = { view: state.current, personal: null, host: state.hostView };
      if (!applyChanges(store, msg.activity, msg.changes, state.current && moduleFor(state.current.kind, 'host'))) return;
      state.current = store.view;
      state.hostView = store.host;
      break;
    }
    case 'teams':
      state.teams = msg.teams;
      break;
    case 'teamRules':
      state.teamRules = msg.rules;
      break;
    case 'lead':
      state.lead = msg.lead;
      break;
    case 'templates':
      state.templates = msg.templates;
      break;
    case 'agenda': {
      state.agenda = msg.items;
      if (msg.sessions.length > 0) state.sessions = msg.sessions;
      const imported = state.agenda.find((a) => a.id === state.importedId);
      if (imported) openImported(imported);
      break;
    }
    case 'participants':
      state.count = msg.count;
      state.online = msg.online;
      if (msg.list) state.participants = msg.list;
      break;
    case 'progress':
      state.progress = { activity: msg.activity, responded: msg.responded, of: msg.of };
      break;
    default:
      return;
  }
  shell.render();
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
