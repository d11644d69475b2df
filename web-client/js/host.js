// The host console: create or reopen a room ("My rooms", checked against the server), show how
// to join, see who is in, form teams and deal role cards, prepare activities (each kind's
// editor and import), drive the current activity (each kind's run panel, from js/activities),
// export results and reports, and delete a room for good. The console never names a kind.
//
// Exports need the host key in an `Authorization` header, so a plain link cannot fetch them:
// files are fetched and handed to the browser as a Blob through a temporary `<a download>`;
// the printable report is fetched and shown in a new tab from a Blob URL.

import { Conn } from './conn.js';
import { t, tn, errorText, apiErrorText, onLangChange, getLang } from './i18n.js';
import {
  el, byId, roomFromUrl, isRoomCode, normaliseCode, loadJson, saveJson,
} from './dom.js';
import { v, fragment, render as paint, langToggle } from './view.js';
import { moduleFor, preload, countdownOf, kindNames } from './activities/index.js';
import { teamsPanel, tt } from './teams-host.js';
import { consoleId, organiserAnswered, organiserHeaders, organiserKeyField } from './organiser.js';
import {
  participantsPanel as peoplePanel, onParticipantsMessage, startParticipants, resetParticipants,
} from './participants.js';
import { openPresenter, servePresenter } from './present.js';

/** @typedef {import('../gen/ServerMsg').ServerMsg} ServerMsg */
/** @typedef {import('../gen/RoomView').RoomView} RoomView */
/** @typedef {import('../gen/ActivityView').ActivityView} ActivityView */
/** @typedef {import('../gen/ActivityHostView').ActivityHostView} ActivityHostView */
/** @typedef {import('../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../gen/AgendaItem').AgendaItem} AgendaItem */
/** @typedef {import('../gen/ParticipantInfo').ParticipantInfo} ParticipantInfo */
/** @typedef {import('../gen/TeamsView').TeamsView} TeamsView */
/** @typedef {import('../gen/TeamRules').TeamRules} TeamRules */
/** @typedef {import('../gen/CreateRoomRequest').CreateRoomRequest} CreateRoomRequest */
/** @typedef {import('../gen/CreateRoomResponse').CreateRoomResponse} CreateRoomResponse */
/** @typedef {import('../gen/ApiError').ApiError} ApiError */
/** @typedef {import('../gen/Act').Act} Act */
/** @typedef {import('../gen/ErrorCode').ErrorCode} ErrorCode */
/** @typedef {import('./dom.js').Countdown} Countdown */
/** @typedef {import('./conn.js').Status} Status */
/** @typedef {import('./conn.js').StopReason} StopReason */
/** @typedef {import('./view.js').VNode} VNode */

/** A room this browser hosts, as remembered in localStorage `kring.hostRooms`. */
/** @typedef {{ code: string, title: string, hostKey: string, createdAt: number }} HostRoom */

/**
 * What the server said about a remembered room (`GET /api/rooms/{code}`).
 * @typedef {object} RoomCheck
 * @property {'checking' | 'ok' | 'gone' | 'badKey' | 'unreachable'} status
 * @property {number} [participants]
 * @property {number} [activities]
 */

/**
 * `GET /api/rooms/{code}`: the room as the host sees it (`createdAt`, ms, if the server sends it).
 * @typedef {{ room: RoomView, agenda: AgendaItem[], participants: ParticipantInfo[], seq: number, createdAt?: number }} RoomState
 */

const ROOMS_KEY = 'kring.hostRooms';

