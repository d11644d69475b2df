// Small changes to a card-sort, applied to this page's copies: the heatmap, to the host always
// and to the projector too when it is live.

import { copiesOf } from '../kit.js';

/** @typedef {import('../index.js').Store} Store */
/** @typedef {import('../../../gen/ActivityChange').ActivityChange} ActivityChange */

/**
 * @param {Store} store
 * @param {ActivityChange} change
 */
export function applyChange(store, change) {
  if (change.kind !== 'cardSort' || change.type !== 'heatmap') return;
  const { view, host } = copiesOf(store, 'cardSort');
  const p = view?.phase.phase;
  if (view && (p === 'revealed' || (view.live && (p === 'open' || p === 'closed')))) view.heatmap = change.heatmap;
  if (host) host.heatmap = change.heatmap;
}
