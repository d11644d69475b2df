// The kind kit: what every kind's pages would otherwise re-implement. The words the kinds
// share (one table, nl and en), the "Sending…" / "Received ✓" status of an action a phone sent,
// the state a page keeps per activity (fresh for each new one), the editor's shell (its draft
// per editing session, its save with the editor's own complaints, and its save/cancel footer),
// and the small changes (`changes` messages): replacing an item in a list, picking out the
// copies of one kind, and one function the page shells apply a message's changes with.

import { strings, errorText } from '../i18n.js';
import { v } from '../view.js';

/** @typedef {import('../view.js').VNode} VNode */
/** @typedef {import('../../gen/ActivityView').ActivityView} ActivityView */
/** @typedef {import('../../gen/ActivityHostView').ActivityHostView} ActivityHostView */
/** @typedef {import('../../gen/ActivityChange').ActivityChange} ActivityChange */
/** @typedef {import('../../gen/Personal').Personal} Personal */
/** @typedef {import('../../gen/ErrorCode').ErrorCode} ErrorCode */
/** @typedef {import('./index.js').Store} Store */
/** @typedef {import('./index.js').EditorCtx} EditorCtx */
/** @typedef {import('./index.js').Outcome} Outcome */
/** @typedef {ActivityView['kind']} Kind */

/** The words more than one kind says, in English and Dutch. */
export const kw = strings({
  en: {
    sending: 'Sending…',
    received: 'Received ✓',
    save: 'Save',
    saveChanges: 'Save changes',
    cancel: 'Cancel',
    waitingToStart: 'Waiting to start',
    noTeam: 'You are not in a team yet. The teacher puts you in one.',
    withdraw: 'Take back',
    by: 'by {name}',
    votedCount: '{n} voted',
    errTitle: 'Give it a title.',
    errTimer: 'A timer is 10 to 1800 seconds, or empty.',
  },
  nl: {
    sending: 'Versturen…',
    received: 'Ontvangen ✓',
    save: 'Opslaan',
    saveChanges: 'Wijzigingen opslaan',
    cancel: 'Annuleren',
    waitingToStart: 'Wacht op de start',
    noTeam: 'Je zit nog niet in een team. De docent deelt je in.',
    withdraw: 'Intrekken',
    by: 'door {name}',
    votedCount: '{n} gestemd',
    errTitle: 'Geef het een titel.',
    errTimer: 'Een timer duurt 10 tot 1800 seconden, of laat hem leeg.',
  },
});

// ---------------------------------------------------------------------------------------------
// A phone's actions

/**
 * "Sending…" while an action this page sent waits, "Received ✓" once the server took it, or
 * its refusal (`refusal`, else the error code's text); nothing when nothing was sent.
 * @param {(id: string | null) => Outcome | undefined} outcome  the page's (a context's `outcome`)
 * @param {string | null} id      the action
 * @param {string} testid         the refusal's is `${testid}-error`
 * @param {(code: ErrorCode) => string} [refusal]
 * @returns {VNode | null}
 */
export function sendStatus(outcome, id, testid, refusal = errorText) {
  if (id === null) return null;
  const o = outcome(id);
  if (!o) return v('p', { class: 'status pending', testid }, kw('sending'));
  if ('acked' in o) return v('p', { class: 'status ok', testid }, kw('received'));
  return v('p', { class: 'status error', testid: `${testid}-error`, role: 'alert' }, refusal(o.error));
}

// ---------------------------------------------------------------------------------------------
// State per activity

/** @type {WeakMap<object, () => object>} */
const freshOf = new WeakMap();

/**
 * A page's state that belongs to one activity: `fresh()` is what it holds for a new one. Hand
 * it to `enter` before each render; the activity it belongs to is its `activity` (-1: none yet).
 * @template {object} T
 * @param {() => T} fresh
 * @returns {T & { activity: number }}
 */
export function perActivity(fresh) {
  const local = { ...fresh(), activity: -1 };
  freshOf.set(local, fresh);
  return local;
}

/**
 * Makes `local` (from `perActivity`) belong to activity `id`: when it belonged to another, it
 * starts fresh, with `kept()` (what a reload left, say) over the fresh values.
 * @template {{ activity: number }} T
 * @param {T} local
 * @param {number} id
 * @param {() => Partial<T>} [kept]
 * @returns {boolean}  whether it started fresh
 */