const state = {
  /** @type {'home' | 'room'} */
  view: 'home',
  /** @type {HostRoom[]} */
  rooms: loadRooms(),
  createTitle: '',
  /** @type {(() => string) | null} translated on every render */
  homeError: null,
  code: '',
  hostKey: '',
  /** The key of a co-facilitator's console (the facilitator's own console only). */
  /** @type {string | null} */
  moderatorKey: null,
  /** This console is a co-facilitator's: moderation only. */
  coFacilitator: false,
  coCopied: false,
  /** @type {Status} */
  status: /** @type {Status} */ ('connecting'),
  /** @type {RoomView | null} */
  room: null,
  /** @type {AgendaItem[]} */
  agenda: [],
  /** @type {ParticipantInfo[]} */
  participants: [],
  count: 0,
  online: 0,
  /** @type {ActivityView | null} */
  current: null,
  /** @type {ActivityHostView | null} */
  hostView: null,
  /** @type {TeamsView} */
  teams: { teams: [], roles: [], picking: null },
  /** @type {TeamRules} */
  teamRules: { apart: [], together: [] },
  /** @type {Countdown | null} */
  countdown: null,
  shownSeconds: -1,
  /** @type {{ activity: number, responded: number, of: number } | null} */
  progress: null,
  /** The open editor: which kind, which activity (null: a new one), and its session. */
  editor: {
    session: 0,
    kind: kindNames()[0],
    /** @type {number | null} */
    editing: null,
    /** @type {ActivitySpec | null} */
    spec: null,
    /** @type {string | null} action id of the pending save */
    saveId: null,
    /** @type {(() => string)[]} translated on every render */
    errors: [],
  },
  /** @type {{ kind: 'ok' | 'error', text: () => string } | null} */
  notice: null,
  /** @type {number | null} activity whose removal waits for a second click */
  confirmRemoveActivity: null,
  /** @type {number | 'last' | null} the activity just saved (marked in the agenda) */
  justSaved: null,
  /** @type {number | null} an imported activity whose editor opens once the agenda has it */
  importedId: null,
  /** The file it came from. */
  importedName: '',
  /** @type {Map<string, RoomCheck>} remembered rooms as the server knows them, by code */
  roomChecks: new Map(),
  /** @type {string | null} remembered room whose "Forget" waits for a second click */
  confirmForget: null,
  /** @type {string | null} the export being fetched (one at a time) */
  exportBusy: null,
  /** The "delete room" confirmation is showing. */
  deleteOpen: false,
  /** What was typed into the confirmation. */
  deleteTyped: '',
  /** The DELETE request is under way (the 4004 close it causes is expected). */
  deleting: false,
};

/** @type {Conn | null} */
let conn = null;

/** Answers the presenter window of the open room (present.js). */
/** @type {ReturnType<typeof servePresenter> | null} */
let presenterLink = null;

const root = byId('app');
root.replaceChildren();

/** @returns {HostRoom[]} */
function loadRooms() {
  const list = loadJson(ROOMS_KEY, /** @type {HostRoom[]} */ ([]));
  return Array.isArray(list) ? list.filter((r) => r && typeof r.code === 'string' && typeof r.hostKey === 'string') : [];
}

/** @param {HostRoom} room */
function rememberRoom(room) {
  changeRooms((rooms) => [room, ...rooms.filter((r) => r.code !== room.code)]);
}

/** @param {string} code */
function forgetRoom(code) {
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

// ---------------------------------------------------------------------------------------------
// Rendering

function render() {
  document.title = t('hostTitle');
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
 * The presenter's next and previous step: the current activity's own (its host module's
 * `steps`), and once it has none left, making the next activity on the agenda current.
 * @returns {import('./present.js').Steps}
 */
function presenterSteps() {
  const current = state.current;
  const module = current ? moduleFor(current.kind, 'host') : null;
  const own = current && module?.steps ? module.steps(hostCtx(current)) : { next: null, back: null };
  if (own.next || (current && !module?.steps)) return own;
  const at = current ? state.agenda.findIndex((a) => a.id === current.id) : -1;
  const after = state.agenda[at + 1];
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

function homeView() {
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
      render();
    },
  }, confirming ? t('confirmForget') : t('forget')));
}

