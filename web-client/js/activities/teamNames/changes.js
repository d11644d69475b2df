// Small changes to a team-name brainstorm, applied to this page's copies: a team's phones
// get its proposals as they come and go; the host gets every proposal with its votes, and
// each team's decision as its run-off votes come in.

/** @typedef {import('../index.js').Store} Store */
/** @typedef {import('../../../gen/ActivityChange').ActivityChange} ActivityChange */

/**
 * @param {Store} store
 * @param {ActivityChange} change
 */
export function applyChange(store, change) {
  if (change.kind !== 'teamNames') return;
  const personal = store.personal?.kind === 'teamNames' ? store.personal : null;
  const host = store.host?.kind === 'teamNames' ? store.host : null;
  switch (change.type) {
    case 'proposal': {
      const p = change.proposal;
      if (personal && personal.team === p.team) {
        const at = personal.proposals.findIndex((x) => x.id === p.id);
        if (at >= 0) personal.proposals[at] = p;
        else personal.proposals.push(p);
      }
      break;
    }
    case 'gone':
      if (personal) {
        personal.proposals = personal.proposals.filter((x) => x.id !== change.id);
        personal.mine = personal.mine.filter((x) => x !== change.id);
      }
      if (host) host.proposals = host.proposals.filter((x) => x.id !== change.id);
      break;
    case 'host': {
      if (!host) break;
      const at = host.proposals.findIndex((x) => x.id === change.proposal.id);
      if (at >= 0) host.proposals[at] = change.proposal;
      else host.proposals.push(change.proposal);
      break;
    }
    case 'decision': {
      if (!host) break;
      const at = host.decisions.findIndex((x) => x.team === change.decision.team);
      if (at >= 0) host.decisions[at] = change.decision;
      else host.decisions.push(change.decision);
      break;
    }
    default:
      break;
  }
}
