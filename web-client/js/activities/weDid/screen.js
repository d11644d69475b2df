// The we did on the projector: the question and how many hands are up (the coalesced
// `progress` while open, the view's count after). Never a name.

import { v } from '../../view.js';
import { hr } from './strings.js';

/** @typedef {import('../index.js').ScreenCtx<'weDid'>} ScreenCtx */
/** @typedef {import('../../view.js').VNode} VNode */

/** What students will do, shown big before it opens. */
export const comingUp = () => hr('comingUp');

/**
 * @param {ScreenCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const n = view.phase.phase === 'open' ? ctx.progress?.responded ?? view.raised : view.raised;
  return v('section', { class: 'screen-wedid', testid: 'screen-wedid' },
    v('h1', { class: 'q-text' }, view.title),
    v('p', { class: 'wedid-count', testid: 'screen-wedid-count' }, hr('raised', { n })));
}
