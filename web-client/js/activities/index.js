// The one table of activity kinds. Each kind (the protocol's `kind` tag) has a page module per
// screen: `phone.js`, `screen.js` (projector) and `host.js` (console) in its own folder, and
// its own CSS in `css/kinds/<kind>.css` (its rules under its root class `kind-<kind>`). The
// page shells (connection, header, banner, lobby, agenda) never name a kind: they look the
// current activity's kind up here and hand its module a context (below). Modules and CSS are
// loaded when a page starts (each page only its own screen's modules), so a phone never
// downloads the host's editors.

import { Countdown } from '../dom.js';

/** @typedef {import('../view.js').VNode} VNode */
/** @typedef {import('../../gen/ActivityView').ActivityView} ActivityView */
/** @typedef {import('../../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../../gen/ActivityInput').ActivityInput} ActivityInput */
/** @typedef {import('../../gen/ActivityChange').ActivityChange} ActivityChange */
/** @typedef {import('../../gen/ActivityHostView').ActivityHostView} ActivityHostView */
/** @typedef {import('../../gen/Personal').Personal} Personal */
/** @typedef {import('../../gen/Me').Me} Me */
/** @typedef {import('../../gen/RoomView').RoomView} RoomView */
/** @typedef {import('../../gen/TeamsView').TeamsView} TeamsView */
/** @typedef {import('../../gen/ParticipantInfo').ParticipantInfo} ParticipantInfo */
/** @typedef {import('../../gen/AgendaItem').AgendaItem} AgendaItem */
/** @typedef {import('../../gen/ErrorCode').ErrorCode} ErrorCode */

/** @typedef {import('../conn.js').PendingAct} PendingAct */

/**
 * An activity kind: the protocol's `kind` tag.
 * @typedef {ActivityView['kind']} Kind
 */

/**
 * What screens show of an activity of kind `K`.
 * @template {Kind} K
 * @typedef {Extract<ActivityView, { kind: K }>} ViewOf
 */

/**
 * What became of an action, as far as the page knows: `undefined` while it waits.
 * @typedef {{ acked: true } | { error: ErrorCode, message: string }} Outcome
 */

/**
 * The copies of the current activity that small changes (`changes` messages) update in place.
 * @typedef {object} Store
 * @property {ActivityView | null} view      what everyone sees
 * @property {Personal | null} personal      this phone's own state (phones only)
 * @property {ActivityHostView | null} host  what only the host sees (host only)
 */

/**
 * What a phone module of kind `K` gets.
 * @template {Kind} [K=Kind]
 * @typedef {object} PhoneCtx
 * @property {ViewOf<K>} view
 * @property {Personal | null} personal
 * @property {Me} me
 * @property {RoomView} room
 * @property {TeamsView} teams
 * @property {Countdown | null} countdown   for a phase with a `deadline`
 * @property {(input: ActivityInput) => string | null} send  sends an input to this activity; its action id
 * @property {(id: string | null) => Outcome | undefined} outcome
 * @property {() => PendingAct[]} pending    actions not acknowledged yet (also after a reload)
 * @property {() => void} refresh   asks the server for a fresh snapshot (a hall's phones, say)
 * @property {() => void} rerender
 */

/**
 * What a projector module of kind `K` gets.
 * @template {Kind} [K=Kind]
 * @typedef {object} ScreenCtx
 * @property {ViewOf<K>} view
 * @property {RoomView} room
 * @property {TeamsView} teams
 * @property {Countdown | null} countdown
 * @property {{ responded: number, of: number } | null} progress  "n of N" for this activity
 * @property {number} online
 * @property {((input: ActivityInput) => void) | null} [moderate]  in presenter mode: asks the console to send a moderation input (it sends what the kind's `fromPresenter` allows)
 */

/**
 * What a host module of kind `K` gets to run the current activity.
 * @template {Kind} [K=Kind]
 * @typedef {object} HostCtx
 * @property {ViewOf<K>} view
 * @property {ActivityHostView | null} host
 * @property {ActivitySpec | null} spec    the full spec (with correct answers)
 * @property {TeamsView} teams
 * @property {Countdown | null} countdown
 * @property {{ responded: number, of: number } | null} progress
 * @property {number} online
 * @property {boolean} runs   false on a co-facilitator's console (moderation only): leave out what runs the session
 * @property {(input: ActivityInput) => string | null} send
 * @property {() => void} rerender
 */