/**
 * Asks the server about every remembered room (a few at a time): still there, how many
 * participants and activities, and its current title. A 404 marks the room as gone.
 */
async function checkRooms() {
  const todo = state.rooms.filter((r) => {
    const status = state.roomChecks.get(r.code)?.status;
    return status !== 'ok' && status !== 'gone';
  });
  for (const r of todo) state.roomChecks.set(r.code, { status: 'checking' });
  render();
  const queue = [...todo];
  const worker = async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      state.roomChecks.set(r.code, await checkRoom(r));
      if (state.view === 'home') render();
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

function roomView() {
  const run = v('section', { class: 'panel run-panel', testid: 'run-panel' }, runPanel());
  const people = v('section', { class: 'panel', testid: 'participants-panel' },
    peoplePanel({ count: state.count, online: state.online, runs: !state.coFacilitator }));
  if (state.coFacilitator) {
    // Moderation only: what is being shown (each kind's moderation lives there) and who is in.
    return fragment(
      roomPanel(),
      v('p', { class: 'banner-note', role: 'status', testid: 'co-facilitator-banner' }, t('coBanner')),
      v('div', { class: 'cols' }, v('div', { class: 'col' }, run), v('div', { class: 'col side' }, people)));
  }
  return fragment(
    roomPanel(),
    v('div', { class: 'cols' },
      v('div', { class: 'col' },
        run,
        v('section', { class: 'panel', testid: 'agenda-panel', id: 'agenda-panel' }, agendaPanel()),
        v('section', { class: 'panel editor', testid: 'editor-panel', id: 'editor-panel' }, editorPanel())),
      v('div', { class: 'col side' },
        people,
        v('section', { class: 'panel', testid: 'teams-panel' },
          v('h2', null, tt('teamsHeading')),
          teamsPanel({
            teams: state.teams, rules: state.teamRules, participants: state.participants,
            act: (a) => { act(a); }, rerender: render,
          })),
        state.moderatorKey ? v('section', { class: 'panel', testid: 'co-facilitator-panel' }, coFacilitatorPanel(state.moderatorKey)) : null,
        v('section', { class: 'panel', testid: 'export-panel' }, exportPanel()),
        v('section', { class: 'panel danger-zone', testid: 'delete-panel' }, dangerPanel()))));
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
    v('div', { class: 'row' },
      v('input', {
        class: 'grow', readOnly: true, value: link, testid: 'co-facilitator-link', aria: { label: t('coHeading') },
        onclick: (e) => /** @type {HTMLInputElement} */ (e.currentTarget).select(),
      }),
      v('button', {
        type: 'button', class: 'secondary small', testid: 'co-facilitator-copy',
        onclick: () => {
          navigator.clipboard?.writeText(link).then(() => {
            state.coCopied = true;
            render();
            setTimeout(() => { state.coCopied = false; render(); }, 2000);
          }, () => {});
        },
      }, state.coCopied ? t('coCopied') : t('coCopy'))));
}

function roomPanel() {
  const room = state.room;
  const screenUrl = `/screen?room=${encodeURIComponent(state.code)}`;
  return v('section', { class: 'panel room-panel', testid: 'room-panel' },
    v('div', { class: 'room-head' },
      v('div', null,
        v('p', { class: 'muted' }, t('roomCode')),
        v('p', { class: 'big-code', testid: 'room-code' }, state.code)),
      v('div', { class: 'grow' },
        v('h1', { testid: 'room-title' }, room?.title ?? ''),
        v('p', null, t('joinAt'), ' ',
          v('a', { href: room?.joinUrl ?? '#', target: '_blank', rel: 'noopener', testid: 'join-url' }, room?.joinUrl ?? ''))),
      v('div', { class: 'projector-buttons' },
        v('a', {
          class: 'button primary', href: screenUrl, target: '_blank', rel: 'noopener', testid: 'open-screen',
        }, t('openProjector')),
        // Presenting runs the session: the co-facilitator's console leaves it out.
        state.coFacilitator ? null : v('button', {
          type: 'button', class: 'secondary', testid: 'open-presenter', title: t('presenterHint'),
          aria: { describedby: 'presenter-hint' }, onclick: () => openPresenter(state.code),
        }, t('openPresenter'))),
      state.coFacilitator ? null : v('p', { class: 'muted small presenter-hint', id: 'presenter-hint' }, t('presenterHint'))));
}

