// The host console's shell: the connection to the open room, the page's frame and the layout of
// a room. The console never names an activity kind.
//
// A room's console is laid out so that what runs now is always in view: the room strip (code,
// join link, projector), then on a laptop two columns that scroll on their own: the run panel
// (the current activity's controls on top, its long lists, such as a wall's cards, in their
// own scroll box below them) and, one tap away in tabs, the agenda with the editors, the
// participants, the teams, and the room's exports and links. On a phone the same parts stack.
//
// The other jobs live in js/host/: "My rooms" (rooms.js), the agenda and the kinds' editors
// (agenda.js), exports and deleting a room (exports.js), copying a link (copy.js), and the
// state they share (state.js).

import { Conn } from './conn.js';
import { t, errorText, onLangChange } from './i18n.js';
import { byId, roomFromUrl, isRoomCode } from './dom.js';
import { v, fragment, render as paint, langToggle } from './view.js';
import { moduleFor, preload, countdownOf } from './activities/index.js';
import { applyChanges } from './activities/kit.js';
import { teamsPanel, tt } from './teams-host.js';
import { consoleId } from './organiser.js';
import {
  participantsPanel as peoplePanel, onParticipantsMessage, startParticipants, resetParticipants, pt,
} from './participants.js';
import { openPresenter, servePresenter } from './present.js';
import { shell, state } from './host/state.js';
import { checkRooms, homeView, rememberRoom, forgetRoom } from './host/rooms.js';
import { agendaTab, editorAcked, editorRefused, openImported } from './host/agenda.js';
import { dangerPanel, exportPanel } from './host/exports.js';
import { copyField } from './host/copy.js';

/** @typedef {import('../gen/ServerMsg').ServerMsg} ServerMsg */
/** @typedef {import('../gen/ActivityView').ActivityView} ActivityView */
/** @typedef {import('../gen/AgendaItem').AgendaItem} AgendaItem */
/** @typedef {import('../gen/Act').Act} Act */
/** @typedef {import('./conn.js').Status} Status */
/** @typedef {import('./conn.js').StopReason} StopReason */
/** @typedef {import('./view.js').VNode} VNode */
/** @typedef {import('./host/state.js').Tab} Tab */

/** @type {Conn | null} */
let conn = null;

/** Answers the presenter window of the open room (present.js). */
/** @type {ReturnType<typeof servePresenter> | null} */
let presenterLink = null;

const root = byId('app');
root.replaceChildren();

// ---------------------------------------------------------------------------------------------
// Rendering

function render() {
  document.title = t('hostTitle');
  document.body.classList.toggle('in-room', state.view === 'room');
  state.shownSeconds = state.countdown?.seconds() ?? -1;
  const reconnecting = state.view === 'room' && (state.status === 'reconnecting' || state.status === 'connecting');
  paint(fragment(
    v('header', { class: 'bar' },
      v('span', { class: 'brand' }, 'Kring'),
      v('span', { class: 'bar-title' }, t('hostConsole')),
      state.view === 'room' ? v('a', { href: '/host', class: 'bar-link', testid: 'my-rooms' }, t('myRooms')) : null,
      langToggle()),
    v('div', { class: 'banner', testid: 'reconnecting', role: 'status', hidden: !reconnecting },
      state.status === 'connecting' ? t('connecting') : t('reconnecting')),
    v('div', { class: 'notice-box', role: 'status', aria: { live: 'polite' } }, noticeView()),
    v('main', { class: 'host' }, state.view === 'home' ? homeView() : roomView())), root);
  presenterLink?.update();
}

/**
 * The context a kind's host module runs the current activity with.
 * @param {ActivityView} current
 * @returns {import('./activities/index.js').HostCtx}
 */
function hostCtx(current) {
  const progress = state.progress && state.progress.activity === current.id ? state.progress : null;
  return {
    view: current,
    host: state.hostView,
    spec: currentItem()?.spec ?? null,
    teams: state.teams,
    countdown: state.countdown,
    progress,
    online: state.online,
    runs: !state.coFacilitator,
    send: (input) => act({ type: 'activity', activity: current.id, input }),
    rerender: render,
  };
}

/**
 * The next activity to run: the first one after the current one on the agenda that has not
 * started (in the lobby, the first one not started).
 * @returns {AgendaItem | null}
 */
function nextActivity() {
  const at = state.current ? state.agenda.findIndex((a) => a.id === state.current?.id) : -1;
  return state.agenda.slice(at + 1).find((a) => !a.started) ?? null;
}

