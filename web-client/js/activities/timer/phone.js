// The timer on a phone: the title and the time left, mid-sized (the projector has it big), with
// the calm end; beside another activity a thin bar above it.

import { v } from '../../view.js';
import { face } from './face.js';

/** @typedef {import('../index.js').PhoneCtx<'timer'>} PhoneCtx */
/** @typedef {import('../index.js').BesideCtx} BesideCtx */
/** @typedef {import('../../view.js').VNode} VNode */

/**
 * @param {PhoneCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  return v('section', { class: 'card timer-phone', testid: 'timer-phone' },
    v('h1', { class: 'timer-title' }, ctx.view.title),
    face(ctx.view, ctx.countdown, 'mid', 'timer'));
}

/**
 * Beside the current activity: one line with the title and the time.
 * @param {BesideCtx} ctx
 * @returns {VNode}
 */
export function beside(ctx) {
  if (ctx.view.kind !== 'timer') return v('span', null);
  return v('div', { class: 'timer-strip' },
    v('span', { class: 'timer-strip-title' }, ctx.view.title),
    face(ctx.view, ctx.countdown, 'small', 'beside-timer'));
}
