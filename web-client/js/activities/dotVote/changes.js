// Small changes to a dot-vote, applied to this page's copies: an option's tally, to the host
// always and to everyone when the results are live.

/** @typedef {import('../index.js').Store} Store */
/** @typedef {import('../../../gen/ActivityChange').ActivityChange} ActivityChange */
/** @typedef {import('../../../gen/OptionTally').OptionTally} OptionTally */
/** @typedef {import('../../../gen/OptionResult').OptionResult} OptionResult */

/**
 * @param {OptionTally[]} list
 * @param {OptionTally} tally
 */
function upsert(list, tally) {
  const at = list.findIndex((x) => x.option === tally.option);
  if (at >= 0) list[at] = tally;
  else list.push(tally);
}

/**
 * @param {Store} store
 * @param {ActivityChange} change
 */
export function applyChange(store, change) {
  if (change.kind !== 'dotVote' || change.type !== 'tally') return;
  const view = store.view?.kind === 'dotVote' ? store.view : null;
  const host = store.host?.kind === 'dotVote' ? store.host : null;
  if (view?.tally) upsert(view.tally, change.tally);
  if (host) upsert(host.tally, change.tally);
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
