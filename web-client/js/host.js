// The host console: create or reopen a room ("My rooms", checked against the server), show how
// to join, see who is in, prepare quizzes (editor and import), drive the current activity,
// export results and reports, and delete a room for good.
//
// Exports need the host key in an `Authorization` header, so a plain link cannot fetch them:
// files are fetched and handed to the browser as a Blob through a temporary `<a download>`;
// the printable report is fetched and shown in a new tab from a Blob URL.

import { Conn } from './conn.js';
import { t, tn, errorText, apiErrorText, onLangChange, langToggle, getLang } from './i18n.js';
import {
  el, replace, byId, optionBadge, Countdown, roomFromUrl, isRoomCode, normaliseCode, loadJson, saveJson,
} from './dom.js';

/** @typedef {import('../gen/ServerMsg').ServerMsg} ServerMsg */
/** @typedef {import('../gen/RoomView').RoomView} RoomView */
/** @typedef {import('../gen/ActivityView').ActivityView} ActivityView */
/** @typedef {import('../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../gen/QuizSpec').QuizSpec} QuizSpec */
/** @typedef {import('../gen/QuestionSpec').QuestionSpec} QuestionSpec */
/** @typedef {import('../gen/AgendaItem').AgendaItem} AgendaItem */
/** @typedef {import('../gen/ParticipantInfo').ParticipantInfo} ParticipantInfo */
/** @typedef {import('../gen/CreateRoomRequest').CreateRoomRequest} CreateRoomRequest */
/** @typedef {import('../gen/CreateRoomResponse').CreateRoomResponse} CreateRoomResponse */
/** @typedef {import('../gen/AddActivityResponse').AddActivityResponse} AddActivityResponse */
/** @typedef {import('../gen/ApiError').ApiError} ApiError */
/** @typedef {import('../gen/Act').Act} Act */
/** @typedef {import('../gen/QuizInput').QuizInput} QuizInput */
/** @typedef {import('../gen/ErrorCode').ErrorCode} ErrorCode */
/** @typedef {import('./conn.js').Status} Status */
/** @typedef {import('./conn.js').StopReason} StopReason */

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

/** A question in the editor (options as typed, blanks allowed until saving). */
/** @typedef {{ text: string, options: string[], correct: boolean[], timeLimitSecs: number }} DraftQuestion */
/** @typedef {{ editing: number | null, title: string, noRanking: boolean, questions: DraftQuestion[] }} Draft */

const ROOMS_KEY = 'kring.hostRooms';
const MIN_OPTIONS = 2;
const MAX_OPTIONS = 6;

/** @returns {DraftQuestion} */
function blankQuestion() {
  return { text: '', options: ['', '', '', ''], correct: [false, false, false, false], timeLimitSecs: 20 };
}

/** @returns {Draft} */
function blankDraft() {
  return { editing: null, title: '', noRanking: false, questions: [blankQuestion()] };
}

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
  /** @type {Countdown | null} */
  countdown: null,
  /** @type {{ activity: number, responded: number, of: number } | null} */
  progress: null,
  /** Questions seen open, per activity id (a question is asked once). */
  /** @type {Map<number, Set<number>>} */
  asked: new Map(),
  /** @type {Draft} */
  draft: blankDraft(),
  /** @type {(() => string)[]} translated on every render */
  draftErrors: [],
  /** @type {string | null} action id of the pending save */
  saveId: null,
  /** @type {{ kind: 'ok' | 'error', text: () => string } | null} */
  notice: null,
  /** @type {number | null} participant whose removal waits for a second click */
  confirmRemove: null,
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

const root = byId('app');
const header = el('header', { class: 'bar' });
const banner = el('div', { class: 'banner', testid: 'reconnecting', role: 'status', hidden: true });
const noticeBox = el('div', { class: 'notice-box', role: 'status', aria: { live: 'polite' } });
const main = el('main', { class: 'host' });
const sections = {
  room: el('section', { class: 'panel room-panel', testid: 'room-panel' }),
  participants: el('section', { class: 'panel', testid: 'participants-panel' }),
  run: el('section', { class: 'panel run-panel', testid: 'run-panel' }),
  agenda: el('section', { class: 'panel', testid: 'agenda-panel' }),
  editor: el('section', { class: 'panel editor', testid: 'editor-panel' }),
  export: el('section', { class: 'panel', testid: 'export-panel' }),
  danger: el('section', { class: 'panel danger-zone', testid: 'delete-panel' }),
};
/** The "My rooms" list on the home view; re-rendered alone when a check returns. */
const roomList = el('section', { class: 'panel', testid: 'room-list' });
replace(root, header, banner, noticeBox, main);