/**
 * The current activity's own next and previous step (its host module's `steps`), and once it
 * has none left, making the next activity on the agenda current: the presenter's buttons, and
 * the run panel's step forward.
 * @returns {import('./present.js').Steps}
 */
function presenterSteps() {
  const current = state.current;
  const module = current ? moduleFor(current.kind, 'host') : null;
  const own = current && module?.steps ? module.steps(hostCtx(current)) : { next: null, back: null };
  if (own.next || (current && !module?.steps)) return own;
  const after = nextActivity();
  if (!after) return own;
  return {
    next: {
      label: t('nextActivity', { title: after.spec.title }),
      run: () => act({ type: 'setCurrent', activity: after.id }),
    },
    back: own.back,
  };
}

function noticeView() {
  const n = state.notice;
  return n ? v('p', {
    class: n.kind === 'error' ? 'error' : 'ok', testid: n.kind === 'error' ? 'host-error' : 'host-ok',
    role: n.kind === 'error' ? 'alert' : 'status',
  }, n.text(), ' ', v('button', {
    class: 'link', type: 'button', aria: { label: t('dismiss') },
    onclick: () => { state.notice = null; render(); },
  }, '×')) : null;
}

/**
 * @param {'ok' | 'error'} kind
 * @param {() => string} text  translated when shown (and again after a language switch)
 */
function notify(kind, text) {
  state.notice = { kind, text };
  render();
}

/** The tabs beside the run panel: a co-facilitator's console has the participants only. */
function tabs() {
  /** @type {{ tab: Tab, label: string, count: number | null }[]} */
  const all = [
    { tab: 'agenda', label: t('agenda'), count: state.agenda.length },
    { tab: 'participants', label: pt('heading'), count: state.count },
    { tab: 'teams', label: tt('teamsHeading'), count: state.teams.teams.length },
    { tab: 'room', label: t('roomTab'), count: null },
  ];
  return state.coFacilitator ? all.filter((x) => x.tab === 'participants') : all;
}

/** @param {Tab} tab */
function showTab(tab) {
  state.tab = tab;
  render();
  document.getElementById(`tab-${tab}`)?.focus();
}

function roomView() {
  const shown = tabs();
  const tab = shown.some((x) => x.tab === state.tab) ? state.tab : shown[0].tab;
  return fragment(
    roomStrip(),
    state.coFacilitator ? v('p', { class: 'banner-note', role: 'status', testid: 'co-facilitator-banner' }, t('coBanner')) : null,
    v('div', { class: 'console' },
      v('section', { class: 'panel run-panel', testid: 'run-panel', aria: { label: t('nowShowing') } }, runPanel()),
      v('section', { class: 'side', testid: 'side-panels' },
        v('div', {
          class: 'tabs', role: 'tablist', aria: { label: t('consolePanels') },
          onkeydown: (ev) => {
            const at = shown.findIndex((x) => x.tab === tab);
            const by = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
            if (!by) return;
            ev.preventDefault();
            showTab(shown[(at + by + shown.length) % shown.length].tab);
          },
        }, shown.map((x) => v('button', {
          key: x.tab, type: 'button', role: 'tab', id: `tab-${x.tab}`, class: `tab${x.tab === tab ? ' on' : ''}`,
          testid: `tab-${x.tab}`, tabindex: x.tab === tab ? 0 : -1,
          aria: { selected: String(x.tab === tab), controls: `tab-panel-${x.tab}` },
          onclick: () => showTab(x.tab),
        }, x.label, x.count === null ? null : v('span', {
          class: 'count', testid: x.tab === 'participants' ? 'participant-count' : `tab-${x.tab}-count`,
        }, String(x.count))))),
        v('div', {
          class: 'tab-panel', role: 'tabpanel', id: `tab-panel-${tab}`, testid: `tab-panel-${tab}`,
          aria: { labelledby: `tab-${tab}` },
        }, tabPanel(tab)))));
}

