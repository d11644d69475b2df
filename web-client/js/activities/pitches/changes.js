// Small changes to a pitch round, applied to this page's copies: a team's phones get the cards
// the host released to it (and lose one the host hid); the host gets every card and every
// team's results as they change.

import { copiesOf, upsert } from '../kit.js';

/** @typedef {import('../index.js').Store} Store */
/** @typedef {import('../../../gen/ActivityChange').ActivityChange} ActivityChange */

/**
 * @param {Store} store
 * @param {ActivityChange} change
 */
export function applyChange(store, change) {
  if (change.kind !== 'pitches') return;
  const { personal, host } = copiesOf(store, 'pitches');
  switch (change.type) {
    case 'card':
      if (personal && personal.team === change.card.team) upsert(personal.feedback, change.card, (c) => c.id);
      break;
    case 'gone':
      if (personal) personal.feedback = personal.feedback.filter((c) => c.id !== change.id);
      if (host) host.cards = host.cards.filter((c) => c.id !== change.id);
      break;
    case 'hostCard':
      if (host) upsert(host.cards, change.card, (c) => c.id);
      break;
    case 'result':
      if (host) upsert(host.results, change.result, (r) => r.team);
      break;
    default:
      break;
  }
}
