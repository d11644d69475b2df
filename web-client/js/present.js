// Presenter mode: the teacher drives the class from the projected screen (a control bar that
// hides itself, keyboard shortcuts, presentation clickers) while the host key stays in the
// console.
//
// The console opens the projector page as `/screen?room=CODE&present=1` (no key in the URL; the
// window is opened without an opener, so the projected page cannot reach into the console).
// That page is an ordinary projector: its socket is a `screen` socket, so it only ever receives
// what everyone may see. Its control bar talks to the console over a BroadcastChannel of this
// origin named after the room: it asks for the next and previous step's labels and sends "step
// forward / back"; the console works out what that means for the current activity (each kind's
// host module says, `steps` in js/activities/index.js) and sends it over its own, authorised
// socket. So the key never leaves the console, and the projected page has nothing secret to
// show even by mistake. A kind may let the projected page ask for some moderation too (an open
// question's word hidden or merged with a tap on the cloud): the console sends only the inputs
// the kind's host module accepts from it (`fromPresenter`). The console must stay open in the same browser (it does: the teacher's
// laptop mirrors one window of it); when it is not, the bar says so.

/** @typedef {{ label: string, run: () => string | null }} Step */
/** @typedef {{ next: Step | null, back: Step | null }} Steps */

/**
 * What the console tells the projected page: the labels of its next and previous step.
 * @typedef {{ kind: 'state', next: string | null, back: string | null }} StateMsg
 */
/** @typedef {import('../gen/ActivityInput').ActivityInput} ActivityInput */
/** @typedef {{ kind: 'hello' } | { kind: 'step', dir: 1 | -1 } | { kind: 'moderate', input: ActivityInput }} PresenterMsg */

/**
 * The channel between the console and the projected page of room `code`.
 * @param {string} code
 */
function channel(code) {
  return new BroadcastChannel(`kring-present-${code}`);
}

/** How often the projected page asks; a console silent for longer than `STALE_MS` is gone. */
const HELLO_MS = 2_000;
const STALE_MS = 5_000;

/** The URL of the presenter window for room `code` (no key: see above). @param {string} code */
export function presenterUrl(code) {
  return `/screen?room=${encodeURIComponent(code)}&present=1`;
}

/**
 * Opens the presenter window for room `code`, without an opener.
 * @param {string} code
 */
export function openPresenter(code) {
  window.open(presenterUrl(code), `kring-present-${code}`, 'noopener');
}

/**
 * The console's side: answers the projected page of room `code` with the steps `steps()` gives
 * now, and runs one when asked. One step at a time: a clicker's double press while the first
 * step's action waits for its acknowledgement is dropped (`busy`). `moderate` sends a
 * moderation the projected page asks for, if the current kind takes it from there.
 * @param {string} code
 * @param {() => Steps} steps
 * @param {(input: ActivityInput) => void} moderate
 * @returns {{ update: () => void, done: (id: string) => void, close: () => void }}
 */
export function servePresenter(code, steps, moderate) {
  const ch = channel(code);
  /** @type {string | null} */
  let busy = null;
  let last = '';
  const send = () => {
    const now = steps();
    /** @type {StateMsg} */
    const msg = { kind: 'state', next: now.next?.label ?? null, back: now.back?.label ?? null };
    last = JSON.stringify(msg);
    ch.postMessage(msg);
  };
  ch.onmessage = (ev) => {
    /** @type {PresenterMsg} */
    const msg = ev.data;
    if (msg?.kind === 'hello') send();
    else if (msg?.kind === 'step' && busy === null) {
      const now = steps();
      const step = msg.dir === 1 ? now.next : now.back;
      if (step) busy = step.run();
    } else if (msg?.kind === 'moderate' && msg.input) moderate(msg.input);
  };
  return {
    /** Tells the projected page the steps when they changed (call after every render). */
    update() {
      const now = steps();
      const msg = JSON.stringify({ kind: 'state', next: now.next?.label ?? null, back: now.back?.label ?? null });
      if (msg !== last) send();
    },
    /** The action `id` was answered (acknowledged or refused): the next step may run. */
    done(id) {
      if (id === busy) busy = null;
    },
    close() {
      ch.close();
    },
  };
}

