// The console's participant panel: who is in the room at any size, and the facilitator's door.
//
// - The list is one page (newest first) that the room sends for this console's query and keeps
//   up to date (`listParticipants` → `participantPage`): search by nickname, filters ("new",
//   "joined in the last minute", "never did anything"), paging. The room never sends every name
//   on every change, so a hall of 20,000 works like a class of 30.
// - A new name is highlighted until the projector shows it (after a few seconds, or once
//   approved when "approve names first" is on): rename or remove it with one tap before the
//   class sees it. Removing someone the class already sees asks first.
// - The door: lock the room to new joins, an expected number of students (more are refused until
//   the facilitator raises it), approval of names, and how many were refused.
// - Bulk removal of everyone the current search or filter shows (up to the newest the console
//   has seen), after a confirmation that says how many.
//
// host.js calls `participantsPanel()` in its side column, `onParticipantsMessage()` for messages
// and `startParticipants()` after each welcome.

import { strings } from './i18n.js';
import { v, fragment } from './view.js';
import { MAX_EXPECTED_SIZE, MAX_NICKNAME_CHARS } from '../gen/limits.js';

/** @typedef {import('../gen/ParticipantInfo').ParticipantInfo} ParticipantInfo */
/** @typedef {import('../gen/ParticipantQuery').ParticipantQuery} ParticipantQuery */
/** @typedef {import('../gen/ParticipantFilter').ParticipantFilter} ParticipantFilter */
/** @typedef {import('../gen/Admission').Admission} Admission */
/** @typedef {import('../gen/ServerMsg').ServerMsg} ServerMsg */
/** @typedef {import('../gen/ClientMsg').ClientMsg} ClientMsg */
/** @typedef {import('../gen/Act').Act} Act */
/** @typedef {import('../gen/ErrorCode').ErrorCode} ErrorCode */

/**
 * What the panel needs from the console.
 * @typedef {object} PanelCtx
 * @property {(a: Act) => string | null} act  sends an action, returns its id
 * @property {(msg: ClientMsg) => void} send  sends a request that needs no acknowledgement
 * @property {(id: string) => ({ acked: true } | { error: ErrorCode, message: string }) | undefined} outcome
 * @property {(code: ErrorCode) => string} errorText
 * @property {() => void} rerender
 */

/** Rows per page. */
const PAGE = 25;
/** How long the search waits for more typing before it asks the room. */
const SEARCH_DELAY_MS = 250;
/** "Joined in the last minute". */
const RECENT_SECS = 60;

