// The we did in the host console: open and close it, how many hands are up, the
// presenter's steps, and the editor (question, anonymous).

import { v } from '../../view.js';
import { hr } from './strings.js';
import { checkField as check, flowControls, textField } from '../fields.js';
import { editorFooter, kw, openDraft, saveDraft } from '../kit.js';

/** @typedef {import('../index.js').HostCtx<'weDid'>} HostCtx */
/** @typedef {import('../index.js').EditorCtx} EditorCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../../../gen/WeDidInput').WeDidInput} WeDidInput */

/** The kind's name. */
export function label() {
  return hr('kind');
}

/** @param {ActivitySpec} spec */
export function summary(spec) {
  if (spec.kind !== 'weDid') return '';
  return hr('summary', { anonymous: spec.anonymous ? hr('yes') : hr('no') });
}

/** @param {import('../index.js').ViewOf<'weDid'>} view */
export function phase(view) {
  return view.phase.phase === 'lobby' ? kw('waitingToStart') : view.phase.phase === 'open' ? hr('phaseOpen') : hr('phaseClosed');
}

/**
 * The presenter's steps: open, close; then the next activity.
 * @param {HostCtx} ctx
 * @returns {import('../../present.js').Steps}
 */
export function steps(ctx) {
  const p = ctx.view.phase.phase;
  /** @param {string} label @param {WeDidInput} input */
  const step = (label, input) => ({ label, run: () => ctx.send({ kind: 'weDid', ...input }) });
  return { next: p === 'lobby' ? step(hr('open'), { type: 'open' }) : p === 'open' ? step(hr('close'), { type: 'close' }) : null, back: null };
}

/**
 * The run panel.
 * @param {HostCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  /** @param {string} testid @param {string} text @param {WeDidInput} input */
  const button = (testid, text, input) => v('button', {
    key: testid, type: 'button', class: 'primary', testid, onclick: () => ctx.send({ kind: 'weDid', ...input }),
  }, text);
  const n = view.phase.phase === 'open' ? ctx.progress?.responded ?? view.raised : view.raised;
  return v('div', { class: 'wedid-host' },
    view.phase.phase !== 'lobby' ? v('p', { class: 'progress', testid: 'host-progress' }, hr('raised', { n })) : null,
    flowControls(ctx,
      view.phase.phase === 'lobby' ? button('wedid-open', hr('open'), { type: 'open' }) : null,
      view.phase.phase === 'open' ? button('wedid-close', hr('close'), { type: 'close' }) : null));
}

/** The editor's draft, kept across renders. */
const draft = {
  session: -1,
  title: '',
  anonymous: true,
  /** @type {string[]} */
  errors: [],
};

/**
 * @param {EditorCtx} ctx
 * @returns {VNode}
 */
export function editor(ctx) {
  openDraft(draft, ctx, () => {
    const spec = ctx.spec?.kind === 'weDid' ? ctx.spec : null;
    return { title: spec?.title ?? hr('titleDefault'), anonymous: spec?.anonymous ?? true };
  });
  const save = () => {
    /** @type {string[]} */
    const errors = [];
    if (!draft.title.trim()) errors.push(kw('errTitle'));
    saveDraft(draft, ctx, errors, () => ({ kind: 'weDid', title: draft.title.trim(), anonymous: draft.anonymous }));
  };
  return v('div', { class: 'wedid-editor' },
    v('h2', null, ctx.editing === null ? hr('editorNew') : hr('editorEdit')),
    textField('wedid-title', hr('title'), draft.title, (x) => { draft.title = x; }, { maxlength: 200 }),
    check('wedid-anonymous', hr('anonymous'), draft.anonymous, (x) => { draft.anonymous = x; }),
    editorFooter(ctx, save, draft.errors));
}
