// The host console's state, shared by its modules (the shell in host.js, "My rooms",
// the agenda and editors, exports), and the few things only the shell can do, which it hands
// the modules at start (`shell`): re-render, send an action, show a notice, open or leave a
// room.

import { kindNames } from '../activities/index.js';

/** @typedef {import('../../gen/RoomView').RoomView} RoomView */
/** @typedef {import('../../gen/ActivityView').ActivityView} ActivityView */
/** @typedef {import('../../gen/ActivityHostView').ActivityHostView} ActivityHostView */
/** @typedef {import('../../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../../gen/AgendaItem').AgendaItem} AgendaItem */
/** @typedef {import('../../gen/SessionInfo').SessionInfo} SessionInfo */
/** @typedef {import('../../gen/ParticipantInfo').ParticipantInfo} ParticipantInfo */
/** @typedef {import('../../gen/TeamsView').TeamsView} TeamsView */
/** @typedef {import('../../gen/TeamRules').TeamRules} TeamRules */
/** @typedef {import('../../gen/Act').Act} Act */
/** @typedef {import('../dom.js').Countdown} Countdown */
/** @typedef {import('../conn.js').Status} Status */

/** A room this browser hosts, as remembered in localStorage `kring.hostRooms`. */
/** @typedef {{ code: string, title: string, hostKey: string, createdAt: number }} HostRoom */

/**
 * What the server said about a remembered room (`GET /api/rooms/{code}`).
 * @typedef {object} RoomCheck
 * @property {'checking' | 'ok' | 'gone' | 'badKey' | 'unreachable'} status
 * @property {number} [participants]
 * @property {number} [activities]
 */

/** The console's tabs beside the run panel. */
/** @typedef {'agenda' | 'participants' | 'teams' | 'timeline' | 'room'} Tab */

export const state = {
  /** @type {'home' | 'room'} */
  view: 'home',
  /** @type {HostRoom[]} */
  rooms: /** @type {HostRoom[]} */ ([]),
  createTitle: '',
  /** @type {(() => string) | null} translated on every render */
  homeError: null,
  code: '',
  hostKey: '',
  /** The key of a co-facilitator's console (the facilitator's own console only). */
  /** @type {string | null} */
  moderatorKey: null,
  /** This console is a co-facilitator's (opened with the moderator key). */
  coFacilitator: false,
  /** Which console drives the room now (runs the session); see `drives()`. */
  /** @type {import('../../gen/Lead').Lead} */
  lead: /** @type {import('../../gen/Lead').Lead} */ ('organiser'),
  /** The templates the room keeps (saved from its agenda or imported). */
  /** @type {import('../../gen/Template').Template[]} */
  templates: [],
  /** @type {Status} */
  status: /** @type {Status} */ ('connecting'),
  /** @type {RoomView | null} */
  room: null,
  /** @type {AgendaItem[]} */
  agenda: [],
  /** The room's sessions, in order (the agenda is grouped by them). */
  /** @type {SessionInfo[]} */
  sessions: [],
  /** Sessions opened or closed by hand (the others: only the running one is open). */
  /** @type {Map<number, boolean>} */
  sessionOpen: new Map(),
  /** The session form: a new session (`id` null) or one being renamed or dated. */
  /** @type {{ id: number | null, title: string, date: string } | null} */
  sessionForm: null,
  /** @type {number | null} session whose removal waits for a second click */
  confirmRemoveSession: null,
  /** @type {number | null} the session a new activity goes to (null: the running one) */
  addTo: null,
  /** The server clock at the latest message that carried it (for times that run). */
  /** @type {{ serverNow: number, receivedAt: number } | null} */
  clock: null,
  /** @type {ParticipantInfo[]} */
  participants: [],
  count: 0,
  online: 0,
  /** @type {ActivityView | null} */
  current: null,
  /** @type {ActivityHostView | null} */
  hostView: null,
  /** @type {import('../../gen/ChairHostView').ChairHostView[]} the empty chairs with their late input */
  chairs: /** @type {import('../../gen/ChairHostView').ChairHostView[]} */ ([]),
  /** @type {TeamsView} */
  teams: { teams: [], roles: [], picking: null },
  /** @type {TeamRules} */
  teamRules: { apart: [], together: [] },
  /** @type {Countdown | null} */
  countdown: null,
  shownSeconds: -1,
  /** @type {{ activity: number, responded: number, of: number } | null} */
  progress: null,
  /** The tab shown beside the run panel. */
  /** @type {Tab} */
  tab: /** @type {Tab} */ ('agenda'),
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

/**
 * Whether this console drives the room now: it runs the session (flow, agenda, teams); the
 * other console moderates. The organiser's console drives unless it handed over.
 */
export function drives() {
  return (state.lead === 'coFacilitator') === state.coFacilitator;
}

/** What only the shell can do; host.js fills these in before anything renders. */
export const shell = {
  /** Renders the page from `state`. */
  render: () => {},
  /**
   * Sends an action over the socket; the answer arrives as ack or error.
   * @type {(a: Act) => string | null}
   */
  act: () => null,
  /**
   * Shows a notice (a toast); `text` is translated when shown.
   * @type {(kind: 'ok' | 'error', text: () => string) => void}
   */
  notify: () => {},
  /**
   * Opens a room with its key.
   * @type {(code: string, hostKey: string) => void}
   */
  openRoom: () => {},
  /** Stops the room's connection and goes back to "My rooms". */
  closeRoom: () => {},
};
