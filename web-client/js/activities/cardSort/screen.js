// The card-sort on the projector: the title, how many are sorting and the columns while it is
// open; the heatmap (cards × columns) once revealed, or live when the organiser chose so. A
// cell under the privacy floor shows no number; there are no totals and never a name.

import { v } from '../../view.js';
import { cs } from './strings.js';
import { heatmapGrid } from './heatmap.js';

export { applyChange } from './changes.js';

/** What students will do, shown big before it opens. */
export const comingUp = () => cs('comingUp');

/** @typedef {import('../index.js').ScreenCtx<'cardSort'>} ScreenCtx */
/** @typedef {import('../../view.js').VNode} VNode */

/**
 * @param {ScreenCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const phase = view.phase.phase;
  const top = v('div', { class: 'sort-top' },
    v('h1', { class: 'q-text sort-screen-title' }, view.title),
    phase === 'lobby' ? null : v('span', { class: 'answered', testid: 'screen-sort-count' }, cs('sorted', { n: ctx.progress?.responded ?? 0 })));
  if (view.heatmap) {
    return v('section', { class: 'screen-sort', testid: 'screen-sort' }, top,
      heatmapGrid(view, view.heatmap, null, 'screen-sort-heatmap'));
  }
  return v('section', { class: 'screen-sort', testid: 'screen-sort' }, top,
    v('p', { class: 'sort-call' }, phase === 'lobby' ? cs('comingUp') : phase === 'open' ? cs('screenCall') : cs('screenClosed'),
      phase === 'lobby' ? null : v('span', { class: 'muted' }, ` · ${cs('screenHidden')}`)),
    v('ol', { class: 'sort-screen-columns', testid: 'screen-sort-columns' }, view.columns.map((c, k) => v('li', { key: k }, c))));
}
