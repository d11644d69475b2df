// The hand raise on the projector: the question and how many hands are up (the coalesced
// `progress` while open, the view's count after). Never a name.

import { v } from '../../view.js';
import { hr } from './strings.js';

/** @typedef {import('../index.js').ScreenCtx<'handRaise'>} ScreenCtx */
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
  return v('section', { class: 'screen-handraise', testid: 'screen-handraise' },
    v('h1', { class: 'q-text' }, view.title),
    v('p', { class: 'handraise-count', testid: 'screen-handraise-count' }, hr('raised', { n })));
}