export const pt = strings({
  en: {
    heading: 'Participants',
    online: '{n} online',
    nobody: 'Nobody has joined yet.',
    nobodyMatches: 'Nobody matches.',
    search: 'Search by name',
    filterAll: 'All',
    filterNew: 'New',
    filterRecent: 'Last minute',
    filterIdle: 'Did nothing yet',
    shown: '{from}–{to} of {total}',
    previous: 'Newer',
    next: 'Older',
    newName: 'new',
    showsIn: 'on the projector in {n} s',
    waiting: 'waits for you',
    approve: 'Approve',
    approveAll: 'Approve all shown',
    rename: 'Rename',
    renameLabel: 'New name for {name}',
    save: 'Save',
    cancel: 'Cancel',
    remove: 'Remove',
    confirmRemove: 'Really remove?',
    bulkRemove: 'Remove these {n}…',
    bulkConfirm: 'Remove {n} students from the room? Their phones are sent back to the start. This cannot be undone.',
    bulkYes: 'Yes, remove {n}',
    door: 'Joining',
    open: 'Open: new students can join.',
    locked: 'Locked: nobody new can join. Students already in can come back.',
    lock: 'Lock room',
    unlock: 'Unlock room',
    expected: 'Expected students',
    expectedHint: 'More are refused until you raise it.',
    expectedNone: 'no limit',
    setExpected: 'Set',
    clearExpected: 'No limit',
    expectedOf: '{n} of {size} expected are in.',
    approveNames: 'Approve names before the projector shows them',
    approveHint: 'Otherwise a new name shows after {n} seconds.',
    refused: '{n} could not join (locked or full).',
    refusedOne: '1 could not join (locked or full).',
  },
  nl: {
    heading: 'Deelnemers',
    online: '{n} online',
    nobody: 'Er doet nog niemand mee.',
    nobodyMatches: 'Niemand gevonden.',
    search: 'Zoek op naam',
    filterAll: 'Iedereen',
    filterNew: 'Nieuw',
    filterRecent: 'Laatste minuut',
    filterIdle: 'Nog niets gedaan',
    shown: '{from}–{to} van {total}',
    previous: 'Nieuwer',
    next: 'Ouder',
    newName: 'nieuw',
    showsIn: 'over {n} s op het scherm',
    waiting: 'wacht op jou',
    approve: 'Goedkeuren',
    approveAll: 'Alle getoonde goedkeuren',
    rename: 'Hernoemen',
    renameLabel: 'Nieuwe naam voor {name}',
    save: 'Opslaan',
    cancel: 'Annuleren',
    remove: 'Verwijderen',
    confirmRemove: 'Echt verwijderen?',
    bulkRemove: 'Deze {n} verwijderen…',
    bulkConfirm: '{n} studenten uit de kamer verwijderen? Hun telefoons gaan terug naar het begin. Dit kan niet ongedaan worden.',
    bulkYes: 'Ja, verwijder {n}',
    door: 'Meedoen',
    open: 'Open: nieuwe studenten kunnen meedoen.',
    locked: 'Op slot: er kan niemand nieuw bij. Wie al meedoet, kan terugkomen.',
    lock: 'Kamer op slot',
    unlock: 'Kamer openen',
    expected: 'Verwacht aantal studenten',
    expectedHint: 'Meer worden geweigerd tot je het verhoogt.',
    expectedNone: 'geen grens',
    setExpected: 'Instellen',
    clearExpected: 'Geen grens',
    expectedOf: '{n} van de {size} verwachte studenten zijn binnen.',
    approveNames: 'Namen eerst goedkeuren voordat het scherm ze toont',
    approveHint: 'Anders verschijnt een nieuwe naam na {n} seconden.',
    refused: '{n} konden niet meedoen (op slot of vol).',
    refusedOne: '1 kon niet meedoen (op slot of vol).',
  },
});

/** @typedef {'all' | 'new' | 'recent' | 'idle'} FilterKind */

const panel = {
  /** @type {FilterKind} */
  kind: /** @type {FilterKind} */ ('all'),
  search: '',
  offset: 0,
  /** @type {{ total: number, items: ParticipantInfo[], newest: number | null, clockOffset: number } | null} */
  page: null,
  /** @type {Admission} */
  admission: { locked: false, expectedSize: null, approveNames: false, refused: 0 },
  /** @type {number | null} the row being renamed */
  renaming: null,
  renameText: '',
  /** @type {string | null} id of the rename on its way */
  renameId: null,
  /** @type {number | null} the row whose removal waits for a second tap */
  confirmRemove: null,
  /** The bulk removal's confirmation is showing. */
  bulkConfirm: false,
  expectedText: '',
  /** @type {ReturnType<typeof setTimeout> | null} */
  searchTimer: null,
  /** @type {ReturnType<typeof setTimeout> | null} */
  freshTimer: null,
  /** @type {PanelCtx | null} */
  ctx: null,
};

/** @returns {ParticipantFilter} */
function filter() {
  return {
    search: panel.search.trim(),
    joinedWithinSecs: panel.kind === 'recent' ? RECENT_SECS : null,
    neverActed: panel.kind === 'idle',
    waiting: panel.kind === 'new',
  };
}

/** @returns {ParticipantQuery} */
function query() {
  return { filter: filter(), offset: panel.offset, limit: PAGE };
}

/** Asks the room for the page the panel shows now. */
function ask() {
  panel.ctx?.send({ type: 'listParticipants', query: query() });
}

/**
 * After every welcome of the console: the room forgets a console's page when its socket goes.
 * @param {PanelCtx} ctx
 * @param {Admission} admission
 */
export function startParticipants(ctx, admission) {
  panel.ctx = ctx;
  panel.admission = admission;
  ask();
}

/** Forgets everything (the console left the room). */
export function resetParticipants() {
  Object.assign(panel, {
    kind: 'all', search: '', offset: 0, page: null, renaming: null, renameId: null,
    confirmRemove: null, bulkConfirm: false, expectedText: '', ctx: null,
    admission: { locked: false, expectedSize: null, approveNames: false, refused: 0 },
  });
}

