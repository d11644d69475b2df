// Small changes to a brainstorm wall, applied to this page's copies: everyone gets cards as they
// appear, change and leave the wall; the host also gets every card as it sees it.

import { copiesOf, upsert } from '../kit.js';

/** @typedef {import('../index.js').Store} Store */
/** @typedef {import('../../../gen/ActivityChange').ActivityChange} ActivityChange */
/** @typedef {import('../../../gen/IdeaCard').IdeaCard} IdeaCard */

/**
 * Cards in the order every page shows them: pinned first, then as they came.
 * @param {IdeaCard[]} cards
 */
export function shownOrder(cards) {
  return [...cards.filter((c) => c.pinned), ...cards.filter((c) => !c.pinned)];
}

/**
 * @param {Store} store
 * @param {ActivityChange} change
 */
export function applyChange(store, change) {
  if (change.kind !== 'brainstorm') return;
  const { view, host } = copiesOf(store, 'brainstorm');
  switch (change.type) {
    case 'card':
      if (view) {
        upsert(view.cards, change.card, (c) => c.id);
        view.total = change.total;
      }
      break;
    case 'gone':
      if (view) {
        view.cards = view.cards.filter((c) => c.id !== change.id);
        view.total = change.total;
      }
      break;
    case 'host':
      if (host) upsert(host.cards, change.card, (c) => c.id);
      break;
    case 'hostGone':
      if (host) host.cards = host.cards.filter((c) => c.id !== change.id);
      break;
    default:
      break;
  }
}
