// The timeline on a phone: the same board as the projector (sessions stacked, or the shifts),
// to read along; phones send nothing.

import { v } from '../../view.js';
import { tl } from './strings.js';
import { sessionsBoard, shiftsBoard } from './draw.js';

/** @typedef {import('../index.js').PhoneCtx<'timeline'>} PhoneCtx */
/** @typedef {import('../../view.js').VNode} VNode */

/**
 * @param {PhoneCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  if (!view.timeline) {
    return v('section', { class: 'card wait', testid: 'timeline-lobby' },
      v('p', { class: 'muted' }, tl('kind')), v('h1', null, view.title), v('p', { class: 'lead' }, tl('startsSoon')));
  }
  const shifts = view.phase.phase === 'shifts';
  return v('section', { class: 'card timeline-phone', testid: 'timeline-phone' },
    v('h1', null, shifts ? tl('shifts') : view.title),
    shifts ? shiftsBoard(view.timeline, 'phone-tl-shifts') : sessionsBoard(view.timeline, 'phone-tl-sessions'));
}