/**
 * Takes the panel's messages; returns whether it did.
 * @param {ServerMsg} msg
 */
export function onParticipantsMessage(msg) {
  if (msg.type === 'participantPage') {
    const wanted = JSON.stringify(query());
    if (JSON.stringify(msg.query) !== wanted) return true; // an answer to an older query
    panel.page = {
      total: msg.total, items: msg.items, newest: msg.newest, clockOffset: msg.serverNow - Date.now(),
    };
    return true;
  }
  if (msg.type === 'admission') {
    panel.admission = msg.admission;
    return true;
  }
  return false;
}

/** The server's clock now, as the last page told it. */
function serverNow() {
  return Date.now() + (panel.page?.clockOffset ?? 0);
}

/**
 * Seconds until the projector shows this name; 0 when it does; -1 while it waits for approval.
 * @param {ParticipantInfo} p
 */
function secondsToShow(p) {
  if (p.showAt === null) return -1;
  return Math.max(0, Math.ceil((p.showAt - serverNow()) / 1000));
}

/** Re-renders each second while some row counts down to the projector. */
function scheduleFresh() {
  if (panel.freshTimer) return;
  const counting = panel.page?.items.some((p) => secondsToShow(p) > 0);
  if (!counting) return;
  panel.freshTimer = setTimeout(() => {
    panel.freshTimer = null;
    panel.ctx?.rerender();
  }, 1000);
}

/** @param {() => void} change */
function changeQuery(change) {
  change();
  panel.offset = 0;
  panel.bulkConfirm = false;
  ask();
  panel.ctx?.rerender();
}

/**
 * @param {Act} a
 * @returns {string | null}
 */
function act(a) {
  return panel.ctx ? panel.ctx.act(a) : null;
}

/**
 * The panel.
 * @param {{ count: number, online: number, runs: boolean }} room  `runs` false on a co-facilitator's console:
 *   no door settings and no removal (rename and approve are moderation)
 */
export function participantsPanel(room) {
  scheduleFresh();
  // A rename that came back refused stays open with the reason; an accepted one closes.
  const outcome = panel.renameId ? panel.ctx?.outcome(panel.renameId) : undefined;
  if (outcome && 'acked' in outcome) {
    panel.renaming = null;
    panel.renameId = null;
  }
  const renameError = outcome && 'error' in outcome ? panel.ctx?.errorText(outcome.error) ?? null : null;
  const page = panel.page;
  return fragment(
    v('h2', null, pt('heading'), ' ',
      v('span', { class: 'count' }, String(room.count))),
    v('p', { class: 'muted small', testid: 'online-count' }, pt('online', { n: room.online })),
    room.runs ? doorView(room.count) : null,
    v('div', { class: 'people-tools' },
      v('input', {
        type: 'search', class: 'people-search', testid: 'participant-search', value: panel.search,
        placeholder: pt('search'), aria: { label: pt('search') }, maxlength: MAX_NICKNAME_CHARS,
        oninput: (ev) => {
          panel.search = /** @type {HTMLInputElement} */ (ev.target).value;
          if (panel.searchTimer) clearTimeout(panel.searchTimer);
          panel.searchTimer = setTimeout(() => changeQuery(() => {}), SEARCH_DELAY_MS);
        },
      }),
      v('div', { class: 'chips', role: 'group', aria: { label: pt('heading') } },
        /** @type {[FilterKind, string][]} */ ([
          ['all', pt('filterAll')], ['new', pt('filterNew')], ['recent', pt('filterRecent')], ['idle', pt('filterIdle')],
        ]).map(([kind, label]) => v('button', {
          type: 'button', key: kind, class: `chip${panel.kind === kind ? ' on' : ''}`, testid: `participant-filter-${kind}`,
          aria: { pressed: String(panel.kind === kind) },
          onclick: () => changeQuery(() => { panel.kind = kind; }),
        }, label)))),
    !page ? null : page.total === 0
      ? v('p', { class: 'muted', testid: 'participant-empty' }, room.count === 0 ? pt('nobody') : pt('nobodyMatches'))
      : fragment(
        v('ul', { class: 'people', testid: 'participant-list' }, page.items.map((p) => row(p, renameError, room.runs))),
        pager(page.total),
        bulkView(page, room.runs)));
}

