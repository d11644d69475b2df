// Small changes to a pitch round, applied to this page's copies: a team's phones get the cards
// the host released to it (and lose one the host hid); the host gets every card and every
// team's results as they change.

/** @typedef {import('../index.js').Store} Store */
/** @typedef {import('../../../gen/ActivityChange').ActivityChange} ActivityChange */

/**
 * Replaces the item with the same key in `list`, or appends it.
 * @template T
 * @param {T[]} list
 * @param {T} item
 * @param {(x: T) => unknown} key
 */
function upsert(list, item, key) {
  const at = list.findIndex((x) => key(x) === key(item));
  if (at >= 0) list[at] = item;
  else list.push(item);
}

/**
 * @param {Store} store
 * @param {ActivityChange} change
 */
export function applyChange(store, change) {
  if (change.kind !== 'pitches') return;
  const personal = store.personal?.kind === 'pitches' ? store.personal : null;
  const host = store.host?.kind === 'pitches' ? store.host : null;
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
