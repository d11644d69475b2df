// The activity beside the current one (a timer over a brainstorm), for the three page shells:
// its view and countdown, kept from the welcome (`room.beside`) and `beside` messages, and drawn
// by its kind's module (`beside(ctx)`) in a box with the kind's root class, so its CSS applies
// whatever the current activity is. The shells never name a kind.

import { v } from './view.js';
import { countdownOf, moduleFor } from './activities/index.js';

/** @typedef {import('../gen/ActivityView').ActivityView} ActivityView */
/** @typedef {import('../gen/ActivityInput').ActivityInput} ActivityInput */
/** @typedef {import('./view.js').VNode} VNode */

/** What runs beside the current activity on this page. */
export const beside = {
  /** @type {ActivityView | null} */
  view: null,
  /** @type {import('./dom.js').Countdown | null} */
  countdown: null,
  /** Seconds last shown (re-render when it changes). */
  shown: -1,
};

/**
 * The activity beside, from a message sent at `serverNow` (server clock) and received at
 * `receivedAt`.
 * @param {ActivityView | null | undefined} view
 * @param {number} serverNow
 * @param {number} receivedAt
 */
export function setBeside(view, serverNow, receivedAt) {
  beside.view = view ?? null;
  beside.countdown = countdownOf(beside.view, serverNow, receivedAt);
}

/** Whether its countdown shows another second since the last render (then render again). */
export function besideTicked() {
  return beside.countdown !== null && beside.countdown.seconds() !== beside.shown;
}

/**
 * The box of the activity beside on screen `screen`, or null when none runs (or its kind has
 * no `beside` rendering).
 * @param {import('./activities/index.js').Screen} screen
 * @param {{ send?: (input: ActivityInput) => string | null, runs?: boolean, remove?: (() => void) | null }} [more]
 * @returns {VNode | null}
 */
export function besideBox(screen, more = {}) {
  beside.shown = beside.countdown?.seconds() ?? -1;
  const view = beside.view;
  const module = view ? moduleFor(view.kind, screen) : null;
  if (!view || !module?.beside) return null;
  return v('div', { class: `beside beside-${screen} kind-${view.kind}`, testid: 'beside' }, module.beside({
    view,
    countdown: beside.countdown,
    send: more.send ?? (() => null),
    runs: more.runs ?? false,
    remove: more.remove ?? null,
  }));
}
