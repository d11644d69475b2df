// Small changes to a team-name brainstorm, applied to this page's copies: a team's phones
// get its proposals as they come and go; the host gets every proposal with its votes, and
// each team's decision as its run-off votes come in.

import { copiesOf, upsert } from '../kit.js';

/** @typedef {import('../index.js').Store} Store */
/** @typedef {import('../../../gen/ActivityChange').ActivityChange} ActivityChange */

/**
 * @param {Store} store
 * @param {ActivityChange} change
 */
export function applyChange(store, change) {
  if (change.kind !== 'teamNames') return;
  const { personal, host } = copiesOf(store, 'teamNames');
  switch (change.type) {
    case 'proposal': {
      const p = change.proposal;
      if (personal && personal.team === p.team) upsert(personal.proposals, p, (x) => x.id);
      break;
    }
    case 'gone':
      if (personal) {
        personal.proposals = personal.proposals.filter((x) => x.id !== change.id);
        personal.mine = personal.mine.filter((x) => x !== change.id);
      }
      if (host) host.proposals = host.proposals.filter((x) => x.id !== change.id);
      break;
    case 'host':
      if (host) upsert(host.proposals, change.proposal, (x) => x.id);
      break;
    case 'decision':
      if (host) upsert(host.decisions, change.decision, (x) => x.team);
      break;
    default:
      break;
  }
}
