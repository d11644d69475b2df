// The timeline on the projector: the heading, then every session side by side with its
// activities and results (or, on the host's step, the shifts: a statement or check-in asked
// again, its spread per session side by side), in a box that fits the screen (fit.js: 4
// sessions of 6 activities never scroll). Never a name: the server sends only what the
// projector may show.

import { v } from '../../view.js';
import { fitRef } from '../../fit.js';
import { tl } from './strings.js';
import { sessionsBoard, shiftsBoard } from './draw.js';

/** @typedef {import('../index.js').ScreenCtx<'timeline'>} ScreenCtx */
/** @typedef {import('../../view.js').VNode} VNode */

/** What comes, shown big before it starts. */
export const comingUp = () => tl('comingUp');

/**
 * @param {ScreenCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const timeline = view.timeline;
  const shifts = view.phase.phase === 'shifts';
  return v('section', { class: 'screen-timeline', testid: 'screen-timeline' },
    v('h1', { class: 'q-text tl-title-big' }, shifts ? `${view.title} · ${tl('shifts')}` : view.title),
    timeline
      ? v('div', { key: shifts ? 'shifts' : 'sessions', class: 'tl-box screen-fit', ref: fitRef(40) },
        shifts ? shiftsBoard(timeline, 'screen-tl-shifts') : sessionsBoard(timeline, 'screen-tl-sessions'))
      : v('p', { class: 'lead' }, tl('comingUp')));
}
