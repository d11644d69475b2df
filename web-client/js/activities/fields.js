// Fields the kinds' editors share: a labelled text input, a check box and a timer in seconds
// (empty: no timer); and the run panel's parts: the row
// of flow controls, which a co-facilitator's console leaves out, and the scroll box of a long
// list below them.

import { v } from '../view.js';

/** @typedef {import('../view.js').VNode} VNode */
/** @typedef {import('./index.js').HostCtx} HostCtx */

/**
 * The run panel's row of buttons that run the session (open, close, reveal, next…), or
 * nothing on a co-facilitator's console (`ctx.runs` false): the server would refuse them.
 * @param {HostCtx} ctx
 * @param {...(import('../view.js').VChild | import('../view.js').VChild[])} buttons
 * @returns {VNode | null}
 */
export function flowControls(ctx, ...buttons) {
  return ctx.runs ? v('div', { class: 'controls', testid: 'flow-controls' }, ...buttons) : null;
}

/**
 * A run panel's long list (a wall's cards, every team's proposals, a tally) in its own scroll
 * box below the controls, so that the controls stay in view however long the list grows.
 * @param {string} testid
 * @param {...(import('../view.js').VChild | import('../view.js').VChild[])} children
 * @returns {VNode}
 */
export function scrollBox(testid, ...children) {
  return v('div', { class: 'run-scroll', testid }, ...children);
}

/** Shortest and longest timer of a phase, in seconds (the server's limits). */
export const TIMER_SECS = { min: 10, max: 1800 };

/**
 * A labelled text input whose value lives in a draft.
 * @param {string} id          also its test id
 * @param {string} label
 * @param {string} value
 * @param {(value: string) => void} set
 * @param {import('../view.js').VAttrs} [attrs]  more attributes (a `maxlength`, say)
 * @returns {VNode[]}
 */
export function textField(id, label, value, set, attrs = {}) {
  return [
    v('label', { key: `${id}-label`, for: id }, label),
    v('input', {
      ...attrs, key: id, id, testid: id, value,
      oninput: (ev) => set(/** @type {HTMLInputElement} */ (ev.target).value),
    }),
  ];
}

/**
 * A check box with its label, whose value lives in a draft.
 * @param {string} testid
 * @param {string} text
 * @param {boolean} value
 * @param {(value: boolean) => void} set
 * @returns {VNode}
 */
export function checkField(testid, text, value, set) {
  return v('label', { class: 'check' }, v('input', {
    type: 'checkbox', testid, checked: value,
    onchange: (ev) => set(/** @type {HTMLInputElement} */ (ev.target).checked),
  }), ' ', text);
}

/**
 * A labelled timer in seconds, typed as text (empty: no timer).
 * @param {string} id
 * @param {string} label
 * @param {string} value
 * @param {(value: string) => void} set
 * @returns {VNode[]}
 */
export function secsField(id, label, value, set) {
  return textField(id, label, value, set, { inputmode: 'numeric', class: 'num' });
}

/**
 * A timer as typed: `null` when empty, else the number (check it with `badSecs`).
 * @param {string} raw
 */
export function parseSecs(raw) {
  return raw.trim() === '' ? null : Number(raw);
}

/**
 * Whether any of these typed timers is not empty and not a whole number of allowed seconds.
 * @param {string[]} raws
 */
export function badSecs(raws) {
  return raws.some((raw) => {
    const s = parseSecs(raw);
    return s !== null && (!Number.isInteger(s) || s < TIMER_SECS.min || s > TIMER_SECS.max);
  });
}