/** Controls on the projected picture (the presenter bar, full screen, language) hide after this long without a mouse move or tap. */
const IDLE_MS = 3_000;

/**
 * Whether someone is at the projector's mouse: true after a mouse move or tap, false again
 * `IDLE_MS` later, so that controls show only while they are reached for and never stay on the
 * projected picture. `rerender` is called whenever it changes; `wake` counts as a move (a
 * clicker's key that should bring the presenter bar up).
 * @param {() => void} rerender
 * @returns {{ active: () => boolean, wake: () => void }}
 */
export function pointerActivity(rerender) {
  let active = true;
  /** @type {ReturnType<typeof setTimeout> | null} */
  let timer = null;
  const wake = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => { active = false; rerender(); }, IDLE_MS);
    if (!active) {
      active = true;
      rerender();
    }
  };
  addEventListener('mousemove', wake);
  addEventListener('pointerdown', wake);
  wake();
  return { active: () => active, wake };
}

/**
 * The projected page's side: the console's step labels and a blank screen. `rerender` is
 * called whenever either changes. (The bar shows while `pointerActivity` is active.)
 * @param {string} code
 * @param {() => void} rerender
 */
export function presenter(code, rerender) {
  const ch = channel(code);
  const state = {
    /** @type {string | null} */
    next: null,
    /** @type {string | null} */
    back: null,
    /** When the console last answered (0: never). */
    heardAt: 0,
    blank: false,
  };
  ch.onmessage = (ev) => {
    /** @type {StateMsg} */
    const msg = ev.data;
    if (msg?.kind !== 'state') return;
    const changed = msg.next !== state.next || msg.back !== state.back || !online();
    state.next = msg.next;
    state.back = msg.back;
    state.heardAt = performance.now();
    if (changed) rerender();
  };
  const online = () => state.heardAt > 0 && performance.now() - state.heardAt < STALE_MS;
  /** @param {PresenterMsg} msg */
  const post = (msg) => ch.postMessage(msg);
  let wasOnline = false;
  setInterval(() => {
    post({ kind: 'hello' });
    if (online() !== wasOnline) {
      wasOnline = online();
      rerender();
    }
  }, HELLO_MS);
  post({ kind: 'hello' });
  return {
    state,
    online,
    /** @param {1 | -1} dir */
    step(dir) {
      if (state.blank) {
        // A clicker's first press after a blank brings the picture back.
        state.blank = false;
        rerender();
        return;
      }
      post({ kind: 'step', dir });
    },
    toggleBlank() {
      state.blank = !state.blank;
      rerender();
    },
    /** Asks the console to send a moderation input (it sends only what the kind allows). @param {ActivityInput} input */
    moderate(input) {
      post({ kind: 'moderate', input });
    },
  };
}

/** Keys of presentation clickers and keyboards: forward, back, blank, full screen. */
const NEXT_KEYS = new Set(['PageDown', 'ArrowRight', 'ArrowDown', 'n', 'N']);
const BACK_KEYS = new Set(['PageUp', 'ArrowLeft', 'ArrowUp', 'p', 'P']);
const BLANK_KEYS = new Set(['b', 'B', '.']);
const FULLSCREEN_KEYS = new Set(['f', 'F']);

/**
 * What a key does on the projected page, if anything.
 * @param {KeyboardEvent} ev
 * @returns {'next' | 'back' | 'blank' | 'fullscreen' | null}
 */
export function keyAction(ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return null;
  const target = /** @type {HTMLElement | null} */ (ev.target);
  if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return null;
  if (NEXT_KEYS.has(ev.key)) return 'next';
  if (BACK_KEYS.has(ev.key)) return 'back';
  if (BLANK_KEYS.has(ev.key)) return 'blank';
  if (FULLSCREEN_KEYS.has(ev.key)) return 'fullscreen';
  return null;
}

/** Whether this browser can show a page full screen. */
export function canFullscreen() {
  return typeof document.documentElement.requestFullscreen === 'function';
}

/** Full screen on, or off again. */
export function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  else document.documentElement.requestFullscreen().catch(() => {});
}
