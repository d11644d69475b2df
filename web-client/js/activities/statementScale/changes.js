// Small changes to a statement scale, applied to this page's copies: a statement's spread, to
// the host always and to everyone when the spread is live.

import { copiesOf } from '../kit.js';

/** @typedef {import('../index.js').Store} Store */
/** @typedef {import('../../../gen/ActivityChange').ActivityChange} ActivityChange */

/**
 * @param {Store} store
 * @param {ActivityChange} change
 */
export function applyChange(store, change) {
  if (change.kind !== 'statementScale' || change.type !== 'spread') return;
  const { view, host } = copiesOf(store, 'statementScale');
  const p = view?.phase;
  if (view && view.live && p && (p.phase === 'open' || p.phase === 'closed') && p.statement === change.statement) {
    view.spread = change.spread;
  }
  if (host && change.statement < host.spreads.length) host.spreads[change.statement] = change.spread;
}