/** @returns {HostRoom[]} */
function loadRooms() {
  const list = loadJson(ROOMS_KEY, /** @type {HostRoom[]} */ ([]));
  return Array.isArray(list) ? list.filter((r) => r && typeof r.code === 'string' && typeof r.hostKey === 'string') : [];
}

/** @param {HostRoom} room */
function rememberRoom(room) {
  const rest = state.rooms.filter((r) => r.code !== room.code);
  state.rooms = [room, ...rest];
  saveJson(ROOMS_KEY, state.rooms);
}

/** @param {string} code */
function forgetRoom(code) {
  state.rooms = state.rooms.filter((r) => r.code !== code);
  state.roomChecks.delete(code);
  saveJson(ROOMS_KEY, state.rooms);
}

/**
 * Updates a remembered room in place (keeps the list order).
 * @param {string} code
 * @param {Partial<HostRoom>} changes
 */
function updateRoom(code, changes) {
  state.rooms = state.rooms.map((r) => (r.code === code ? { ...r, ...changes } : r));
  saveJson(ROOMS_KEY, state.rooms);
}

// ---------------------------------------------------------------------------------------------
// Rendering

function renderAll() {
  document.title = t('hostTitle');
  renderHeader();
  renderBanner();
  renderNotice();
  if (state.view === 'home') {
    replace(main, homeView());
    renderRoomList();
    return;
  }
  if (main.firstChild !== sections.room) {
    replace(main, sections.room, el('div', { class: 'cols' },
      el('div', { class: 'col' }, sections.run, sections.agenda, sections.editor),
      el('div', { class: 'col side' }, sections.participants, sections.export, sections.danger)));
  }
  renderRoom();
  renderParticipants();
  renderRun();
  renderAgenda();
  renderEditor();
  renderExport();
  renderDanger();
}

function renderHeader() {
  replace(header,
    el('span', { class: 'brand' }, 'Kring'),
    el('span', { class: 'bar-title' }, t('hostConsole')),
    state.view === 'room' ? el('a', { href: '/host', class: 'bar-link', testid: 'my-rooms' }, t('myRooms')) : null,
    langToggle());
}

function renderBanner() {
  const show = state.view === 'room' && (state.status === 'reconnecting' || state.status === 'connecting');
  banner.hidden = !show;
  replace(banner, state.status === 'connecting' ? t('connecting') : t('reconnecting'));
}

function renderNotice() {
  const n = state.notice;
  replace(noticeBox, n ? el('p', {
    class: n.kind === 'error' ? 'error' : 'ok', testid: n.kind === 'error' ? 'host-error' : 'host-ok',
    role: n.kind === 'error' ? 'alert' : 'status',
  }, n.text(), ' ', el('button', {
    class: 'link', type: 'button', aria: { label: t('dismiss') },
    onclick: () => { state.notice = null; renderNotice(); },
  }, '×')) : null);
}

/**
 * @param {'ok' | 'error'} kind
 * @param {() => string} text  translated when shown (and again after a language switch)
 */
function notify(kind, text) {
  state.notice = { kind, text };
  renderNotice();
}

function homeView() {
  const title = el('input', {
    id: 'create-title', testid: 'create-title', value: state.createTitle, maxlength: 120,
    placeholder: t('roomTitlePlaceholder'), required: true,
    oninput: (ev) => { state.createTitle = /** @type {HTMLInputElement} */ (ev.target).value; },
  });
  return el('div', { class: 'home' },
    el('form', {
      class: 'panel', testid: 'create-form',
      onsubmit: (ev) => { ev.preventDefault(); createRoom(); },
    },
    el('h1', null, t('createRoom')),
    el('label', { for: 'create-title' }, t('roomTitle')),
    title,
    state.homeError ? el('p', { class: 'error', role: 'alert', testid: 'home-error' }, state.homeError()) : null,
    el('button', { type: 'submit', class: 'primary', testid: 'create-submit' }, t('create'))),
    roomList);
}

/** @param {number} ms */
function formatDate(ms) {
  const locale = getLang() === 'nl' ? 'nl-NL' : 'en-GB';
  return new Date(ms).toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
}

function renderRoomList() {
  replace(roomList,
    el('h2', null, t('myRooms')),
    state.rooms.length === 0 ? el('p', { class: 'muted' }, t('noRoomsYet')) : el('ul', { class: 'rooms' },
      state.rooms.map((r) => roomRow(r))));
}

