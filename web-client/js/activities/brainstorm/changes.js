// Small changes to a brainstorm wall, applied to this page's copies: everyone gets cards as they
// appear, change and leave the wall; the host also gets every card as it sees it.

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
 * @template {{ id: number }} T
 * @param {T[]} list
 * @param {T} item
 */
function upsert(list, item) {
  const at = list.findIndex((x) => x.id === item.id);
  if (at >= 0) list[at] = item;
  else list.push(item);
}

/**
 * @param {Store} store
 * @param {ActivityChange} change
 */
export function applyChange(store, change) {
  if (change.kind !== 'brainstorm') return;
  const view = store.view?.kind === 'brainstorm' ? store.view : null;
  const host = store.host?.kind === 'brainstorm' ? store.host : null;
  switch (change.type) {
    case 'card':
      if (view) {
        upsert(view.cards, change.card);
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
      if (host) upsert(host.cards, change.card);
      break;
    case 'hostGone':
      if (host) host.cards = host.cards.filter((c) => c.id !== change.id);
      break;
    default:
      break;
  }
}
