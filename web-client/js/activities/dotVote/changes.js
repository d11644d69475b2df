// Small changes to a dot-vote, applied to this page's copies: an option's tally, to the host
// always and to everyone when the results are live.

import { copiesOf, upsert } from '../kit.js';

/** @typedef {import('../index.js').Store} Store */
/** @typedef {import('../../../gen/ActivityChange').ActivityChange} ActivityChange */
/** @typedef {import('../../../gen/OptionTally').OptionTally} OptionTally */
/** @typedef {import('../../../gen/OptionResult').OptionResult} OptionResult */

/**
 * @param {Store} store
 * @param {ActivityChange} change
 */
export function applyChange(store, change) {
  if (change.kind !== 'dotVote' || change.type !== 'tally') return;
  const { view, host } = copiesOf(store, 'dotVote');
  if (view?.tally) upsert(view.tally, change.tally, (t) => t.option);
  if (host) upsert(host.tally, change.tally, (t) => t.option);
}

/**
 * Options with their dots, best first; equal dots share a rank (1, 2, 2, 4).
 * @param {OptionTally[]} tally
 * @returns {OptionResult[]}
 */
export function ranked(tally) {
  return [...tally]
    .map((t) => ({ ...t, rank: 1 + tally.filter((o) => o.dots > t.dots).length }))
    .sort((a, b) => a.rank - b.rank || a.option - b.option);
}
