// "You said → we did" on a phone: the same pairs as the projector, as they are revealed, readable
// on a 360 px screen, and one big "👍 seen" button while it shows (counted anonymously, once).

import { v } from '../../view.js';
import { wd } from './strings.js';
import { pairList } from './pairs.js';
import { enter, perActivity, sendStatus } from '../kit.js';

/** @typedef {import('../index.js').PhoneCtx<'weDid'>} PhoneCtx */
/** @typedef {import('../../view.js').VNode} VNode */

/** What this phone sent, per activity (reset when another activity becomes current). */
const local = perActivity(() => ({
  /** @type {string | null} the "seen" sent, for its sending/received status */
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
      v('p', { class: 'muted' }, wd('kind')), v('h1', null, view.title), v('p', { class: 'lead' }, wd('startsSoon')));
  }
  const showing = view.phase.phase === 'showing';
  const seen = personal?.seen ?? false;
  return v('section', { class: 'card wedid-phone', testid: 'wedid-phone' },
    v('h1', null, view.title),
    view.source ? v('p', { class: 'muted small', testid: 'wedid-from' }, wd('from', { title: view.source })) : null,
    pairList(view.pairs, 'wedid-phone-pairs', false),
    showing && view.pairs.length < view.total ? v('p', { class: 'muted wedid-more', testid: 'wedid-more' }, wd('more')) : null,
    showing && !seen ? v('button', {
      type: 'button', class: 'primary wedid-seen', testid: 'wedid-seen',
      onclick: () => { local.sentId = ctx.send({ kind: 'weDid', type: 'seen' }); ctx.rerender(); },
    }, wd('seen')) : null,
    seen ? v('p', { class: 'lead', testid: 'wedid-seen-done' }, wd('seenThanks')) : null,
    view.phase.phase === 'closed' ? v('p', { class: 'lead', testid: 'wedid-closed' }, wd('closed')) : null,
    sendStatus(ctx.outcome, local.sentId, 'wedid-status'));
}