/** @param {Tab} tab */
function tabPanel(tab) {
  switch (tab) {
    case 'agenda': return agendaTab();
    case 'participants':
      return v('section', { class: 'panel', testid: 'participants-panel' },
        peoplePanel({ count: state.count, online: state.online, runs: !state.coFacilitator }));
    case 'teams':
      return v('section', { class: 'panel', testid: 'teams-panel' },
        v('h2', null, tt('teamsHeading')),
        teamsPanel({
          teams: state.teams, rules: state.teamRules, participants: state.participants,
          act: (a) => { act(a); }, rerender: render,
        }));
    default:
      return fragment(
        state.moderatorKey ? v('section', { class: 'panel', testid: 'co-facilitator-panel' }, coFacilitatorPanel(state.moderatorKey)) : null,
        v('section', { class: 'panel', testid: 'export-panel' }, exportPanel()),
        v('section', { class: 'panel danger-zone', testid: 'delete-panel' }, dangerPanel()));
  }
}

/**
 * The link that opens a co-facilitator's console (moderation only).
 * @param {string} key the moderator key
 */
function coFacilitatorPanel(key) {
  const link = `${location.origin}/host?room=${encodeURIComponent(state.code)}#mod=${key}`;
  return fragment(
    v('h2', null, t('coHeading')),
    v('p', { class: 'muted small' }, t('coHint')),
    copyField({ id: 'co-facilitator-link', text: link, label: t('coHeading'), button: t('coCopy'), rerender: render }));
}

/** The room in one strip: its code, title and join link, and the projector's buttons. */
function roomStrip() {
  const room = state.room;
  const screenUrl = `/screen?room=${encodeURIComponent(state.code)}`;
  return v('section', { class: 'panel room-strip', testid: 'room-panel' },
    v('div', { class: 'strip-code-box' },
      v('p', { class: 'muted small' }, t('roomCode')),
      v('p', { class: 'big-code', testid: 'room-code' }, state.code)),
    v('div', { class: 'grow strip-room' },
      v('h1', { testid: 'room-title' }, room?.title ?? ''),
      v('p', { class: 'small' }, t('joinAt'), ' ',
        v('a', { href: room?.joinUrl ?? '#', target: '_blank', rel: 'noopener', testid: 'join-url' }, room?.joinUrl ?? ''))),
    v('div', { class: 'projector-buttons' },
      v('a', {
        class: 'button primary small', href: screenUrl, target: '_blank', rel: 'noopener', testid: 'open-screen',
      }, t('openProjector')),
      // Presenting runs the session: the co-facilitator's console leaves it out.
      state.coFacilitator ? null : v('button', {
        type: 'button', class: 'secondary small', testid: 'open-presenter', title: t('presenterHint'),
        aria: { describedby: 'presenter-hint' }, onclick: () => openPresenter(state.code),
      }, t('openPresenter'))),
    state.coFacilitator ? null : v('p', { class: 'visually-hidden', id: 'presenter-hint' }, t('presenterHint')));
}

/** @returns {AgendaItem | null} */
function currentItem() {
  const id = state.current?.id;
  return state.agenda.find((a) => a.id === id) ?? null;
}

/**
 * The step forward once the current activity has nothing left to do (or nothing runs): the
 * next activity on the agenda, as the primary button.
 */
function nextActivityButton() {
  const after = nextActivity();
  if (!after || state.coFacilitator) return null;
  return v('div', { class: 'controls', testid: 'flow-controls' }, v('button', {
    type: 'button', class: 'primary', testid: 'run-next-activity',
    onclick: () => act({ type: 'setCurrent', activity: after.id }),
  }, t('nextActivity', { title: after.spec.title })));
}

function runPanel() {
  const current = state.current;
  if (!current) {
    return fragment(
      v('h2', null, t('nowShowing')),
      v('p', { class: 'muted', testid: 'run-phase' }, state.coFacilitator ? t('coLobby') : t('roomLobby')),
      nextActivityButton());
  }
  const module = moduleFor(current.kind, 'host');
  const ctx = hostCtx(current);
  const done = module?.steps ? module.steps(ctx).next === null : false;
  // Done and nothing after it on the agenda: the step forward is back to the lobby.
  const last = done && !nextActivity();
  return fragment(
    v('div', { class: 'run-head' },
      v('h2', null, t('nowShowing'), ': ', v('span', null, current.title)),
      state.coFacilitator ? null : v('button', {
        type: 'button', class: last ? 'primary' : 'secondary small', testid: 'back-to-lobby',
        onclick: () => act({ type: 'setCurrent', activity: null }),
      }, t('backToLobby'))),
    v('p', { class: 'phase', testid: 'run-phase', data: { phase: current.phase.phase } }, module ? module.phase(current) : ''),
    done ? nextActivityButton() : null,
    v('div', { class: `run-body kind-${current.kind}` },
      module ? module.render(ctx) : v('p', { class: 'muted' }, t('unknownActivity'))));
}