/**
 * What a host module's editor gets.
 * @typedef {object} EditorCtx
 * @property {number} session                 changes whenever a fresh editor opens (start a new draft)
 * @property {number | null} editing           the activity being changed, or null for a new one
 * @property {ActivitySpec | null} spec        its spec when editing
 * @property {TeamsView} teams                 the room's teams (options per team, say)
 * @property {AgendaItem[]} agenda             the room's agenda (past activities whose results an editor may take)
 * @property {import('../../gen/SessionInfo').SessionInfo[]} sessions  the room's sessions, in order (a card-sort's default columns)
 * @property {(activity: number) => Promise<unknown>} results  one activity's entry of the JSON export, fetched with the host key; rejects with a message to show
 * @property {(spec: ActivitySpec) => void} save
 * @property {() => void} cancel
 * @property {boolean} saving                 a save waits for its acknowledgement
 * @property {(() => string)[]} errors         the server's or the editor's complaints
 * @property {() => void} rerender
 */

/**
 * How a host module's import sends a file to the room's `activities` API.
 * @typedef {object} ImportCtx
 * @property {(query: string, contentType: string, body: string) => Promise<void>} post
 * @property {(text: () => string) => void} fail
 */

/**
 * What a kind's module gets to draw its activity beside the current one (a timer over a
 * brainstorm): the projector's corner, the phone's small bar, the console's compact controls.
 * @typedef {object} BesideCtx
 * @property {ActivityView} view
 * @property {Countdown | null} countdown
 * @property {(input: ActivityInput) => string | null} send  sends an input to it (console only)
 * @property {boolean} runs    false on a co-facilitator's console, and on phones and projector
 * @property {(() => void) | null} remove  stops running it beside (the facilitator's console only)
 */

/**
 * A kind's phone module.
 * @template {Kind} [K=Kind]
 * @typedef {object} PhoneModule
 * @property {(ctx: PhoneCtx<K>) => VNode} render
 * @property {(ctx: PhoneCtx<K>) => number | null} [headerScore]  a score for the phone's header
 * @property {(store: Store, change: ActivityChange) => void} [applyChange]
 * @property {(ctx: BesideCtx) => VNode} [beside]  drawn small while it runs beside the current activity
 */

/**
 * A kind's projector module.
 * @template {Kind} [K=Kind]
 * @typedef {object} ScreenModule
 * @property {(ctx: ScreenCtx<K>) => VNode} render
 * @property {boolean} [showsLobby]  renders its not-yet-started phase too (else the join screen shows)
 * @property {() => string} [comingUp]  one line of what students will do, shown big before it starts
 * @property {(store: Store, change: ActivityChange) => void} [applyChange]
 * @property {(ctx: BesideCtx) => VNode} [beside]  drawn in a corner while it runs beside the current activity
 */

/**
 * A kind's host (console) module.
 * @template {Kind} [K=Kind]
 * @typedef {object} HostModule
 * @property {() => string} label                     the kind's name, translated
 * @property {(spec: ActivitySpec) => string} summary  one line for the agenda
 * @property {(ctx: HostCtx<K>) => VNode} render      the run panel
 * @property {(view: ViewOf<K>) => string} phase      a short phase label
 * @property {(ctx: EditorCtx) => VNode} editor
 * @property {(store: Store, change: ActivityChange) => void} [applyChange]
 * @property {(ctx: HostCtx<K>) => import('../present.js').Steps} [steps]  the presenter's next and previous step from here (null: none; when `next` is null the presenter goes on to the next activity)
 * @property {(ctx: BesideCtx) => VNode} [beside]          its compact controls while it runs beside the current activity
 * @property {boolean} [runsBeside]                       it can run beside the current activity (the agenda offers it)
 * @property {boolean} [lateInput]                        late input makes sense (the agenda offers to leave it open for the empty chair)
 * @property {(input: ActivityInput) => boolean} [fromPresenter]  whether the presenter window may ask for this input (a tap on the projected picture; moderation only)
 * @property {() => string} [importLabel]                  offers importing a file of this kind
 * @property {() => string} [importHint]
 * @property {(file: File, ctx: ImportCtx) => Promise<void>} [importFile]
 */

/**
 * Where a kind's page modules are, one per screen.
 * @template {Kind} K
 * @typedef {object} KindEntry
 * @property {() => Promise<PhoneModule<K>>} phone
 * @property {() => Promise<ScreenModule<K>>} screen
 * @property {() => Promise<HostModule<K>>} host
 * @property {boolean} css  it has its own CSS, `css/kinds/<kind>.css` (the quiz's rules are the pages' base, in kring.css)
 */

/**
 * Every kind's entry: a kind missing here (or a module that does not fit its kind) fails tsc.
 * @type {{ [K in Kind]: KindEntry<K> }}
 */