/** @returns {AgendaItem | null} */
function currentItem() {
  const id = state.current?.id;
  return state.agenda.find((a) => a.id === id) ?? null;
}

function runPanel() {
  const current = state.current;
  if (!current) {
    return fragment(v('h2', null, t('nowShowing')), v('p', { class: 'muted', testid: 'run-phase' }, state.coFacilitator ? t('coLobby') : t('roomLobby')));
  }
  const module = moduleFor(current.kind, 'host');
  return fragment(
    v('h2', null, t('nowShowing'), ': ', v('span', null, current.title)),
    v('p', { class: 'phase', testid: 'run-phase', data: { phase: current.phase.phase } }, module ? module.phase(current) : ''),
    module ? module.render(hostCtx(current)) : v('p', { class: 'muted' }, t('unknownActivity')),
    state.coFacilitator ? null : v('div', { class: 'controls' }, v('button', {
      type: 'button', class: 'secondary', testid: 'back-to-lobby',
      onclick: () => act({ type: 'setCurrent', activity: null }),
    }, t('backToLobby'))));
}

function agendaPanel() {
  const importers = kindNames().map((kind) => ({ kind, module: moduleFor(kind, 'host') }))
    .filter(({ module }) => module?.importFile);
  return fragment(
    v('h2', null, t('agenda')),
    state.agenda.length === 0 ? v('p', { class: 'muted' }, t('agendaEmpty')) : v('ol', { class: 'agenda', testid: 'agenda' },
      state.agenda.map((item) => {
        const module = moduleFor(item.spec.kind, 'host');
        const confirming = state.confirmRemoveActivity === item.id;
        const saved = state.justSaved === item.id || (state.justSaved === 'last' && item === state.agenda[state.agenda.length - 1]);
        return v('li', {
          key: item.id, class: `row${item.current ? ' current' : ''}${saved ? ' just-saved' : ''}`, testid: 'agenda-item',
          data: { id: String(item.id) },
        },
        v('span', { class: 'grow' },
          v('span', { class: 'kind-chip' }, module ? module.label() : item.spec.kind), ' ',
          v('strong', null, item.spec.title), ' ',
          v('span', { class: 'muted small' }, module ? module.summary(item.spec) : ''),
          item.current ? v('span', { class: 'badge' }, t('current')) : null,
          item.started && !item.current ? v('span', { class: 'badge muted' }, t('started')) : null),
        item.current
          ? v('button', {
            type: 'button', class: 'secondary small', testid: 'stop-current',
            onclick: () => act({ type: 'setCurrent', activity: null }),
          }, t('backToLobby'))
          : v('button', {
            type: 'button', class: 'primary small', testid: 'make-current',
            onclick: () => act({ type: 'setCurrent', activity: item.id }),
          }, t('makeCurrent')),
        !item.started ? v('button', {
          type: 'button', class: 'secondary small', testid: 'edit-activity',
          onclick: () => editItem(item),
        }, t('edit')) : null,
        !item.current ? v('button', {
          type: 'button', class: confirming ? 'danger small' : 'secondary small', testid: 'remove-activity',
          onclick: () => {
            // Removing an activity loses what was prepared (and answered): ask first.
            if (confirming) {
              state.confirmRemoveActivity = null;
              act({ type: 'removeActivity', activity: item.id });
            } else state.confirmRemoveActivity = item.id;
            render();
          },
        }, confirming ? t('confirmRemove') : t('remove')) : null,
        v('button', {
          type: 'button', class: 'secondary small', testid: 'export-activity-csv',
          disabled: state.exportBusy !== null,
          aria: { label: t('exportActivityCsvLabel', { title: item.spec.title }) },
          title: t('exportActivityCsvLabel', { title: item.spec.title }),
          onclick: () => download(`csv-${item.id}`, `export.csv?activity=${item.id}&lang=${getLang()}`, `kring-${state.code}-${item.id}.csv`),
        }, state.exportBusy === `csv-${item.id}` ? t('exportBusy') : t('exportActivityCsv')));
      })),
    importers.map(({ kind, module }) => v('div', { class: 'import', key: kind },
      v('label', { for: `import-${kind}` }, module?.importLabel?.() ?? ''),
      v('input', {
        type: 'file', id: `import-${kind}`, testid: kind === kindNames()[0] ? 'import-file' : `import-file-${kind}`,
        accept: '.json,.csv,application/json,text/csv',
        onchange: (ev) => {
          const input = /** @type {HTMLInputElement} */ (ev.target);
          const file = input.files?.[0];
          if (file && module?.importFile) importWith(module.importFile, file).finally(() => { input.value = ''; });
        },
      }),
      v('p', { class: 'muted small' }, module?.importHint?.() ?? ''))));
}

