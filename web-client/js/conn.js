// The WebSocket connection every page shares: opening message, keep-alive, reconnect with
// back-off, resume, unacknowledged actions kept (in localStorage for phones) and re-sent after
// the welcome, stale messages (lower `seq`) dropped.
//
// The page supplies the opening message (join / resume / host / screen) as a function, so a
// phone that joined once resumes with its token on every reconnect.
//
// A link can die without a close (wifi to 4G, a dead access point): the socket then looks open
// for a minute or more. So the connection probes it: while something is open (a current
// activity) or an action waits for its acknowledgement, a ping goes out whenever the server
// has been quiet for BUSY_PING_MS, and every action is followed by one; a probe unanswered for
// PONG_TIMEOUT_MS means the link is dead: "reconnecting…" shows at once, a new socket is opened
// and what waits is re-sent after its welcome. Otherwise a quiet socket is probed every PING_MS.
// The browser's `offline` drops the socket at once, `online` and a page shown again probe it
// (or reconnect at once when it was already lost).

import { loadJson, saveJson } from './dom.js';

/** @typedef {import('../gen/ClientMsg').ClientMsg} ClientMsg */
/** @typedef {import('../gen/ServerMsg').ServerMsg} ServerMsg */
/** @typedef {import('../gen/Act').Act} Act */
/** @typedef {import('../gen/ErrorCode').ErrorCode} ErrorCode */

/** Version of the wire protocol this client speaks (`PROTOCOL_VERSION`). */
export const PROTOCOL_VERSION = 1;

/** Close codes (see docs/PROTOCOL.md). */
export const CLOSE = Object.freeze({
  PROTOCOL_ERROR: 1002,
  INVALID_DATA: 1007,
  INTERNAL: 1011,
  PROTOCOL_VERSION: 4000,
  HANDSHAKE: 4001,
  REPLACED: 4002,
  REMOVED: 4003,
  ROOM_NOT_FOUND: 4004,
  SLOW_CONSUMER: 4008,
  SERVER_FULL: 4009,
  IDLE: 4010,
  ROOM_MOVED: 4011,
  RATE_LIMITED: 4029,
  UNAUTHORIZED: 4401,
});

/**
 * Why a connection stopped for good (no automatic reconnect).
 * @typedef {'protocolVersion' | 'replaced' | 'removed' | 'roomNotFound' | 'unauthorized' | 'refused'} StopReason
 */

/**
 * `status` of a connection: `connecting` (first attempt), `open` (welcomed), `reconnecting`
 * (lost, trying again), `stopped` (gave up; see the stop reason).
 * @typedef {'connecting' | 'open' | 'reconnecting' | 'stopped'} Status
 */

/** @typedef {{ id: string, act: Act, at: number }} PendingAct */

/** Errors that end a connection attempt before the welcome: retrying the same opening is useless. */
/** @type {ReadonlySet<ErrorCode>} */
const FATAL_BEFORE_WELCOME = new Set([
  'protocolVersion', 'roomNotFound', 'badHostKey', 'badToken', 'removed', 'roomFull',
  'nicknameTaken', 'nicknameInvalid', 'inappropriate', 'notJoined', 'badMessage',
  'blank', 'tooLong', 'roomLocked', 'expectedSizeReached',
]);

/** A quiet socket is probed this often when nothing is open or waiting. */
const PING_MS = 20_000;
/** ... and this often while an activity is open or an action waits for its acknowledgement. */
const BUSY_PING_MS = 2_500;
/** A probe unanswered this long (something open or waiting): the link is dead, reconnect. */
const PONG_TIMEOUT_MS = 4_000;
/** A probe unanswered this long otherwise. */
const IDLE_PONG_TIMEOUT_MS = 15_000;
/** How often the probes are checked. */
const HEARTBEAT_MS = 1_000;
/** An attempt that got no welcome in this long is given up and tried again. */
const OPEN_TIMEOUT_MS = 10_000;
/** Errors before the welcome that a later attempt may get past: retried with back-off. */
/** @type {ReadonlySet<ErrorCode>} */
const RETRY_LATER = new Set(['rateLimited', 'serverFull']);
const BACKOFF_MIN_MS = 500;
/** The first retries come quickly and jittered (see `retryDelay`). */
const QUICK_RETRIES = 6;
const QUICK_MIN_MS = 150;
const QUICK_MAX_MS = 450;
/** A page hidden this long asks for a fresh snapshot when it is shown again. */
const SYNC_AFTER_HIDDEN_MS = 30_000;
const BACKOFF_MAX_MS = 10_000;

