// The check-in on the projector: the question and how many responded while it is open; after closing the server's bars and words, or why nothing shows (below the floor).
// Never a name, never a bar the server did not send.

import { v } from '../../view.js';
import { ci } from './strings.js';
import { result } from './result.js';

/** @typedef {import('../index.js').ScreenCtx<'checkIn'>} ScreenCtx */
/** @typedef {import('../../view.js').VNode} VNode */

/** What students will do, shown big before it opens. */
export const comingUp = () => ci('comingUp');

/**
 * @param {ScreenCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  return v('section', { class: 'screen-checkin', testid: 'screen-checkin' },
    v('div', { class: 'wall-top' },
      v('h1', { class: 'q-text wall-prompt' }, view.title),
      v('span', { class: 'answered', testid: 'screen-checkin-counts' }, view.phase.phase === 'open'
        ? ci('responded', { n: ctx.progress?.responded ?? 0 }) : ci('counts', { n: view.answered, s: view.skipped }))),
    view.phase.phase === 'open' ? v('p', { class: 'checkin-call' }, ci('screenCall')) : null,
    result(view));
}