/** @param {number} count */
function doorView(count) {
  const a = panel.admission;
  return v('div', { class: `door${a.locked ? ' is-locked' : ''}`, testid: 'door' },
    v('h3', null, pt('door'), a.locked ? v('span', { class: 'badge bad', testid: 'locked-badge' }, '🔒') : null),
    v('div', { class: 'door-body' },
      v('div', { class: 'door-line' },
        v('button', {
          type: 'button', class: a.locked ? 'primary small' : 'secondary small', testid: 'lock-room',
          onclick: () => { act({ type: 'lockRoom', locked: !a.locked }); },
        }, a.locked ? pt('unlock') : pt('lock')),
        v('span', { class: 'small', testid: 'door-state' }, a.locked ? pt('locked') : pt('open'))),
      v('form', {
        class: 'controls', testid: 'expected-form',
        onsubmit: (ev) => {
          ev.preventDefault();
          const n = Number.parseInt(panel.expectedText, 10);
          if (Number.isFinite(n) && n > 0) act({ type: 'setExpectedSize', size: n });
          panel.expectedText = '';
        },
      },
      v('label', { for: 'expected-size', class: 'small', title: pt('expectedHint') }, pt('expected')),
      v('input', {
        id: 'expected-size', type: 'number', min: 1, max: MAX_EXPECTED_SIZE, class: 'expected-input', testid: 'expected-size',
        value: panel.expectedText, placeholder: a.expectedSize === null ? pt('expectedNone') : String(a.expectedSize),
        oninput: (ev) => { panel.expectedText = /** @type {HTMLInputElement} */ (ev.target).value; },
      }),
      v('button', { type: 'submit', class: 'secondary small', testid: 'set-expected' }, pt('setExpected')),
      a.expectedSize === null ? null : v('button', {
        type: 'button', class: 'link small', testid: 'clear-expected',
        onclick: () => { act({ type: 'setExpectedSize', size: null }); },
      }, pt('clearExpected'))),
      a.expectedSize === null ? null
        : v('p', { class: 'small', testid: 'expected-state' }, pt('expectedOf', { n: count, size: a.expectedSize })),
      v('label', { class: 'check small', title: a.approveNames ? undefined : pt('approveHint', { n: 5 }) }, v('input', {
        type: 'checkbox', testid: 'approve-names', checked: a.approveNames,
        onchange: (ev) => { act({ type: 'setApproveNames', on: /** @type {HTMLInputElement} */ (ev.target).checked }); },
      }), ' ', pt('approveNames')),
      a.refused > 0
        ? v('p', { class: 'warn small', testid: 'refused-count', role: 'status' },
          a.refused === 1 ? pt('refusedOne') : pt('refused', { n: a.refused }))
        : null));
}

/**
 * @param {ParticipantInfo} p
 * @param {string | null} renameError
 * @param {boolean} removable  false on a co-facilitator's console
 */
