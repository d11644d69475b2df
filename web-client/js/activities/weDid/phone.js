// The we did on a phone: one big button that raises or lowers the own hand while it is
// open. The phone never shows others' hands.

import { v } from '../../view.js';
import { hr } from './strings.js';
import { enter, perActivity, sendStatus } from '../kit.js';

/** @typedef {import('../index.js').PhoneCtx<'weDid'>} PhoneCtx */
/** @typedef {import('../../view.js').VNode} VNode */

/** What this phone sent last, per activity (reset when another activity becomes current). */
const local = perActivity(() => ({
  /** @type {string | null} the last input sent, for its sending/received status */
  sentId: /** @type {string | null} */ (null),
}));

/**
 * @param {PhoneCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const personal = ctx.personal?.kind === 'weDid' ? ctx.personal : null;
  enter(local, view.id, () => ({}));
  if (view.phase.phase === 'lobby') {
    return v('section', { class: 'card wait', testid: 'wedid-lobby' },
      v('p', { class: 'muted' }, hr('kind')), v('h1', null, view.title), v('p', { class: 'lead' }, hr('startsSoon')));
  }
  if (view.phase.phase === 'closed') {
    return v('section', { class: 'card wait', testid: 'wedid-closed' },
      v('p', { class: 'muted' }, view.title), v('h1', null, hr('closed')));
  }
  const up = personal?.up ?? false;
  return v('section', { class: 'card wedid-phone', testid: 'wedid-phone' },
    v('h1', null, view.title),
    v('button', {
      type: 'button', class: 'primary wedid-button', testid: 'wedid-toggle', aria: { pressed: up ? 'true' : 'false' },
      onclick: () => { local.sentId = ctx.send({ kind: 'weDid', type: 'raise', up: !up }); ctx.rerender(); },
    }, up ? hr('lower') : hr('raise')),
    up ? v('p', { class: 'lead', testid: 'wedid-up' }, hr('yoursUp')) : null,
    sendStatus(ctx.outcome, local.sentId, 'wedid-status'));
}