export function enter(local, id, kept) {
  if (local.activity === id) return false;
  const fresh = freshOf.get(local);
  if (!fresh) throw new Error('enter: this state was not made by perActivity');
  Object.assign(local, fresh(), kept ? kept() : {}, { activity: id });
  return true;
}

// ---------------------------------------------------------------------------------------------
// The editor's shell

/**
 * Starts the editor's draft afresh when a new editing session opens (`ctx.session`), from
 * `from()` (which reads `ctx.spec` when editing); the draft's own complaints start empty.
 * @template {{ session: number, errors: string[] }} D
 * @param {D} draft
 * @param {EditorCtx} ctx
 * @param {() => Omit<D, 'session' | 'errors'>} from
 */
export function openDraft(draft, ctx, from) {
  if (draft.session === ctx.session) return;
  Object.assign(draft, from(), { session: ctx.session, errors: [] });
}

/**
 * Saves the spec `build()` makes, unless the editor has complaints (`errors`): then they show.
 * @template {{ errors: string[] }} D
 * @param {D} draft
 * @param {EditorCtx} ctx
 * @param {string[]} errors
 * @param {() => import('../../gen/ActivitySpec').ActivitySpec} build
 */
export function saveDraft(draft, ctx, errors, build) {
  draft.errors = errors;
  if (errors.length) ctx.rerender();
  else ctx.save(build());
}

/**
 * The editor's save and cancel buttons and the complaints of the editor and of the server.
 * @param {EditorCtx} ctx
 * @param {() => void} save
 * @param {string[]} errors   the editor's own
 * @returns {(VNode | null)[]}
 */
export function editorFooter(ctx, save, errors) {
  return [
    v('div', { key: 'controls', class: 'controls' },
      v('button', { type: 'button', class: 'primary', testid: 'save-activity', disabled: ctx.saving, onclick: save },
        ctx.editing === null ? kw('save') : kw('saveChanges')),
      v('button', { type: 'button', class: 'secondary', onclick: ctx.cancel }, kw('cancel'))),
    errors.length || ctx.errors.length ? v('ul', { key: 'errors', class: 'error', role: 'alert', testid: 'editor-errors' },
      errors.map((e, i) => v('li', { key: `d${i}` }, e)), ctx.errors.map((e, i) => v('li', { key: `s${i}` }, e()))) : null,
  ];
}

// ---------------------------------------------------------------------------------------------
// Small changes

/**
 * Replaces the item of `list` with the same `key` as `item`, or appends it.
 * @template T
 * @param {T[]} list
 * @param {T} item
 * @param {(x: T) => unknown} key
 */
export function upsert(list, item, key) {
  const k = key(item);
  const at = list.findIndex((x) => key(x) === k);
  if (at >= 0) list[at] = item;
  else list.push(item);
}

/**
 * The copies in `store` that are of kind `kind` (null where a copy is missing or of another
 * kind), for a kind's `applyChange`.
 * @template {Kind} K
 * @param {Store} store
 * @param {K} kind
 * @returns {{
 *   view: Extract<ActivityView, { kind: K }> | null,
 *   personal: Extract<Personal, { kind: K }> | null,
 *   host: Extract<ActivityHostView, { kind: K }> | null,
 * }}
 */
export function copiesOf(store, kind) {
  return /** @type {any} */ ({
    view: store.view?.kind === kind ? store.view : null,
    personal: store.personal?.kind === kind ? store.personal : null,
    host: store.host?.kind === kind ? store.host : null,
  });
}

/**
 * Applies a `changes` message's changes to the page's copies of the current activity with its
 * kind's module (`applyChange`); the copies are updated in place, and a page that has no
 * copy of that activity (another one is current) or whose kind takes no changes ignores them.
 * @param {Store} store
 * @param {number} activity  the message's activity
 * @param {ActivityChange[]} changes
 * @param {{ applyChange?: (store: Store, change: ActivityChange) => void } | null} module  the current kind's
 * @returns {boolean}  whether they were applied (the page re-renders)
 */
export function applyChanges(store, activity, changes, module) {
  if (!store.view || store.view.id !== activity || !module?.applyChange) return false;
  for (const change of changes) module.applyChange(store, change);
  return true;
}
