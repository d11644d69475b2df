// The open question on the projector: the question and how many answered; below the privacy
// floor only that; then the answers as a word cloud (the server's words, laid out by d3-cloud,
// with a count of the longer answers beside it) or as cards in the largest type at which all
// of them fit. The facilitator switches between the two live. Names only on a named question.

import { v } from '../../view.js';
import { fitRef } from '../../fit.js';
import { oq } from './strings.js';
import { cloudRef } from './cloud.js';

export { applyChange } from './changes.js';

/** What students will do, shown big before it opens. */
export const comingUp = () => oq('comingUp');

/** @typedef {import('../index.js').ScreenCtx<'openQuestion'>} ScreenCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/OpenAnswer').OpenAnswer} OpenAnswer */

/** Most cards the projector shows at once (the newest). */
const MAX_CARDS = 300;

/**
 * @param {ScreenCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const top = v('div', { class: 'wall-top' },
    v('h1', { class: 'q-text wall-prompt', testid: 'oq-screen-question' }, view.title),
    v('span', { class: 'answered', testid: 'oq-screen-count' },
      view.shown ? (view.total === 1 ? oq('answersOne') : oq('answersCount', { n: view.total }))
        : oq('respondedCount', { n: ctx.progress?.responded ?? 0 })));
  if (!view.shown) {
    return v('section', { class: 'oq-screen', testid: 'oq-screen' }, top,
      v('div', { class: 'oq-wait' },
        view.phase.phase === 'open' ? v('p', { class: 'oq-call' }, oq('screenCall')) : null,
        v('p', { class: 'muted', testid: 'oq-floor' }, oq('waitFloor', { n: view.privacyFloor }))));
  }
  if (view.display === 'cards') {
    const cards = view.cards.slice(-MAX_CARDS);
    return v('section', { class: 'oq-screen', testid: 'oq-screen' }, top,
      v('div', { class: 'oq-box screen-fit', ref: fitRef(56), testid: 'oq-cards' },
        v('ul', { class: 'oq-grid' }, cards.map(card))));
  }
  return v('section', { class: 'oq-screen', testid: 'oq-screen' }, top,
    view.words.length === 0 ? v('p', { class: 'oq-call' }, oq('noWords')) : null,
    v('div', {
      key: `cloud-${view.id}`, class: 'oq-cloud', testid: 'oq-cloud',
      ref: cloudRef(view.id, view.words, (n) => oq('moreWords', { n }), ctx.moderate ?? null),
    }),
    // Always there (empty when none), so that the cloud's box keeps its size when it comes.
    v('p', { class: `muted oq-not-in-cloud${view.notInCloud > 0 ? '' : ' none'}`, testid: 'oq-not-in-cloud' },
      view.notInCloud > 0 ? oq('notInCloud', { n: view.notInCloud }) : '\u00a0'));
}

/** @param {OpenAnswer} a */
function card(a) {
  return v('li', { key: a.id, class: 'oq-card', testid: 'oq-screen-card' },
    v('span', { class: 'oq-card-text fit-item' }, a.text),
    a.author ? v('span', { class: 'oq-card-author' }, a.author) : null);
}