/**
 * Opens the editor of an activity just imported, its title ready to change.
 * @param {AgendaItem} item
 */
function openImported(item) {
  state.importedId = null;
  editItem(item);
  const name = state.importedName;
  notify('ok', () => t('importedRename', { name, title: item.spec.title }));
  const title = /** @type {HTMLInputElement | null} */ (document.querySelector('#editor-panel input'));
  title?.focus();
  title?.select();
}

/** @param {AgendaItem} item */
function editItem(item) {
  state.editor = {
    ...state.editor, session: state.editor.session + 1, kind: item.spec.kind, editing: item.id, spec: item.spec, errors: [],
  };
  render();
  byId('editor-panel').scrollIntoView({ behavior: 'smooth' });
}

/**
 * Opens a fresh editor for a new activity of `kind`.
 * @param {string} kind
 */
function newEditor(kind) {
  state.editor = { ...state.editor, session: state.editor.session + 1, kind, editing: null, spec: null, errors: [], saveId: null };
  render();
}

function editorPanel() {
  const ed = state.editor;
  const module = moduleFor(ed.kind, 'host');
  return fragment(
    ed.editing === null ? v('div', { class: 'kind-tabs', role: 'group', aria: { label: t('newActivity') } },
      v('span', { class: 'muted' }, t('newActivity')),
      kindNames().map((kind) => {
        const m = moduleFor(kind, 'host');
        return v('button', {
          key: kind, type: 'button', class: kind === ed.kind ? 'primary small' : 'secondary small', testid: `new-${kind}`,
          aria: { pressed: String(kind === ed.kind) },
          onclick: () => newEditor(kind),
        }, m ? m.label() : kind);
      })) : null,
    module ? module.editor({
      session: ed.session,
      editing: ed.editing,
      spec: ed.spec,
      teams: state.teams,
      saving: ed.saveId !== null,
      errors: ed.errors,
      save: (spec) => {
        ed.errors = [];
        ed.saveId = act(ed.editing === null ? { type: 'addActivity', spec } : { type: 'updateActivity', activity: ed.editing, spec });
        render();
      },
      cancel: () => newEditor(ed.kind),
      rerender: render,
    }) : null);
}