/** A fresh action id: 16 random hex characters. */
export function newActionId() {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * localStorage key of a phone's resume token.
 * @param {string} code
 */
export function tokenKey(code) {
  return `kring.token.${code}`;
}

/**
 * localStorage key of a phone's unacknowledged actions.
 * @param {string} code
 */
export function pendingKey(code) {
  return `kring.pending.${code}`;
}

/**
 * @typedef {object} ConnOptions
 * @property {() => ClientMsg} opening   the first message of every attempt
 * @property {(msg: ServerMsg, receivedAt: number) => void} onMessage   every message that is not stale
 * @property {(status: Status, reason: StopReason | null, error: ErrorCode | null) => void} [onStatus]
 * @property {(id: string, duplicate: boolean) => void} [onAck]
 * @property {(id: string | null, code: ErrorCode, message: string) => void} [onError]
 * @property {string | null} [storageKey]  where unacknowledged actions persist (null: memory only)
 * @property {string} [url]   WebSocket URL (default: this host's /ws?v=1)
 */

/**
 * The socket's address with the room's code in it (`&room=CODE`), so that a proxy in front of
 * a cluster routes every socket of a room to the node that holds it (README, "Running a
 * cluster"). A node that loses or hands over the room closes with 4011 (ROOM_MOVED), which
 * reconnects like any other close.
 * @param {string} url
 * @param {ClientMsg} opening
 */
export function roomUrl(url, opening) {
  if (!('room' in opening)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}room=${encodeURIComponent(opening.room)}`;
}

export class Conn {
  /** @param {ConnOptions} options */
  constructor(options) {
    this.options = options;
    /** @type {WebSocket | null} */
    this.ws = null;
    /** @type {Status} */
    this.status = 'connecting';
    /** @type {StopReason | null} */
    this.stopReason = null;
    this.welcomed = false;
    this.lastSeq = -1;
    this.welcomeSeq = -1;
    this.attempt = 0;
    this.lastMessageAt = 0;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.retryTimer = null;
    /** @type {ReturnType<typeof setInterval> | null} */
    this.pingTimer = null;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.openTimer = null;
    /** When the unanswered probe was sent (0: none). */
    this.probeAt = 0;
    /** The server showed a current activity: the link is watched closely. */
    this.activityOpen = false;
    /** @type {ErrorCode | null} the limit that refused the last attempt (retried later) */
    this.limited = null;
    /** @type {ErrorCode | null} the error that ended the current attempt before the welcome */
    this.refusal = null;
    /** @type {PendingAct[]} */
    this.memoryPending = [];
    /** @type {Map<string, { acked: true } | { error: ErrorCode, message: string }>} what became of this page's actions */
    this.outcomes = new Map();
    this.url = options.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?v=${PROTOCOL_VERSION}`;
    this.onOnline = () => {
      if (this.status === 'reconnecting') this.reconnectNow();
      // The network changed (wifi to 4G): the old socket may be dead without knowing it.
      else if (this.status === 'open') this.probe();
    };
    this.onOffline = () => {
      if (this.status === 'open' || this.status === 'connecting') this.dropDead();
    };
    this.hiddenAt = 0;
    this.onVisible = () => {
      if (document.visibilityState !== 'visible') {
        this.hiddenAt = performance.now();
        return;
      }
      if (this.status === 'reconnecting') this.reconnectNow();
      else if (this.status === 'open') {
        // Back from a locked screen: check the socket, and after a long sleep ask for a fresh
        // snapshot in case the browser throttled or dropped anything.
        this.probeAt = 0;
        this.probe();
        if (this.hiddenAt && performance.now() - this.hiddenAt > SYNC_AFTER_HIDDEN_MS) this.sync();
      }
    };
  }

  /** Opens the connection (again, after a stop). */
  start() {
    this.stopReason = null;
    this.attempt = 0;
    this.setStatus('connecting', null, null);
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    document.addEventListener('visibilitychange', this.onVisible);
    this.open();
  }

  /** Closes for good; no reconnect. */
  stop() {
    this.clearTimers();
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    document.removeEventListener('visibilitychange', this.onVisible);
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      try { ws.close(1000); } catch { /* already closed */ }
    }
    this.welcomed = false;
  }

  /** @private */
  open() {
    this.clearTimers();
    this.welcomed = false;
    this.refusal = null;
    this.probeAt = 0;
    const ws = new WebSocket(roomUrl(this.url, this.options.opening()));
    this.ws = ws;
    // A connection attempt into a dead network can hang for long: give up and try again.
    this.openTimer = setTimeout(() => {
      if (this.ws === ws && !this.welcomed) this.dropDead();
    }, OPEN_TIMEOUT_MS);
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.lastMessageAt = performance.now();
      const opening = this.options.opening();
      if (opening.type === 'join') this.writePending([]);
      this.raw(opening);
      this.pingTimer = setInterval(() => this.heartbeat(), HEARTBEAT_MS);
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      this.receive(String(ev.data));
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.closed(ev.code);
    };
    ws.onerror = () => { /* onclose follows */ };
  }

  /**
   * Whether the link is watched closely: an activity is open or an action waits.
   * @private
   */
  busy() {
    return this.activityOpen || this.readPending().length > 0;
  }

  /**
   * Every HEARTBEAT_MS: a probe unanswered for too long means the link is dead; a socket quiet
   * for long enough is probed.
   * @private
   */
  heartbeat() {
    const now = performance.now();
    const busy = this.busy();
    if (this.probeAt > this.lastMessageAt) {
      if (now - this.probeAt > (busy ? PONG_TIMEOUT_MS : IDLE_PONG_TIMEOUT_MS)) this.dropDead();
      return;
    }
    if (now - this.lastMessageAt >= (busy ? BUSY_PING_MS : PING_MS)) this.probe();
  }

  /**
   * Sends a ping that any message from the server answers, unless one is outstanding.
   * @private
   */
  probe() {
    if (this.probeAt > this.lastMessageAt) return;
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    this.probeAt = performance.now();
    this.raw({ type: 'ping', t: Date.now() });
  }

  /**
   * The link died silently (or the browser says it is offline): drop the socket without
   * waiting for its close, show "reconnecting" and try again.
   * @private
   */
  dropDead() {
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      try { ws.close(); } catch { /* ignore */ }
    }
    this.closed(1006);
  }

  /**
   * @private
   * @param {number} code
   */
  closed(code) {
    this.clearTimers();
    this.welcomed = false;
    /** @type {StopReason | null} */
    let reason = null;
    if (code === CLOSE.PROTOCOL_VERSION) reason = 'protocolVersion';
    else if (code === CLOSE.REPLACED) reason = 'replaced';
    else if (code === CLOSE.REMOVED) reason = 'removed';
    else if (code === CLOSE.ROOM_NOT_FOUND) reason = 'roomNotFound';
    else if (code === CLOSE.UNAUTHORIZED) reason = 'unauthorized';
    else if (this.refusal) reason = refusalReason(this.refusal);
    if (reason) {
      this.stopReason = reason;
      this.setStatus('stopped', reason, this.refusal);
      return;
    }
    // A limit (too many joining at once, a full server) is retried with back-off; the page
    // may say why it waits.
    const limited = this.limited;
    this.limited = null;
    this.setStatus('reconnecting', null, limited);
    this.scheduleRetry();
  }

  /** @private */
  scheduleRetry() {
    this.retryTimer = setTimeout(() => this.open(), retryDelay(this.attempt));
    this.attempt += 1;
  }

  /** @private */
  reconnectNow() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.open();
  }

  /** @private */
  clearTimers() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.openTimer) clearTimeout(this.openTimer);
    this.retryTimer = null;
    this.pingTimer = null;
    this.openTimer = null;
  }

  /**
   * @private
   * @param {Status} status
   * @param {StopReason | null} reason
   * @param {ErrorCode | null} error
   */
  setStatus(status, reason, error) {
    this.status = status;
    this.options.onStatus?.(status, reason, error);
  }

  /**
   * @private
   * @param {string} text
   */
  receive(text) {
    const receivedAt = performance.now();
    this.lastMessageAt = receivedAt;
    /** @type {ServerMsg} */
    let msg;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    switch (msg.type) {
      case 'welcome':
        // A full snapshot always wins; later deltas are compared with its seq.
        this.lastSeq = msg.seq;
        this.welcomeSeq = msg.seq;
        this.welcomed = true;
        this.attempt = 0;
        this.activityOpen = msg.room.current !== null;
        if (this.openTimer) clearTimeout(this.openTimer);
        this.openTimer = null;
        this.options.onMessage(msg, receivedAt);
        this.setStatus('open', null, null);
        this.flushPending();
        return;
      case 'activity':
      case 'agenda':
      case 'teams':
      case 'hostActivity':
        if (msg.seq < this.lastSeq) return;
        this.lastSeq = msg.seq;
        if (msg.type === 'activity') this.activityOpen = msg.current !== null;
        break;
      case 'changes':
        // Changes the welcome's snapshot already holds.
        if (msg.seq <= this.welcomeSeq) return;
        break;
      case 'ack':
        this.outcomes.set(msg.id, { acked: true });
        this.removePending(msg.id);
        this.options.onAck?.(msg.id, msg.duplicate);
        break;
      case 'error':
        if (!this.welcomed && msg.ref === null && RETRY_LATER.has(msg.code)) {
          // The server closes (4029, 4009); the next attempt waits its back-off.
          this.limited = msg.code;
        } else if (!this.welcomed && msg.ref === null && FATAL_BEFORE_WELCOME.has(msg.code)) {
          this.refusal = msg.code;
          if (!this.ws) break;
          // Give the server a moment to close with its own code; then close ourselves.
          const ws = this.ws;
          setTimeout(() => {
            if (this.ws === ws) {
              this.ws = null;
              ws.onclose = null;
              try { ws.close(1000); } catch { /* ignore */ }
              this.closed(1000);
            }
          }, 300);
        } else if (msg.ref !== null && msg.code === 'rateLimited') {
          // Refused but may be tried again: keep it pending and re-send shortly.
          const ref = msg.ref;
          setTimeout(() => this.resend(ref), 1000);
        } else if (msg.ref !== null) {
          this.outcomes.set(msg.ref, { error: msg.code, message: msg.message });
          this.removePending(msg.ref);
        }
        this.options.onError?.(msg.ref, msg.code, msg.message);
        break;
      default:
        break;
    }
    this.options.onMessage(msg, receivedAt);
  }

  /**
   * Sends an action; it stays pending (and is re-sent after a reconnect) until acknowledged
   * or refused. Returns its id.
   * @param {Act} act
   * @returns {string}
   */
  act(act) {
    const id = newActionId();
    this.writePending([...this.readPending(), { id, act, at: Date.now() }]);
    if (this.welcomed) {
      this.raw({ type: 'act', id, act });
      // Its acknowledgement or the pong answers this: a dead link shows within seconds.
      this.probe();
    }
    return id;
  }

  /**
   * What became of an action sent from this page: `undefined` while it waits.
   * @param {string | null} id
   */
  outcome(id) {
    return id === null ? undefined : this.outcomes.get(id);
  }

  /** Asks the server for a fresh welcome snapshot. */
  sync() {
    if (this.welcomed) this.raw({ type: 'sync' });
  }

  /** Unacknowledged actions, oldest first. */
  pending() {
    return this.readPending();
  }

  /** Whether the connection is welcomed and usable. */
  isOpen() {
    return this.welcomed && this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  /**
   * @private
   * @param {string} id
   */
  resend(id) {
    const entry = this.readPending().find((p) => p.id === id);
    if (entry && this.welcomed) this.raw({ type: 'act', id: entry.id, act: entry.act });
  }

  /** @private */
  flushPending() {
    for (const entry of this.readPending()) this.raw({ type: 'act', id: entry.id, act: entry.act });
  }

  /**
   * @private
   * @param {string} id
   */
  removePending(id) {
    const list = this.readPending();
    const rest = list.filter((p) => p.id !== id);
    if (rest.length !== list.length) this.writePending(rest);
  }

  /**
   * @private
   * @returns {PendingAct[]}
   */
  readPending() {
    const key = this.options.storageKey;
    if (!key) return this.memoryPending;
    const list = loadJson(key, /** @type {PendingAct[]} */ ([]));
    return Array.isArray(list) ? list : [];
  }

  /**
   * @private
   * @param {PendingAct[]} list
   */
  writePending(list) {
    const key = this.options.storageKey;
    if (!key) {
      this.memoryPending = list;
      return;
    }
    if (list.length === 0) {
      try { localStorage.removeItem(key); } catch { /* ignore */ }
    } else saveJson(key, list);
  }

  /**
   * Sends a request that needs no acknowledgement (a console's page of the participant list);
   * dropped while disconnected: the page asks again after its next welcome.
   * @param {ClientMsg} msg
   */
  query(msg) {
    if (this.welcomed) this.raw(msg);
  }

  /**
   * @private
   * @param {ClientMsg} msg
   */
  raw(msg) {
    const ws = this.ws;
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  }
}

/**
 * How long to wait before retry number `attempt` (0 first): a few quick, jittered retries
 * (150–450 ms, so a graceful restart is over in about a second), then exponential back-off with
 * jitter up to 10 s for longer outages, so a class of phones does not knock all at once.
 * @param {number} attempt
 */
export function retryDelay(attempt) {
  if (attempt < QUICK_RETRIES) return QUICK_MIN_MS + Math.random() * (QUICK_MAX_MS - QUICK_MIN_MS);
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (attempt - QUICK_RETRIES + 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * Which stop an opening refused with `code` means.
 * @param {ErrorCode} code
 * @returns {StopReason}
 */
function refusalReason(code) {
  switch (code) {
    case 'protocolVersion': return 'protocolVersion';
    case 'roomNotFound': return 'roomNotFound';
    case 'badHostKey':
    case 'badToken': return 'unauthorized';
    case 'removed': return 'removed';
    default: return 'refused';
  }
}