export const KINDS = {
  quiz: {
    phone: () => import('./quiz/phone.js'),
    screen: () => import('./quiz/screen.js'),
    host: () => import('./quiz/host.js'),
    css: false,
  },
  teamNames: {
    phone: () => import('./teamNames/phone.js'),
    screen: () => import('./teamNames/screen.js'),
    host: () => import('./teamNames/host.js'),
    css: true,
  },
  brainstorm: {
    phone: () => import('./brainstorm/phone.js'),
    screen: () => import('./brainstorm/screen.js'),
    host: () => import('./brainstorm/host.js'),
    css: true,
  },
  dotVote: {
    phone: () => import('./dotVote/phone.js'),
    screen: () => import('./dotVote/screen.js'),
    host: () => import('./dotVote/host.js'),
    css: true,
  },
  statementScale: {
    phone: () => import('./statementScale/phone.js'),
    screen: () => import('./statementScale/screen.js'),
    host: () => import('./statementScale/host.js'),
    css: true,
  },
  pitches: {
    phone: () => import('./pitches/phone.js'),
    screen: () => import('./pitches/screen.js'),
    host: () => import('./pitches/host.js'),
    css: true,
  },
  checkIn: {
    phone: () => import('./checkIn/phone.js'),
    screen: () => import('./checkIn/screen.js'),
    host: () => import('./checkIn/host.js'),
    css: true,
  },
  openQuestion: {
    phone: () => import('./openQuestion/phone.js'),
    screen: () => import('./openQuestion/screen.js'),
    host: () => import('./openQuestion/host.js'),
    css: true,
  },
  cardSort: {
    phone: () => import('./cardSort/phone.js'),
    screen: () => import('./cardSort/screen.js'),
    host: () => import('./cardSort/host.js'),
    css: true,
  },
  timer: {
    phone: () => import('./timer/phone.js'),
    screen: () => import('./timer/screen.js'),
    host: () => import('./timer/host.js'),
    css: true,
  },
  weDid: {
    phone: () => import('./weDid/phone.js'),
    screen: () => import('./weDid/screen.js'),
    host: () => import('./weDid/host.js'),
    css: true,
  },
  timeline: {
    phone: () => import('./timeline/phone.js'),
    screen: () => import('./timeline/screen.js'),
    host: () => import('./timeline/host.js'),
    css: true,
  },
};

/** @typedef {'phone' | 'screen' | 'host'} Screen */

/** @type {Map<string, unknown>} */
const loaded = new Map();

/**
 * Loads every kind's module for one screen and its CSS; resolves when all are there (so a
 * kind never renders unstyled).
 * @param {Screen} screen
 */
export async function preload(screen) {
  await Promise.all(Object.entries(KINDS).map(async ([kind, entry]) => {
    const [module] = await Promise.all([entry[screen](), entry.css ? loadStyle(kind) : null]);
    loaded.set(`${kind}/${screen}`, module);
  }));
}

/**
 * Adds a kind's stylesheet to the page (after kring.css, in table order); resolves when it has
 * loaded, or failed to.
 * @param {string} kind
 * @returns {Promise<void>}
 */
function loadStyle(kind) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = `/assets/css/kinds/${kind}.css`;
  const done = new Promise((resolve) => {
    link.onload = () => resolve(undefined);
    link.onerror = () => resolve(undefined);
  });
  document.head.append(link);
  return done;
}

/**
 * A kind's loaded module for a screen, or null (not loaded yet). Its kind-typed context is
 * erased here: the page shells hand it the current activity, which is of that kind.
 * @template {Screen} S
 * @param {Kind} kind
 * @param {S} screen
 * @returns {(S extends 'phone' ? PhoneModule : S extends 'screen' ? ScreenModule : HostModule) | null}
 */
export function moduleFor(kind, screen) {
  return /** @type {any} */ (loaded.get(`${kind}/${screen}`) ?? null);
}

/**
 * The kinds a host can add, in table order.
 * @returns {Kind[]}
 */
export function kindNames() {
  return /** @type {Kind[]} */ (Object.keys(KINDS));
}

/**
 * A countdown to the end of the current phase of `view`, if it ends by itself (its `deadline`),
 * from a message sent at `serverNow` (server clock) and received at `receivedAt`.
 * @param {ActivityView | null} view
 * @param {number} serverNow
 * @param {number} receivedAt
 * @returns {Countdown | null}
 */
export function countdownOf(view, serverNow, receivedAt) {
  const phase = /** @type {{ deadline?: number | null } | undefined} */ (view?.phase);
  return typeof phase?.deadline === 'number' ? new Countdown(phase.deadline, serverNow, receivedAt) : null;
}
