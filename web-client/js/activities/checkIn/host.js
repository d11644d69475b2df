// The check-in in the host console: open and close it, how many answered and skipped, the
// words for moderation (once the privacy floor is reached; hide one), the result as the
// projector shows it, and the editor (question, a word or not, anonymous, the privacy floor).

import { v } from '../../view.js';
import { ci } from './strings.js';
import { result } from './result.js';
import { checkField as check, flowControls, scrollBox, textField } from '../fields.js';
import { editorFooter, kw, openDraft, saveDraft } from '../kit.js';

export { applyChange } from './changes.js';

/** Late input makes sense here: the console offers to leave it open for the empty chair. */
export const lateInput = true;

/** @typedef {import('../index.js').HostCtx<'checkIn'>} HostCtx */
/** @typedef {import('../index.js').EditorCtx} EditorCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../../../gen/CheckInInput').CheckInInput} CheckInInput */

/** The kind's name. */
export function label() {
  return ci('kind');
}

/** @param {ActivitySpec} spec */
export function summary(spec) {
  if (spec.kind !== 'checkIn') return '';
  return ci('summary', { words: spec.words ? ci('summaryWords') : '', n: spec.privacyFloor });
}

/** @param {import('../index.js').ViewOf<'checkIn'>} view */
export function phase(view) {
  return view.phase.phase === 'lobby' ? kw('waitingToStart') : view.phase.phase === 'open' ? ci('phaseOpen') : ci('phaseClosed');
}

/**
 * The presenter's steps: open the check-in, close it; then the next activity.
 * @param {HostCtx} ctx
 * @returns {import('../../present.js').Steps}
 */
export function steps(ctx) {
  const p = ctx.view.phase.phase;
  /** @param {string} label @param {CheckInInput} input */
  const step = (label, input) => ({ label, run: () => ctx.send({ kind: 'checkIn', ...input }) });
  return { next: p === 'lobby' ? step(ci('open'), { type: 'open' }) : p === 'open' ? step(ci('close'), { type: 'close' }) : null, back: null };
}

/**
 * @param {HostCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  /** @param {CheckInInput} input */
  const send = (input) => ctx.send({ kind: 'checkIn', ...input });
  /** @param {string} testid @param {string} text @param {CheckInInput} input */
  const button = (testid, text, input) => v('button', { key: testid, type: 'button', class: 'primary', testid, onclick: () => send(input) }, text);
  const words = ctx.host?.kind === 'checkIn' ? ctx.host.words : [];
  return v('div', { class: 'checkin-host' },
    view.phase.phase !== 'lobby' ? v('p', { class: 'progress', testid: 'host-progress' }, view.phase.phase === 'open'
      ? ci('responded', { n: ctx.progress?.responded ?? 0 }) : ci('counts', { n: view.answered, s: view.skipped })) : null,
    flowControls(ctx,
      view.phase.phase === 'lobby' ? button('checkin-open', ci('open'), { type: 'open' }) : null,
      view.phase.phase === 'open' ? button('checkin-close', ci('close'), { type: 'close' }) : null),
    view.phase.phase === 'lobby' ? null : result(view),
    words.length ? v('h3', null, ci('hostWords')) : null,
    words.length ? scrollBox('checkin-host-scroll', v('ul', { class: 'checkin-host-words', testid: 'checkin-host-words' }, words.map((w) => v('li', {
      key: w.word, class: 'row', testid: 'checkin-host-word',
    },
    v('span', { class: 'grow' }, w.word), v('span', { class: 'votes' }, String(w.count)),
    w.hidden ? v('span', { class: 'badge muted' }, ci('hiddenWord'))
      : v('button', { type: 'button', class: 'secondary small', testid: 'checkin-hide', onclick: () => send({ type: 'hideWord', word: w.word }) }, ci('hide')))))) : null);
}

/** The editor's draft, kept across renders. */
const draft = {
  session: -1,
  title: '',
  words: true,
  anonymous: true,
  floor: '5',
  /** @type {string[]} */
  errors: [],
};

/**
 * @param {EditorCtx} ctx
 * @returns {VNode}
 */
export function editor(ctx) {
  openDraft(draft, ctx, () => {
    const spec = ctx.spec?.kind === 'checkIn' ? ctx.spec : null;
    return {
      title: spec?.title ?? ci('titleDefault'),
      words: spec?.words ?? true,
      anonymous: spec?.anonymous ?? true,
      floor: String(spec?.privacyFloor ?? 5),
    };
  });
  const save = () => {
    /** @type {string[]} */
    const errors = [];
    const floor = Number(draft.floor);
    if (!draft.title.trim()) errors.push(kw('errTitle'));
    if (!Number.isInteger(floor) || floor < 3 || floor > 10) errors.push(ci('errFloor'));
    saveDraft(draft, ctx, errors, () => ({
      kind: 'checkIn', title: draft.title.trim(), words: draft.words, anonymous: draft.anonymous, privacyFloor: floor,
    }));
  };
  return v('div', { class: 'checkin-editor' },
    v('h2', null, ctx.editing === null ? ci('editorNew') : ci('editorEdit')),
    textField('checkin-title', ci('title'), draft.title, (x) => { draft.title = x; }, { maxlength: 200 }),
    check('checkin-ask-word', ci('askWord'), draft.words, (x) => { draft.words = x; }),
    check('checkin-anonymous', ci('anonymous'), draft.anonymous, (x) => { draft.anonymous = x; }),
    textField('checkin-floor', ci('floor'), draft.floor, (x) => { draft.floor = x; }, { inputmode: 'numeric', class: 'num' }),
    editorFooter(ctx, save, draft.errors));
}