function exportPanel() {
  const busy = state.exportBusy;
  const code = state.code;
  const lang = getLang();
  /**
   * @param {string} key
   * @param {string} label
   * @param {() => void} onclick
   */
  const button = (key, label, onclick) => v('button', {
    type: 'button', class: 'secondary', testid: `export-${key}`, disabled: busy !== null, onclick,
  }, busy === key ? t('exportBusy') : label);
  return fragment(
    v('h2', null, t('exportHeading')),
    v('p', { class: 'muted small' }, t('exportHint')),
    v('div', { class: 'controls stack' },
      button('json', t('exportJson'), () => download('json', 'export.json', `kring-${code}.json`)),
      button('csv', t('exportCsv'), () => download('csv', `export.csv?lang=${lang}`, `kring-${code}.csv`)),
      button('report-md', t('reportMd'), () => download('report-md', `report.md?lang=${lang}`, `kring-${code}.md`)),
      button('report-html', t('reportHtml'), openReport)));
}

function dangerPanel() {
  const code = state.code;
  if (!state.deleteOpen) {
    return fragment(
      v('h2', null, t('deleteHeading')),
      v('p', { class: 'muted small' }, t('deleteHint')),
      v('button', {
        type: 'button', class: 'secondary danger-outline', testid: 'delete-room',
        onclick: () => {
          state.deleteOpen = true;
          state.deleteTyped = '';
          render();
          /** @type {HTMLInputElement | null} */ (document.getElementById('delete-confirm'))?.focus();
        },
      }, t('deleteRoom')));
  }
  const matches = normaliseCode(state.deleteTyped) === code;
  return fragment(
    v('h2', null, t('deleteHeading')),
    v('p', { class: 'muted small' }, t('deleteHint')),
    v('form', {
      testid: 'delete-form',
      onsubmit: (ev) => {
        ev.preventDefault();
        if (normaliseCode(state.deleteTyped) === code && !state.deleting) deleteRoom();
      },
    },
    v('label', { for: 'delete-confirm' }, t('deleteTypeCode', { code })),
    v('input', {
      id: 'delete-confirm', testid: 'delete-confirm', value: state.deleteTyped, autocomplete: 'off',
      autocapitalize: 'characters', maxlength: 12, class: 'code-input',
      oninput: (ev) => {
        state.deleteTyped = /** @type {HTMLInputElement} */ (ev.target).value;
        render();
      },
    }),
    v('div', { class: 'controls' },
      v('button', { type: 'submit', class: 'danger', testid: 'delete-submit', disabled: state.deleting || !matches }, t('deleteForGood')),
      v('button', {
        type: 'button', class: 'secondary', testid: 'delete-cancel', disabled: state.deleting,
        onclick: () => { state.deleteOpen = false; state.deleteTyped = ''; render(); },
      }, t('cancel')))));
}

// ---------------------------------------------------------------------------------------------
// Actions and HTTP

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

/**
 * Runs a kind's import of `file` against this room's activities API.
 * @param {(file: File, ctx: import('./activities/index.js').ImportCtx) => Promise<void>} run
 * @param {File} file
 */
async function importWith(run, file) {
  const base = `/api/rooms/${encodeURIComponent(state.code)}/activities`;
  await run(file, {
    fail: (text) => notify('error', text),
    post: async (query, contentType, body) => {
      try {
        const res = await fetch(base + query, {
          method: 'POST', headers: { 'Content-Type': contentType, Authorization: `Bearer ${state.hostKey}` }, body,
        });
        if (!res.ok) {
          const reason = await apiError(res);
          notify('error', () => `${t('importFailed')} ${reason()}`);
          return;
        }
        notify('ok', () => t('imported', { name: file.name }));
        // The teacher checks (and may change) the title the import gave it.
        /** @type {{ id: number }} */
        const created = await res.json();
        state.importedId = created.id;
        state.importedName = file.name;
        const item = state.agenda.find((a) => a.id === created.id);
        if (item) openImported(item);
      } catch {
        notify('error', () => t('networkError'));
      }
    },
  });
}