/** @param {HostRoom} r */
function roomRow(r) {
  const check = state.roomChecks.get(r.code);
  const status = check?.status ?? 'checking';
  const dead = status === 'gone' || status === 'badKey';
  /** @type {(string | HTMLElement)[]} */
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
  return el('li', {
    class: `row room-row${dead ? ' gone' : ''}`, testid: 'hosted-room', data: { code: r.code, status },
  },
  el('span', { class: 'code-chip', testid: 'hosted-room-code' }, r.code),
  el('span', { class: 'grow' },
    el('strong', { testid: 'hosted-room-title' }, r.title || r.code),
    el('br'),
    el('span', { class: 'muted small', testid: 'hosted-room-facts' }, facts.join(' · ')),
    statusText ? el('span', {
      class: `badge${dead ? ' bad' : ' muted'}`, testid: 'hosted-room-status',
    }, statusText) : null),
  dead ? null : el('a', {
    class: 'button primary small', href: `/host?room=${encodeURIComponent(r.code)}`, testid: 'open-room',
  }, t('open')),
  el('button', {
    type: 'button', class: dead ? 'primary small' : confirming ? 'danger small' : 'secondary small',
    testid: 'forget-room', title: dead ? undefined : t('forgetHint'),
    onclick: () => {
      // A room the server still has needs a second click: without the key it cannot be opened.
      if (dead || confirming) {
        state.confirmForget = null;
        forgetRoom(r.code);
      } else state.confirmForget = r.code;
      renderRoomList();
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
  renderRoomList();
  const queue = [...todo];
  const worker = async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      state.roomChecks.set(r.code, await checkRoom(r));
      if (state.view === 'home') renderRoomList();
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

function renderRoom() {
  const room = state.room;
  const screenUrl = `/screen?room=${encodeURIComponent(state.code)}`;
  replace(sections.room,
    el('div', { class: 'room-head' },
      el('div', null,
        el('p', { class: 'muted' }, t('roomCode')),
        el('p', { class: 'big-code', testid: 'room-code' }, state.code)),
      el('div', { class: 'grow' },
        el('h1', { testid: 'room-title' }, room?.title ?? ''),
        el('p', null, t('joinAt'), ' ',
          el('a', { href: room?.joinUrl ?? '#', target: '_blank', rel: 'noopener', testid: 'join-url' }, room?.joinUrl ?? ''))),
      el('a', {
        class: 'button primary', href: screenUrl, target: '_blank', rel: 'noopener', testid: 'open-screen',
      }, t('openProjector'))));
}

function renderParticipants() {
  replace(sections.participants,
    el('h2', null, t('participants'), ' ',
      el('span', { class: 'count', testid: 'participant-count' }, String(state.count))),
    el('p', { class: 'muted small', testid: 'online-count' }, t('onlineCount', { n: state.online })),
    state.participants.length === 0 ? el('p', { class: 'muted' }, t('nobodyYet')) : el('ul', { class: 'people', testid: 'participant-list' },
      state.participants.map((p) => el('li', {
        class: `row${p.online ? '' : ' offline'}`, testid: 'participant', data: { id: String(p.id) },
      },
      el('span', { class: `dot${p.online ? ' on' : ''}`, title: p.online ? t('online') : t('offline') }),
      el('span', { class: 'grow nick', testid: 'participant-nickname' }, p.nickname),
      el('button', {
        type: 'button', class: state.confirmRemove === p.id ? 'danger' : 'secondary small',
        testid: 'remove-participant',
        onclick: () => {
          if (state.confirmRemove === p.id) {
            state.confirmRemove = null;
            act({ type: 'removeParticipant', participant: p.id });
          } else state.confirmRemove = p.id;
          renderParticipants();
        },
      }, state.confirmRemove === p.id ? t('confirmRemove') : t('remove'))))));
}

/** @returns {AgendaItem | null} */
function currentItem() {
  const id = state.current?.id;
  return state.agenda.find((a) => a.id === id) ?? null;
}

function renderRun() {
  const quiz = state.current;
  if (!quiz) {
    replace(sections.run, el('h2', null, t('nowShowing')), el('p', { class: 'muted', testid: 'run-phase' }, t('roomLobby')));
    return;
  }
  const item = currentItem();
  const spec = item?.spec;
  const phase = quiz.phase;
  const index = 'index' in phase ? phase.index : -1;
  const asked = state.asked.get(quiz.id) ?? new Set();
  const canStart = phase.phase === 'lobby' || phase.phase === 'reveal' || phase.phase === 'leaderboard';
  const next = phase.phase === 'lobby' ? 0 : index + 1;
  /** @type {HTMLElement[]} */
  const controls = [];
  if (canStart && next < quiz.questionCount) {
    controls.push(el('button', {
      type: 'button', class: 'primary', testid: 'next-question',
      onclick: () => quizAct(quiz.id, { type: 'startQuestion', question: next }),
    }, t('startQuestion', { n: next + 1 })));
  }
  if (phase.phase === 'question') {
    controls.push(el('button', {
      type: 'button', class: 'primary', testid: 'close-question',
      onclick: () => quizAct(quiz.id, { type: 'closeQuestion' }),
    }, t('closeQuestion')));
  }
  if (phase.phase === 'reveal' && !quiz.noRanking) {
    controls.push(el('button', {
      type: 'button', class: 'secondary', testid: 'show-leaderboard',
      onclick: () => quizAct(quiz.id, { type: 'showLeaderboard' }),
    }, t('showLeaderboard')));
  }
  if (phase.phase === 'reveal' || phase.phase === 'leaderboard') {
    controls.push(el('button', {
      type: 'button', class: 'secondary', testid: 'show-podium',
      onclick: () => quizAct(quiz.id, { type: 'showPodium' }),
    }, t('showPodium')));
  }
  controls.push(el('button', {
    type: 'button', class: 'secondary', testid: 'back-to-lobby',
    onclick: () => act({ type: 'setCurrent', activity: null }),
  }, t('backToLobby')));

  /** @type {(HTMLElement | null)[]} */
  const detail = [];
  if (phase.phase === 'question' || phase.phase === 'reveal') {
    const q = spec?.questions[phase.index];
    const responded = phase.phase === 'reveal' ? phase.answered
      : state.progress?.activity === quiz.id ? state.progress.responded : 0;
    const of = state.progress?.of ?? state.online;
    detail.push(el('p', { class: 'q-text' }, phase.question.text));
    detail.push(el('p', { class: 'progress' },
      t('answered'), ' ', el('span', { testid: 'host-progress' }, `${responded}/${of}`),
      phase.phase === 'question' ? el('span', { class: 'countdown', testid: 'countdown' }, '') : null));
    detail.push(el('ol', { class: 'run-options' }, phase.question.options.map((o, i) =>
      el('li', { class: q?.correct.includes(i) ? 'is-correct' : '' }, optionBadge(i), ' ', o,
        phase.phase === 'reveal' ? el('span', { class: 'muted' }, ` — ${phase.counts[i] ?? 0}`) : null,
        q?.correct.includes(i) ? el('span', { class: 'tick' }, ' ✓') : null))));
  }
  if (phase.phase === 'leaderboard' || phase.phase === 'podium') {
    detail.push(el('ol', { class: 'board' }, phase.top.map((r) =>
      el('li', null, `${r.rank}. `, el('span', { class: 'nick' }, r.nickname), ` — ${r.score}`))));
  }
  replace(sections.run,
    el('h2', null, t('nowShowing'), ': ', el('span', null, quiz.title)),
    el('p', { class: 'phase', testid: 'run-phase', data: { phase: phase.phase } }, phaseLabel(quiz)),
    ...detail,
    el('div', { class: 'controls' }, controls),
    quiz.questionCount > 1 && canStart ? el('details', { class: 'jump' },
      el('summary', null, t('jumpToQuestion')),
      el('div', { class: 'controls' }, Array.from({ length: quiz.questionCount }, (_, i) => el('button', {
        type: 'button', class: 'secondary small', testid: `start-question-${i}`, disabled: asked.has(i),
        onclick: () => quizAct(quiz.id, { type: 'startQuestion', question: i }),
      }, String(i + 1))))) : null);
  tick();
}

/** @param {ActivityView} quiz */
function phaseLabel(quiz) {
  const p = quiz.phase;
  switch (p.phase) {
    case 'lobby': return t('phaseLobby');
    case 'question': return t('phaseQuestion', { n: p.index + 1, total: quiz.questionCount });
    case 'reveal': return t('phaseReveal', { n: p.index + 1, total: quiz.questionCount });
    case 'leaderboard': return t('leaderboard');
    case 'podium': return t('podium');
    default: return '';
  }
}

function renderAgenda() {
  replace(sections.agenda,
    el('h2', null, t('agenda')),
    state.agenda.length === 0 ? el('p', { class: 'muted' }, t('agendaEmpty')) : el('ol', { class: 'agenda', testid: 'agenda' },
      state.agenda.map((item) => el('li', {
        class: `row${item.current ? ' current' : ''}`, testid: 'agenda-item', data: { id: String(item.id) },
      },
      el('span', { class: 'grow' },
        el('strong', null, item.spec.title), ' ',
        el('span', { class: 'muted small' }, tn('questionsCountOne', 'questionsCount', item.spec.questions.length)),
        item.current ? el('span', { class: 'badge' }, t('current')) : null,
        item.started && !item.current ? el('span', { class: 'badge muted' }, t('started')) : null),
      item.current
        ? el('button', {
          type: 'button', class: 'secondary small', testid: 'stop-current',
          onclick: () => act({ type: 'setCurrent', activity: null }),
        }, t('backToLobby'))
        : el('button', {
          type: 'button', class: 'primary small', testid: 'make-current',
          onclick: () => act({ type: 'setCurrent', activity: item.id }),
        }, t('makeCurrent')),
      !item.started ? el('button', {
        type: 'button', class: 'secondary small', testid: 'edit-activity',
        onclick: () => editItem(item),
      }, t('edit')) : null,
      !item.current ? el('button', {
        type: 'button', class: 'secondary small', testid: 'remove-activity',
        onclick: () => act({ type: 'removeActivity', activity: item.id }),
      }, t('remove')) : null,
      el('button', {
        type: 'button', class: 'secondary small', testid: 'export-activity-csv',
        disabled: state.exportBusy !== null,
        aria: { label: t('exportActivityCsvLabel', { title: item.spec.title }) },
        title: t('exportActivityCsvLabel', { title: item.spec.title }),
        onclick: () => download(`csv-${item.id}`, `export.csv?activity=${item.id}`, `kring-${state.code}-${item.id}.csv`),
      }, state.exportBusy === `csv-${item.id}` ? t('exportBusy') : t('exportActivityCsv'))))),
    el('div', { class: 'import' },
      el('label', { for: 'import-file' }, t('importQuiz')),
      el('input', {
        type: 'file', id: 'import-file', testid: 'import-file', accept: '.json,.csv,application/json,text/csv',
        onchange: (ev) => {
          const input = /** @type {HTMLInputElement} */ (ev.target);
          const file = input.files?.[0];
          if (file) importFile(file).finally(() => { input.value = ''; });
        },
      }),
      el('p', { class: 'muted small' }, t('importHint'))));
}

function renderExport() {
  const busy = state.exportBusy;
  const code = state.code;
  /**
   * @param {string} key
   * @param {string} label
   * @param {() => void} onclick
   */
  const button = (key, label, onclick) => el('button', {
    type: 'button', class: 'secondary', testid: `export-${key}`, disabled: busy !== null, onclick,
  }, busy === key ? t('exportBusy') : label);
  replace(sections.export,
    el('h2', null, t('exportHeading')),
    el('p', { class: 'muted small' }, t('exportHint')),
    el('div', { class: 'controls stack' },
      button('json', t('exportJson'), () => download('json', 'export.json', `kring-${code}.json`)),
      button('csv', t('exportCsv'), () => download('csv', 'export.csv', `kring-${code}.csv`)),
      button('report-md', t('reportMd'), () => download('report-md', `report.md?lang=${getLang()}`, `kring-${code}.md`)),
      button('report-html', t('reportHtml'), openReport)));
}

function renderDanger() {
  const code = state.code;
  if (!state.deleteOpen) {
    replace(sections.danger,
      el('h2', null, t('deleteHeading')),
      el('p', { class: 'muted small' }, t('deleteHint')),
      el('button', {
        type: 'button', class: 'secondary danger-outline', testid: 'delete-room',
        onclick: () => {
          state.deleteOpen = true;
          state.deleteTyped = '';
          renderDanger();
          /** @type {HTMLInputElement | null} */ (sections.danger.querySelector('input'))?.focus();
        },
      }, t('deleteRoom')));
    return;
  }
  const matches = () => normaliseCode(state.deleteTyped) === code;
  const submit = el('button', {
    type: 'submit', class: 'danger', testid: 'delete-submit', disabled: state.deleting || !matches(),
  }, t('deleteForGood'));
  replace(sections.danger,
    el('h2', null, t('deleteHeading')),
    el('p', { class: 'muted small' }, t('deleteHint')),
    el('form', {
      testid: 'delete-form',
      onsubmit: (ev) => {
        ev.preventDefault();
        if (matches() && !state.deleting) deleteRoom();
      },
    },
    el('label', { for: 'delete-confirm' }, t('deleteTypeCode', { code })),
    el('input', {
      id: 'delete-confirm', testid: 'delete-confirm', value: state.deleteTyped, autocomplete: 'off',
      autocapitalize: 'characters', maxlength: 12, class: 'code-input',
      oninput: (ev) => {
        state.deleteTyped = /** @type {HTMLInputElement} */ (ev.target).value;
        submit.disabled = state.deleting || !matches();
      },
    }),
    el('div', { class: 'controls' },
      submit,
      el('button', {
        type: 'button', class: 'secondary', testid: 'delete-cancel', disabled: state.deleting,
        onclick: () => { state.deleteOpen = false; state.deleteTyped = ''; renderDanger(); },
      }, t('cancel')))));
}

/** @param {AgendaItem} item */
function editItem(item) {
  const spec = item.spec;
  state.draft = {
    editing: item.id,
    title: spec.title,
    noRanking: spec.noRanking,
    questions: spec.questions.map((q) => ({
      text: q.text,
      options: [...q.options],
      correct: q.options.map((_, i) => q.correct.includes(i)),
      timeLimitSecs: q.timeLimitSecs,
    })),
  };
  state.draftErrors = [];
  renderEditor();
  sections.editor.scrollIntoView({ behavior: 'smooth' });
}

function renderEditor() {
  const d = state.draft;
  replace(sections.editor,
    el('h2', null, d.editing === null ? t('newQuiz') : t('editQuiz')),
    el('label', { for: 'quiz-title' }, t('quizTitle')),
    el('input', {
      id: 'quiz-title', testid: 'quiz-title', value: d.title, maxlength: 120,
      oninput: (ev) => { d.title = /** @type {HTMLInputElement} */ (ev.target).value; },
    }),
    el('label', { class: 'check' },
      el('input', {
        type: 'checkbox', testid: 'quiz-noranking', checked: d.noRanking,
        onchange: (ev) => { d.noRanking = /** @type {HTMLInputElement} */ (ev.target).checked; },
      }), ' ', t('noRanking')),
    el('p', { class: 'muted small' }, t('noRankingHint')),
    d.questions.map((q, qi) => questionEditor(q, qi)),
    el('div', { class: 'controls' },
      el('button', {
        type: 'button', class: 'secondary', testid: 'add-question',
        onclick: () => { d.questions.push(blankQuestion()); renderEditor(); focusLast('.q-edit textarea'); },
      }, t('addQuestion')),
      el('button', {
        type: 'button', class: 'primary', testid: 'save-quiz', disabled: state.saveId !== null,
        onclick: saveDraft,
      }, d.editing === null ? t('saveQuiz') : t('saveChanges')),
      d.editing !== null ? el('button', {
        type: 'button', class: 'secondary',
        onclick: () => { state.draft = blankDraft(); state.draftErrors = []; renderEditor(); },
      }, t('cancel')) : null),
    state.draftErrors.length ? el('ul', { class: 'error', role: 'alert', testid: 'editor-errors' },
      state.draftErrors.map((e) => el('li', null, e()))) : null);
}

/** @param {string} selector */
function focusLast(selector) {
  const all = sections.editor.querySelectorAll(selector);
  const last = /** @type {HTMLElement | undefined} */ (all[all.length - 1]);
  last?.focus();
}

/**
 * @param {DraftQuestion} q
 * @param {number} qi
 */
function questionEditor(q, qi) {
  const d = state.draft;
  const textId = `q-${qi}-text`;
  const timeId = `q-${qi}-time`;
  return el('fieldset', { class: 'q-edit', testid: `question-${qi}` },
    el('legend', null, t('questionN', { n: qi + 1 })),
    el('label', { for: textId }, t('questionText')),
    el('textarea', {
      id: textId, testid: `q-text-${qi}`, maxlength: 300, value: q.text,
      oninput: (ev) => { q.text = /** @type {HTMLTextAreaElement} */ (ev.target).value; },
    }),
    el('div', { class: 'opt-edit-list' }, q.options.map((o, oi) => el('div', { class: `opt-edit opt-edge-${oi}` },
      optionBadge(oi),
      el('input', {
        testid: `q-option-${qi}-${oi}`, value: o, maxlength: 120,
        aria: { label: t('optionN', { n: oi + 1 }) },
        oninput: (ev) => { q.options[oi] = /** @type {HTMLInputElement} */ (ev.target).value; },
      }),
      el('label', { class: 'check small' },
        el('input', {
          type: 'checkbox', testid: `q-correct-${qi}-${oi}`, checked: q.correct[oi] ?? false,
          onchange: (ev) => { q.correct[oi] = /** @type {HTMLInputElement} */ (ev.target).checked; },
        }), ' ', t('correctOption')),
      q.options.length > MIN_OPTIONS ? el('button', {
        type: 'button', class: 'link', aria: { label: t('removeOption') }, title: t('removeOption'),
        onclick: () => { q.options.splice(oi, 1); q.correct.splice(oi, 1); renderEditor(); },
      }, '×') : null))),
    el('div', { class: 'controls' },
      q.options.length < MAX_OPTIONS ? el('button', {
        type: 'button', class: 'secondary small', testid: `q-add-option-${qi}`,
        onclick: () => { q.options.push(''); q.correct.push(false); renderEditor(); },
      }, t('addOption')) : null,
      el('label', { for: timeId, class: 'inline' }, t('timeLimit')),
      el('input', {
        id: timeId, type: 'number', min: 5, max: 600, class: 'num', testid: `q-time-${qi}`, value: String(q.timeLimitSecs),
        oninput: (ev) => { q.timeLimitSecs = Number(/** @type {HTMLInputElement} */ (ev.target).value); },
      }),
      d.questions.length > 1 ? el('button', {
        type: 'button', class: 'secondary small', testid: `q-remove-${qi}`,
        onclick: () => { d.questions.splice(qi, 1); renderEditor(); },
      }, t('removeQuestion')) : null));
}

/**
 * Checks the draft and turns it into a spec; blank options are left out.
 * @returns {{ spec: ActivitySpec | null, errors: (() => string)[] }}
 */
function draftToSpec() {
  const d = state.draft;
  /** @type {(() => string)[]} */
  const errors = [];
  if (!d.title.trim()) errors.push(() => t('errTitle'));
  /** @type {QuestionSpec[]} */
  const questions = d.questions.map((q, qi) => {
    const n = qi + 1;
    /** @type {string[]} */
    const options = [];
    /** @type {number[]} */
    const correct = [];
    q.options.forEach((o, oi) => {
      if (o.trim()) {
        if (q.correct[oi]) correct.push(options.length);
        options.push(o.trim());
      } else if (q.correct[oi]) errors.push(() => t('errCorrectBlank', { n }));
    });
    if (!q.text.trim()) errors.push(() => t('errQuestionText', { n }));
    if (options.length < MIN_OPTIONS) errors.push(() => t('errOptions', { n }));
    if (correct.length === 0) errors.push(() => t('errCorrect', { n }));
    if (!Number.isInteger(q.timeLimitSecs) || q.timeLimitSecs < 5 || q.timeLimitSecs > 600) {
      errors.push(() => t('errTime', { n }));
    }
    return { text: q.text.trim(), options, correct, timeLimitSecs: q.timeLimitSecs };
  });
  if (errors.length) return { spec: null, errors };
  return { spec: { kind: 'quiz', title: d.title.trim(), noRanking: d.noRanking, questions }, errors };
}

function saveDraft() {
  const { spec, errors } = draftToSpec();
  state.draftErrors = errors;
  if (!spec) {
    renderEditor();
    return;
  }
  const editing = state.draft.editing;
  state.saveId = act(editing === null ? { type: 'addActivity', spec } : { type: 'updateActivity', activity: editing, spec });
  renderEditor();
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
  renderNotice();
  return conn.act(a);
}

/**
 * @param {number} activity
 * @param {QuizInput} input
 */
function quizAct(activity, input) {
  act({ type: 'activity', activity, input: { kind: 'quiz', ...input } });
}

async function createRoom() {
  const title = state.createTitle.trim();
  if (!title) {
    state.homeError = () => t('errRoomTitle');
    renderAll();
    return;
  }
  /** @type {CreateRoomRequest} */
  const body = { title };
  try {
    const res = await fetch('/api/rooms', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    if (!res.ok) {
      state.homeError = await apiError(res);
      renderAll();
      return;
    }
    /** @type {CreateRoomResponse} */
    const created = await res.json();
    rememberRoom({ code: created.code, title, hostKey: created.hostKey, createdAt: Date.now() });
    state.homeError = null;
    state.createTitle = '';
    openRoom(created.code, created.hostKey);
  } catch {
    state.homeError = () => t('networkError');
    renderAll();
  }
}

/**
 * The message of a failed API call, translated when shown.
 * @param {Response} res
 * @returns {Promise<() => string>}
 */
async function apiError(res) {
  try {
    /** @type {ApiError} */
    const body = await res.json();
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
  if (state.view !== 'room') return;
  renderExport();
  renderAgenda();
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
  renderDanger();
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
    renderAll();
    checkRooms();
  } catch {
    notify('error', () => `${t('deleteFailed')} ${t('networkError')}`);
  } finally {
    state.deleting = false;
    if (state.view === 'room') renderDanger();
  }
}

/** Back to the home view ("My rooms"); the room's state is dropped. */
function leaveRoom() {
  state.view = 'home';
  state.code = '';
  state.hostKey = '';
  state.room = null;
  state.agenda = [];
  state.participants = [];
  state.current = null;
  state.countdown = null;
  state.progress = null;
  state.asked = new Map();
  state.deleteOpen = false;
  state.deleteTyped = '';
  state.confirmRemove = null;
  history.replaceState(null, '', '/host');
}

/** @param {File} file */
async function importFile(file) {
  const isCsv = /\.csv$/i.test(file.name) || file.type === 'text/csv';
  const text = await file.text();
  const base = `/api/rooms/${encodeURIComponent(state.code)}/activities`;
  /** @type {RequestInit} */
  let init;
  let url = base;
  if (isCsv) {
    const title = file.name.replace(/\.csv$/i, '');
    url = `${base}?title=${encodeURIComponent(title)}`;
    init = { method: 'POST', headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${state.hostKey}` }, body: text };
  } else {
    /** @type {unknown} */
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      notify('error', () => t('importNotJson'));
      return;
    }
    if (parsed && typeof parsed === 'object' && !('kind' in parsed)) parsed = { kind: 'quiz', ...parsed };
    init = {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${state.hostKey}` },
      body: JSON.stringify(parsed),
    };
  }
  try {
    const res = await fetch(url, init);
    if (!res.ok) {
      const reason = await apiError(res);
      notify('error', () => `${t('importFailed')} ${reason()}`);
      return;
    }
    notify('ok', () => t('imported', { name: file.name }));
  } catch {
    notify('error', () => t('networkError'));
  }
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
    opening: () => ({ type: 'host', room: code, hostKey }),
    onMessage,
    onStatus,
    onAck: (id) => {
      if (id === state.saveId) {
        state.saveId = null;
        const key = state.draft.editing === null ? 'quizSaved' : 'changesSaved';
        notify('ok', () => t(key));
        state.draft = blankDraft();
        state.draftErrors = [];
        renderEditor();
      }
    },
    onError: (ref, code, message) => {
      // Before the welcome, or the room was deleted (a 4004 close follows): onStatus handles it.
      if (ref === null && (!conn?.welcomed || code === 'roomNotFound')) return;
      if (ref !== null && ref === state.saveId) {
        state.saveId = null;
        state.draftErrors = [() => (code === 'invalidSpec' ? `${errorText(code)} ${message}` : errorText(code))];
        renderEditor();
        return;
      }
      notify('error', () => (code === 'invalidSpec' ? `${errorText(code)} ${message}` : errorText(code)));
    },
  });
  conn.start();
  renderAll();
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
    renderAll();
    checkRooms();
    return;
  }
  renderBanner();
  if (status === 'open') renderAll();
}

/**
 * @param {ServerMsg} msg
 * @param {number} receivedAt
 */
function onMessage(msg, receivedAt) {
  switch (msg.type) {
    case 'welcome': {
      state.room = msg.room;
      state.agenda = msg.agenda ?? [];
      state.participants = msg.participants ?? [];
      state.count = msg.room.participantCount;
      state.online = msg.room.onlineCount;
      setCurrent(msg.room.current, msg.serverNow, receivedAt);
      const known = state.rooms.find((r) => r.code === state.code);
      rememberRoom({
        code: state.code, title: msg.room.title, hostKey: state.hostKey, createdAt: known?.createdAt ?? Date.now(),
      });
      renderAll();
      break;
    }
    case 'activity':
      setCurrent(msg.current, msg.serverNow, receivedAt);
      if (state.room) state.room.current = msg.current;
      renderRun();
      break;
    case 'agenda':
      state.agenda = msg.items;
      renderAgenda();
      renderRun();
      break;
    case 'participants':
      state.count = msg.count;
      state.online = msg.online;
      if (msg.list) state.participants = msg.list;
      renderParticipants();
      if (!state.progress) renderRun();
      break;
    case 'progress':
      state.progress = { activity: msg.activity, responded: msg.responded, of: msg.of };
      updateProgress();
      break;
    default:
      break;
  }
}

/** Updates "answered n/N" in place (progress arrives often). */
function updateProgress() {
  const node = sections.run.querySelector('[data-testid="host-progress"]');
  const quiz = state.current;
  if (!node || !quiz || !state.progress) return;
  const phase = quiz.phase;
  const responded = phase.phase === 'reveal' ? phase.answered : state.progress.responded;
  node.textContent = `${responded}/${state.progress.of}`;
}

/**
 * @param {ActivityView | null} current
 * @param {number} serverNow
 * @param {number} receivedAt
 */
function setCurrent(current, serverNow, receivedAt) {
  state.current = current;
  const phase = current?.phase;
  state.countdown = phase && phase.phase === 'question' ? new Countdown(phase.deadline, serverNow, receivedAt) : null;
  if (current && phase && phase.phase === 'question') {
    const set = state.asked.get(current.id) ?? new Set();
    set.add(phase.index);
    state.asked.set(current.id, set);
  }
}

function tick() {
  const node = sections.run.querySelector('[data-testid="countdown"]');
  if (node && state.countdown) node.textContent = ` · ${state.countdown.seconds()} s`;
}

setInterval(tick, 250);
onLangChange(renderAll);
// Pasting a host link (`#key=…`) into this tab changes only the fragment: open it properly.
window.addEventListener('hashchange', () => {
  if (new URLSearchParams(location.hash.slice(1)).has('key')) location.reload();
});

// Start: `/host?room=CODE#key=HOSTKEY` opens a room (and remembers it); `/host?room=CODE`
// opens a remembered room; `/host` lists them.
{
  const code = roomFromUrl();
  const key = new URLSearchParams(location.hash.slice(1)).get('key');
  if (code && isRoomCode(code)) {
    const known = state.rooms.find((r) => r.code === code);
    if (key) {
      rememberRoom({ code, title: known?.title ?? '', hostKey: key, createdAt: known?.createdAt ?? Date.now() });
      openRoom(code, key);
    } else if (known) openRoom(code, known.hostKey);
    else {
      state.homeError = () => t('noKeyFor', { code });
      renderAll();
      checkRooms();
    }
  } else {
    renderAll();
    checkRooms();
  }
}
