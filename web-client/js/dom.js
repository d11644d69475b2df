// Small DOM helpers shared by the phone, host and projector pages (views are built with
// `v()` in view.js; `el()` makes a real element where one is needed at once, e.g. a download link).
//
// Everything that may contain text typed by a person (nicknames, questions, options, titles)
// goes into the page as a text node: `el()` turns string children into text nodes and never
// touches innerHTML.

import { ROOM_CODE_ALPHABET, ROOM_CODE_LEN } from '../gen/limits.js';

/** @typedef {Node | string | number | null | undefined | false} Child */

/**
 * @typedef {object} Attrs
 * @property {string} [class]
 * @property {string} [testid]   becomes data-testid
 * @property {string} [id]
 * @property {string} [type]
 * @property {string} [value]
 * @property {string} [href]
 * @property {string} [download]  file name for a download link
 * @property {string} [autocapitalize]
 * @property {string} [src]
 * @property {string} [alt]
 * @property {string} [target]
 * @property {string} [rel]
 * @property {string} [placeholder]
 * @property {string} [title]
 * @property {string} [role]
 * @property {string} [for]
 * @property {string} [name]
 * @property {string} [accept]
 * @property {string} [autocomplete]
 * @property {string} [inputmode]
 * @property {string} [lang]
 * @property {string} [style]
 * @property {string} [start]
 * @property {string} [scope]
 * @property {string | number} [min]
 * @property {string | number} [max]
 * @property {string | number} [maxlength]
 * @property {string | number} [rows]
 * @property {number} [tabindex]
 * @property {boolean} [disabled]
 * @property {boolean} [checked]
 * @property {boolean} [hidden]
 * @property {boolean} [required]
 * @property {boolean} [readOnly]
 * @property {boolean} [open]      a `details` element's
 * @property {Record<string, string>} [aria]   aria-* attributes
 * @property {Record<string, string>} [data]   data-* attributes
 * @property {(ev: MouseEvent) => void} [onclick]
 * @property {(ev: PointerEvent) => void} [onpointerdown]
 * @property {(ev: KeyboardEvent) => void} [onkeydown]
 * @property {(ev: Event) => void} [oninput]
 * @property {(ev: Event) => void} [onchange]
 * @property {(ev: SubmitEvent) => void} [onsubmit]
 * @property {(ev: Event) => void} [ontoggle]  a `details` element opened or closed
 */

const PROPS = new Set(['value', 'disabled', 'checked', 'hidden', 'required']);

/**
 * Creates an element. String and number children become text nodes (never HTML).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs | null} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null) continue;
      if (key === 'testid') node.setAttribute('data-testid', String(value));
      else if (key === 'class') node.className = String(value);
      else if (key === 'aria' || key === 'data') {
        const prefix = key === 'aria' ? 'aria-' : 'data-';
        for (const [k, v] of Object.entries(/** @type {Record<string, string>} */ (value))) {
          node.setAttribute(prefix + k, v);
        }
      } else if (key.startsWith('on') && typeof value === 'function') {
        node.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
      } else if (PROPS.has(key)) {
        /** @type {any} */ (node)[key] = value;
      } else {
        node.setAttribute(key, String(value));
      }
    }
  }
  append(node, children);
  return node;
}

/**
 * Appends children (nested arrays allowed) as nodes or text.
 * @param {Node} parent
 * @param {(Child | Child[])[]} children
 */
export function append(parent, children) {
  for (const child of children) {
    if (Array.isArray(child)) append(parent, child);
    else if (child === null || child === undefined || child === false) continue;
    else if (typeof child === 'string' || typeof child === 'number') {
      parent.appendChild(document.createTextNode(String(child)));
    } else parent.appendChild(child);
  }
}

/**
 * Finds an element that the page's HTML must contain.
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing #${id}`);
  return node;
}

/**
 * A countdown synchronised to the server clock: `deadline - serverNow` is what remained when
 * the message arrived; local elapsed time since then is subtracted.
 */
export class Countdown {
  /**
   * @param {number} deadline server clock, ms
   * @param {number} serverNow server clock when the message was sent, ms
   * @param {number} receivedAt `performance.now()` when the message arrived
   */
  constructor(deadline, serverNow, receivedAt) {
    this.remainingAtReceipt = Math.max(0, deadline - serverNow);
    this.receivedAt = receivedAt;
  }

  /** Milliseconds left now. */
  remainingMs() {
    return Math.max(0, this.remainingAtReceipt - (performance.now() - this.receivedAt));
  }

  /** Whole seconds left, rounded up (shows 1 until the very end). */
  seconds() {
    return Math.ceil(this.remainingMs() / 1000);
  }
}

/**
 * Reads the room code from `?room=` (upper case, trimmed), or ''.
 * @returns {string}
 */
export function roomFromUrl() {
  return normaliseCode(new URLSearchParams(location.search).get('room') ?? '');
}

/**
 * Normalises a typed room code: trimmed, upper case, spaces removed.
 * @param {string} raw
 */
export function normaliseCode(raw) {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/**
 * Whether a (normalised) code looks like a room code.
 * @param {string} code
 */
export function isRoomCode(code) {
  return code.length === ROOM_CODE_LEN && [...code].every((c) => ROOM_CODE_ALPHABET.includes(c));
}

/**
 * Reads JSON from localStorage, or `fallback` when missing or unreadable.
 * @template T
 * @param {string} key
 * @param {T} fallback
 * @returns {T}
 */
export function loadJson(key, fallback) {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? fallback : /** @type {T} */ (JSON.parse(raw));
  } catch {
    return fallback;
  }
}

/**
 * Writes JSON to localStorage (ignores a full or blocked storage).
 * @param {string} key
 * @param {unknown} value
 */
export function saveJson(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or full storage: the page still works, it just forgets on reload.
  }
}