async function createRoom() {
  const title = state.createTitle.trim();
  if (!title) {
    state.homeError = () => t('errRoomTitle');
    render();
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
      render();
      return;
    }
    organiserAnswered(true, null);
    /** @type {CreateRoomResponse} */
    const created = await res.json();
    rememberRoom({ code: created.code, title, hostKey: created.hostKey, createdAt: Date.now() });
    state.homeError = null;
    state.createTitle = '';
    openRoom(created.code, created.hostKey);
  } catch {
    state.homeError = () => t('networkError');
    render();
  }
}

/**
 * The message of a failed API call, translated when shown.
 * @param {Response} res
 * @param {(code: string) => void} [seen]  told the error's code
 * @returns {Promise<() => string>}
 */
async function apiError(res, seen) {
  try {
    /** @type {ApiError} */
    const body = await res.json();
    seen?.(body.code);
    return () => apiErrorText(body.code, body.message);
  } catch {
    const status = res.status;
    return () => t('httpError', { n: status });
  }
}

/**
 * `/api/rooms/{code}/{rest}` for the open room.
 * @param {string} rest
 */
function roomApi(rest) {
  return `/api/rooms/${encodeURIComponent(state.code)}/${rest}`;
}

/** The host key as the API wants it. */
function authHeaders() {
  return { Authorization: `Bearer ${state.hostKey}` };
}

/**
 * The file name from a `Content-Disposition` header (`filename*=UTF-8''…` preferred), or null.
 * @param {string | null} header
 * @returns {string | null}
 */
function dispositionFilename(header) {
  if (!header) return null;
  const star = /filename\*\s*=\s*utf-8''([^;]+)/i.exec(header);
  let name = null;
  if (star) {
    try {
      name = decodeURIComponent(star[1].trim());
    } catch {
      name = null;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header);
    name = plain ? (plain[1] ?? plain[2]).replace(/\\(.)/g, '$1') : null;
  }
  // No folders, no control characters: only a plain name.
  const clean = name?.replace(/[\/\\\u0000-\u001f]/g, '_').trim();
  return clean ? clean : null;
}

/**
 * Fetches an export of the open room with the host key and saves it as a file.
 * @param {string} key   which button is busy
 * @param {string} rest  path under the room, e.g. `export.csv?activity=3`
 * @param {string} fallbackName  used when the server names no file
 */
async function download(key, rest, fallbackName) {
  if (state.exportBusy) return;
  setExportBusy(key);
  try {
    const res = await fetch(roomApi(rest), { headers: authHeaders(), cache: 'no-store' });
    if (!res.ok) {
      const reason = await apiError(res);
      notify('error', () => `${t('exportFailed')} ${reason()}`);
      return;
    }
    // As bytes: the CSV's byte-order mark (for Excel) must survive.
    const blob = await res.blob();
    const name = dispositionFilename(res.headers.get('Content-Disposition')) ?? fallbackName;
    saveBlob(blob, name);
    notify('ok', () => t('downloaded', { name }));
  } catch {
    notify('error', () => `${t('exportFailed')} ${t('networkError')}`);
  } finally {
    setExportBusy(null);
  }
}

/** @param {string | null} key */
function setExportBusy(key) {
  state.exportBusy = key;
  render();
}

/**
 * Hands a Blob to the browser as a download named `name`.
 * @param {Blob} blob
 * @param {string} name
 */
function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has started the download by now; give slow ones a generous minute.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * What the printable report may do in its tab: show its own styles and images, run nothing.
 * The Blob document has this page's origin (and could read the host keys in localStorage), so
 * no script may run in it even if student text ever slipped through unescaped; `<base>` lets
 * links such as `/api/rooms/…/qr.svg` resolve against this server.
 */
function reportPreamble() {
  return `<base href="${location.origin}/"><meta http-equiv="Content-Security-Policy" `
    + `content="default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; base-uri 'none'; form-action 'none'">`;
}

/**
 * Puts `extra` right after the `<head>` tag (or in front, when there is none).
 * @param {string} html
 * @param {string} extra
 */