// ---------------------------------------------------------------------------------------------
// Actions

/**
 * Sends an action over the socket; the answer arrives as ack or error.
 * @param {Act} a
 * @returns {string | null}
 */
function act(a) {
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
  state.participants = [];
  state.current = null;
  state.hostView = null;
  state.teams = { teams: [], roles: [], picking: null };
  state.teamRules = { apart: [], together: [] };
  state.countdown = null;
  state.progress = null;
  state.deleteOpen = false;
  state.deleteTyped = '';
  resetParticipants();
  history.replaceState(null, '', '/host');
}

// ---------------------------------------------------------------------------------------------
// Connection

/**
 * @param {string} code
 * @param {string} hostKey
 */
function openRoom(code, hostKey) {
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
      if (!editorAcked(id)) render();
    },
    onError: (ref, code, message) => {
      if (ref !== null) presenterLink?.done(ref);
      // Before the welcome, or the room was deleted (a 4004 close follows): onStatus handles it.
      if (ref === null && (!conn?.welcomed || code === 'roomNotFound')) return;
      const text = () => (code === 'invalidSpec' ? `${errorText(code)} ${message}` : errorText(code));
      if (ref !== null && editorRefused(ref, text)) return;
      notify('error', text);
    },
  });
  conn.start();
  presenterLink?.close();
  presenterLink = servePresenter(code, presenterSteps);
  render();
}

/** Stops the open room's connection and goes back to "My rooms". */
function closeRoom() {
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
    render();
    checkRooms();
    return;
  }
  render();
}

/**
 * @param {ServerMsg} msg
 * @param {number} receivedAt
 */
function onMessage(msg, receivedAt) {
  if (onParticipantsMessage(msg)) {
    render();
    return;
  }
  switch (msg.type) {
    case 'welcome': {
      state.room = msg.room;
      state.agenda = msg.agenda ?? [];
      state.participants = msg.participants ?? [];
      state.count = msg.room.participantCount;
      state.online = msg.room.onlineCount;
      state.teams = msg.room.teams;
      state.hostView = msg.hostView;
      state.teamRules = msg.teamRules ?? { apart: [], together: [] };
      setCurrent(msg.room.current, msg.serverNow, receivedAt);
      startParticipants({
        act, send: (m) => conn?.query(m), outcome: (id) => conn?.outcome(id), errorText, rerender: render,
      }, msg.room.admission);
      state.moderatorKey = msg.moderatorKey;
      state.coFacilitator = msg.coFacilitator;
      // A co-facilitator's key opens this console only: "My rooms" is the facilitator's list.
      if (!msg.coFacilitator) {
        const known = state.rooms.find((r) => r.code === state.code);
        rememberRoom({
          code: state.code, title: msg.room.title, hostKey: state.hostKey, createdAt: known?.createdAt ?? Date.now(),
        });
      }
      break;
    }
    case 'activity':
      setCurrent(msg.current, msg.serverNow, receivedAt);
      if (state.room) state.room.current = msg.current;
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
    case 'agenda': {
      state.agenda = msg.items;
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
  if (state.countdown && state.countdown.seconds() !== state.shownSeconds) render();
}

Object.assign(shell, { render, act, notify, openRoom, closeRoom });
setInterval(tick, 250);
onLangChange(render);
preload('host').then(render, render);
// Pasting a host link (`#key=…`) into this tab changes only the fragment: open it properly.
window.addEventListener('hashchange', () => {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.has('key') || hash.has('mod')) location.reload();
});

// Start: `/host?room=CODE#key=HOSTKEY` opens a room (and remembers it); `/host?room=CODE`
// opens a remembered room; `/host` lists them.
{
  const code = roomFromUrl();
  const hash = new URLSearchParams(location.hash.slice(1));
  const key = hash.get('key');
  const moderatorKey = hash.get('mod');
  if (code && isRoomCode(code)) {
    const known = state.rooms.find((r) => r.code === code);
    if (moderatorKey) openRoom(code, moderatorKey);
    else if (key) {
      rememberRoom({ code, title: known?.title ?? '', hostKey: key, createdAt: known?.createdAt ?? Date.now() });
      openRoom(code, key);
    } else if (known) openRoom(code, known.hostKey);
    else {
      state.homeError = () => t('noKeyFor', { code });
      render();
      checkRooms();
    }
  } else {
    render();
    checkRooms();
  }
}
