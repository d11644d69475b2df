// "You said → we did" on the projector: the title, where the ideas came from, how many tapped
// "👍 seen", and the revealed pairs in a box that fits the screen (fit.js: 1 to 8 pairs of up to
// 280 characters each, never scrolling), the newest highlighted. Never a name.

import { v } from '../../view.js';
import { fitRef } from '../../fit.js';
import { wd } from './strings.js';
import { pairList } from './pairs.js';

/** @typedef {import('../index.js').ScreenCtx<'weDid'>} ScreenCtx */
/** @typedef {import('../../view.js').VNode} VNode */

/** What students will see, shown big before it starts. */
export const comingUp = () => wd('comingUp');

/**
 * @param {ScreenCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const showing = view.phase.phase === 'showing';
  const seen = showing ? ctx.progress?.responded ?? view.seen : view.seen;
  return v('section', { class: 'screen-wedid', testid: 'screen-wedid' },
    v('div', { class: 'wedid-top' },
      v('h1', { class: 'q-text wedid-title' }, view.title),
      v('span', { class: 'answered', testid: 'screen-wedid-seen', title: wd('seenCountLong', { n: seen }) }, wd('seenCount', { n: seen }))),
    view.source ? v('p', { class: 'wedid-from', testid: 'screen-wedid-from' }, wd('from', { title: view.source })) : null,
    v('div', { class: 'wedid-box screen-fit', ref: fitRef(56) }, pairList(view.pairs, 'screen-wedid-pairs', true)),
    showing && view.pairs.length < view.total
      ? v('p', { class: 'wedid-more', testid: 'screen-wedid-more' }, `${view.pairs.length} / ${view.total}`) : null);
}
