// The pairs of a "you said → we did" slide as the phone and the projector draw them: each
// "said" with its "did" (or "still working on it"), the newest last. Student text is text.

import { v } from '../../view.js';
import { wd } from './strings.js';

/** @typedef {import('../../../gen/WeDidItem').WeDidItem} WeDidItem */
/** @typedef {import('../../view.js').VNode} VNode */

/**
 * The revealed pairs as a list; `fitItems` marks the texts for fit.js (the projector's box).
 * @param {WeDidItem[]} pairs
 * @param {string} testid
 * @param {boolean} fitItems
 * @returns {VNode}
 */
export function pairList(pairs, testid, fitItems) {
  const fit = fitItems ? ' fit-item' : '';
  return v('ol', { class: 'wedid-pairs', testid }, pairs.map((pair, i) => {
    const did = pair.did.trim();
    return v('li', { key: i, class: `wedid-pair${i === pairs.length - 1 ? ' newest' : ''}`, testid: `${testid}-pair` },
      v('div', { class: 'wedid-said' },
        v('span', { class: 'wedid-label' }, wd('said')),
        v('span', { class: `wedid-text${fit}`, testid: 'wedid-said-text' }, pair.said)),
      v('span', { class: 'wedid-arrow', aria: { hidden: 'true' } }, '→'),
      v('div', { class: `wedid-did${did ? '' : ' in-progress'}` },
        v('span', { class: 'wedid-label' }, wd('did')),
        v('span', { class: `wedid-text${fit}`, testid: 'wedid-did-text' }, did || `⏳ ${wd('inProgress')}`)));
  }));
}
