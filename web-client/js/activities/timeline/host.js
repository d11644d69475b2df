// The timeline slide in the host console: show it, switch between the sessions and the shifts,
// done; the presenter's steps; and the editor (its heading). What the projector shows is the
// board in the run panel too.

import { v } from '../../view.js';
import { tl } from './strings.js';
import { flowControls, scrollBox, textField } from '../fields.js';
import { editorFooter, kw, openDraft, saveDraft } from '../kit.js';
import { sessionsBoard, shiftsBoard } from './draw.js';

/** @typedef {import('../index.js').HostCtx<'timeline'>} HostCtx */
/** @typedef {import('../index.js').EditorCtx} EditorCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../../../gen/TimelineInput').TimelineInput} TimelineInput */

/** The kind's name. */
export function label() {
  return tl('kind');
}

/** @param {ActivitySpec} spec */
export function summary(spec) {
  return spec.kind === 'timeline' ? tl('summary') : '';
}

/** @param {import('../index.js').ViewOf<'timeline'>} view */
export function phase(view) {
  switch (view.phase.phase) {
    case 'lobby': return kw('waitingToStart');
    case 'sessions': return tl('phaseSessions');
    case 'shifts': return tl('phaseShifts');
    default: return tl('phaseClosed');
  }
}

/**
 * The presenter's steps: show, the shifts, done; back from the shifts to the sessions.
 * @param {HostCtx} ctx
 * @returns {import('../../present.js').Steps}
 */
export function steps(ctx) {
  const p = ctx.view.phase.phase;
  /** @param {string} label @param {TimelineInput} input */
  const step = (label, input) => ({ label, run: () => ctx.send({ kind: 'timeline', ...input }) });
  const next = p === 'lobby' ? step(tl('show'), { type: 'show' })
    : p === 'sessions' ? step(tl('showShifts'), { type: 'shifts' })
      : p === 'shifts' ? step(tl('close'), { type: 'close' }) : null;
  const back = p === 'shifts' ? step(tl('showSessions'), { type: 'show' }) : null;
  return { next, back };
}

/**
 * The run panel: the steps, then the board as the projector shows it.
 * @param {HostCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const p = view.phase.phase;
  /** @param {string} testid @param {string} text @param {TimelineInput} input @param {boolean} primary */
  const button = (testid, text, input, primary) => v('button', {
    key: testid, type: 'button', class: primary ? 'primary' : '', testid, onclick: () => ctx.send({ kind: 'timeline', ...input }),
  }, text);
  return v('div', { class: 'timeline-host' },
    flowControls(ctx,
      p === 'lobby' ? button('timeline-show', tl('show'), { type: 'show' }, true) : null,
      p === 'sessions' || p === 'closed' ? button('timeline-shifts', tl('showShifts'), { type: 'shifts' }, p === 'sessions') : null,
      p === 'shifts' ? button('timeline-sessions', tl('showSessions'), { type: 'show' }, false) : null,
      p === 'sessions' || p === 'shifts' ? button('timeline-close', tl('close'), { type: 'close' }, p === 'shifts') : null),
    view.timeline
      ? scrollBox('timeline-host-board',
        p === 'shifts' ? shiftsBoard(view.timeline, 'host-tl-shifts') : sessionsBoard(view.timeline, 'host-tl-sessions'))
      : v('p', { class: 'muted' }, tl('hint')));
}

/** The editor's draft, kept across renders. */
const draft = {
  session: -1,
  title: '',
  /** @type {string[]} */
  errors: [],
};

/**
 * @param {EditorCtx} ctx
 * @returns {VNode}
 */
export function editor(ctx) {
  openDraft(draft, ctx, () => {
    const spec = ctx.spec?.kind === 'timeline' ? ctx.spec : null;
    return { title: spec?.title ?? tl('titleDefault') };
  });
  const save = () => {
    /** @type {string[]} */
    const errors = [];
    if (!draft.title.trim()) errors.push(kw('errTitle'));
    saveDraft(draft, ctx, errors, () => ({ kind: 'timeline', title: draft.title.trim() }));
  };
  return v('div', { class: 'timeline-editor' },
    v('h2', null, ctx.editing === null ? tl('editorNew') : tl('editorEdit')),
    v('p', { class: 'muted' }, tl('hint')),
    textField('timeline-title', tl('title'), draft.title, (x) => { draft.title = x; }, { maxlength: 200 }),
    editorFooter(ctx, save, draft.errors));
}