function row(p, renameError, removable) {
  const seconds = secondsToShow(p);
  const fresh = seconds !== 0;
  const renaming = panel.renaming === p.id;
  const confirming = panel.confirmRemove === p.id;
  return v('li', {
    key: p.id, class: `row${p.online ? '' : ' offline'}${fresh ? ' fresh' : ''}`, testid: 'participant',
    data: { id: String(p.id), fresh: String(fresh) },
  },
  v('span', { class: `dot${p.online ? ' on' : ''}`, aria: { hidden: 'true' } }),
  renaming
    ? v('form', {
      class: 'rename grow', testid: 'rename-form',
      onsubmit: (ev) => {
        ev.preventDefault();
        panel.renameId = act({ type: 'renameParticipant', participant: p.id, nickname: panel.renameText });
        panel.ctx?.rerender();
      },
    },
    v('input', {
      value: panel.renameText, maxlength: MAX_NICKNAME_CHARS, testid: 'rename-input', aria: { label: pt('renameLabel', { name: p.nickname }) },
      ref: (input) => { if (input && document.activeElement?.tagName !== 'INPUT') /** @type {HTMLInputElement} */ (input).select(); },
      oninput: (ev) => { panel.renameText = /** @type {HTMLInputElement} */ (ev.target).value; panel.renameId = null; },
    }),
    v('button', { type: 'submit', class: 'primary small', testid: 'rename-save' }, pt('save')),
    v('button', {
      type: 'button', class: 'link small', testid: 'rename-cancel',
      onclick: () => { panel.renaming = null; panel.renameId = null; panel.ctx?.rerender(); },
    }, pt('cancel')),
    renameError ? v('p', { class: 'error small', role: 'alert', testid: 'rename-error' }, renameError) : null)
    : v('span', { class: 'grow nick', testid: 'participant-nickname' }, p.nickname),
  fresh && !renaming ? v('span', { class: 'badge fresh-badge', testid: 'fresh-badge' },
    seconds < 0 ? pt('waiting') : `${pt('newName')} · ${pt('showsIn', { n: seconds })}`) : null,
  renaming ? null : v('span', { class: 'row-actions' },
    seconds < 0 ? v('button', {
      type: 'button', class: 'primary small', testid: 'approve-participant',
      onclick: () => { act({ type: 'approveNames', participants: [p.id] }); },
    }, pt('approve')) : null,
    v('button', {
      type: 'button', class: 'secondary small', testid: 'rename-participant',
      onclick: () => {
        panel.renaming = p.id;
        panel.renameText = p.nickname;
        panel.renameId = null;
        panel.confirmRemove = null;
        panel.ctx?.rerender();
      },
    }, pt('rename')),
    !removable ? null : v('button', {
      type: 'button', class: confirming ? 'danger small' : 'secondary small', testid: 'remove-participant',
      onclick: () => {
        // A name the class has not seen goes with one tap; someone already in asks first.
        if (fresh || confirming) {
          panel.confirmRemove = null;
          act({ type: 'removeParticipant', participant: p.id });
        } else panel.confirmRemove = p.id;
        panel.ctx?.rerender();
      },
    }, confirming ? pt('confirmRemove') : pt('remove'))));
}

/** @param {number} total */
function pager(total) {
  if (total <= PAGE) return null;
  const from = panel.offset + 1;
  const to = Math.min(total, panel.offset + PAGE);
  const move = (/** @type {number} */ by) => {
    panel.offset = Math.max(0, panel.offset + by);
    ask();
    panel.ctx?.rerender();
  };
  return v('div', { class: 'controls pager' },
    v('button', {
      type: 'button', class: 'secondary small', testid: 'page-newer', disabled: panel.offset === 0,
      onclick: () => move(-PAGE),
    }, `‹ ${pt('previous')}`),
    v('span', { class: 'small', testid: 'page-range' }, pt('shown', { from, to, total: total.toLocaleString() })),
    v('button', {
      type: 'button', class: 'secondary small', testid: 'page-older', disabled: to >= total,
      onclick: () => move(PAGE),
    }, `${pt('next')} ›`));
}

/**
 * @param {{ total: number, items: ParticipantInfo[], newest: number | null }} page
 * @param {boolean} removable  false on a co-facilitator's console
 */
function bulkView(page, removable) {
  const narrowed = panel.kind !== 'all' || panel.search.trim() !== '';
  const waiting = page.items.filter((p) => p.showAt === null).map((p) => p.id);
  return v('div', { class: 'controls stack bulk' },
    waiting.length > 1 ? v('button', {
      type: 'button', class: 'secondary small', testid: 'approve-all',
      onclick: () => { act({ type: 'approveNames', participants: waiting }); },
    }, pt('approveAll')) : null,
    !removable || !narrowed || page.newest === null ? null : panel.bulkConfirm
      ? v('div', { class: 'confirm-box', role: 'alertdialog', testid: 'bulk-confirm' },
        v('p', null, pt('bulkConfirm', { n: page.total })),
        v('div', { class: 'controls' },
          v('button', {
            type: 'button', class: 'danger small', testid: 'bulk-yes',
            onclick: () => {
              act({ type: 'removeParticipants', filter: filter(), upTo: /** @type {number} */ (page.newest) });
              panel.bulkConfirm = false;
              panel.ctx?.rerender();
            },
          }, pt('bulkYes', { n: page.total })),
          v('button', {
            type: 'button', class: 'secondary small', testid: 'bulk-no',
            onclick: () => { panel.bulkConfirm = false; panel.ctx?.rerender(); },
          }, pt('cancel'))))
      : v('button', {
        type: 'button', class: 'secondary small danger-outline', testid: 'bulk-remove',
        onclick: () => { panel.bulkConfirm = true; panel.ctx?.rerender(); },
      }, pt('bulkRemove', { n: page.total })));
}