function injectHead(html, extra) {
  const head = /<head(?:\s[^>]*)?>/i.exec(html);
  if (head) {
    const at = head.index + head[0].length;
    return html.slice(0, at) + extra + html.slice(at);
  }
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  const at = doctype ? doctype[0].length : 0;
  return `${html.slice(0, at)}<head>${extra}</head>${html.slice(at)}`;
}

/**
 * Opens the printable HTML report in a new tab. The tab is opened right away (still inside the
 * click, so pop-up blockers allow it), then gets the fetched report as a Blob URL.
 */
async function openReport() {
  if (state.exportBusy) return;
  const win = window.open('', '_blank');
  if (!win) {
    notify('error', () => t('popupBlocked'));
    return;
  }
  try {
    win.opener = null;
    win.document.title = t('reportLoading');
    win.document.body.textContent = t('reportLoading');
  } catch {
    // not ours to write (should not happen for about:blank); the report still replaces it
  }
  setExportBusy('report-html');
  try {
    const res = await fetch(roomApi(`report.html?lang=${getLang()}`), { headers: authHeaders(), cache: 'no-store' });
    if (!res.ok) {
      win.close();
      const reason = await apiError(res);
      notify('error', () => `${t('exportFailed')} ${reason()}`);
      return;
    }
    const html = injectHead(await res.text(), reportPreamble());
    // Not revoked: the tab needs it for reloads and printing; it goes when this page does.
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
    win.location.replace(url);
  } catch {
    win.close();
    notify('error', () => `${t('exportFailed')} ${t('networkError')}`);
  } finally {
    setExportBusy(null);
  }
}

/** Deletes the open room on the server, for good, and goes back to "My rooms". */
async function deleteRoom() {
  const code = state.code;
  state.deleting = true;
  render();
  try {
    const res = await fetch(`/api/rooms/${encodeURIComponent(code)}`, { method: 'DELETE', headers: authHeaders() });
    // 404: it is gone already, which is what was asked for.
    if (!res.ok && res.status !== 404) {
      const reason = await apiError(res);
      notify('error', () => `${t('deleteFailed')} ${reason()}`);
      return;
    }
    conn?.stop();
    conn = null;
    forgetRoom(code);
    leaveRoom();
    notify('ok', () => t('roomDeleted', { code }));
    render();
    checkRooms();
  } catch {
    notify('error', () => `${t('deleteFailed')} ${t('networkError')}`);
  } finally {
    state.deleting = false;
    render();
  }
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
      const ed = state.editor;
      if (id === ed.saveId) {
        ed.saveId = null;
        const key = ed.editing === null ? 'activitySaved' : 'changesSaved';
        state.justSaved = ed.editing ?? 'last';
        notify('ok', () => t(key));
        newEditor(ed.kind);
        // The confirmation shows where the teacher looks (a toast); the agenda comes into view
        // with the saved activity marked.
        byId('agenda-panel').scrollIntoView({ block: 'start' });
        return;
      }
      render();
    },
    onError: (ref, code, message) => {
      if (ref !== null) presenterLink?.done(ref);
      // Before the welcome, or the room was deleted (a 4004 close follows): onStatus handles it.
      if (ref === null && (!conn?.welcomed || code === 'roomNotFound')) return;
      const text = () => (code === 'invalidSpec' ? `${errorText(code)} ${message}` : errorText(code));
      if (ref !== null && ref === state.editor.saveId) {
        state.editor.saveId = null;
        state.editor.errors = [text];
        render();
        return;
      }
      notify('error', text);
    },
  });
  conn.start();
  presenterLink?.close();
  presenterLink = servePresenter(code, presenterSteps);
  render();
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
      const current = state.current;
      const module = current && current.id === msg.activity ? moduleFor(current.kind, 'host') : null;
      if (!module?.applyChange) return;
      const store = { view: current, personal: null, host: state.hostView };
      for (const change of msg.changes) module.applyChange(store, change);
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
