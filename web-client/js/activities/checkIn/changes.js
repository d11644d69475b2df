// The check-in's small changes: the console's word list, replaced whole (coalesced on the
// server's tick, so a hall answering at once costs the console one message per tick).

import { copiesOf } from '../kit.js';

/**
 * @param {import('../index.js').Store} store
 * @param {import('../../../gen/ActivityChange').ActivityChange} change
 */
export function applyChange(store, change) {
  if (change.kind !== 'checkIn') return;
  const { host } = copiesOf(store, 'checkIn');
  if (host && change.type === 'words') host.words = change.words;
}
