// The team-name brainstorm on the projector: what to do now with the teams and how many took
// part, then every team's new name together, with a short flourish. While the teacher settles
// ties the projector shows no name: only which teams vote again and which are ready.

import { columnsFor, fitRef } from '../../fit.js';
import { v } from '../../view.js';
import { teamBadge, teamClass } from '../../teams.js';
import { tn } from './strings.js';
import { kw } from '../kit.js';

export { applyChange } from './changes.js';

/** What students will do, shown big before the proposing starts. */
export const comingUp = () => tn('comingUp');

/** @typedef {import('../index.js').ScreenCtx<'teamNames'>} ScreenCtx */

/**
 * @param {ScreenCtx} ctx
 * @returns {import('../../view.js').VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const phase = view.phase;
  const teams = ctx.teams;
  if (phase.phase === 'reveal') {
    return v('section', { class: 'screen-names reveal', testid: 'screen-names-reveal' },
      v('h1', null, tn('screenReveal')),
      namesGrid(phase.results.map((r) => r.name), phase.results.map((r, i) => {
        const team = teams.teams.find((x) => x.id === r.team);
        return v('div', {
          key: r.team, class: `name-tile flourish ${team ? teamClass(team) : ''}`, testid: 'screen-name-result',
          style: `animation-delay:${(i * Math.min(0.25, 2 / phase.results.length)).toFixed(2)}s`,
        },
        v('p', { class: 'name-tile-name fit-item' }, team ? teamBadge(team, teams) : null, team ? ' ' : null,
          v('span', { testid: 'screen-name-result-name' }, r.name)),
        v('p', { class: 'name-tile-note fit-item' }, resultNote(r)));
      })));
  }
  const proposing = phase.phase === 'propose';
  const n = ctx.progress?.responded ?? 0;
  if (phase.phase === 'decide') {
    // No name before the reveal: which teams vote again, which wait for the teacher.
    return v('section', { class: 'screen-names', testid: 'screen-names-decide' },
      v('div', { class: 'q-top' },
        v('span', { class: 'q-count' }, view.title),
        ctx.countdown ? v('span', { class: 'timer', testid: 'screen-countdown' }, String(ctx.countdown.seconds())) : null,
        phase.runoff.length ? v('span', { class: 'answered', testid: 'screen-answered' }, kw('votedCount', { n })) : null),
      v('h1', { class: 'q-text' }, phase.runoff.length ? tn('screenRunoff') : tn('screenDecide')),
      namesGrid(teams.teams.map((team) => team.name), teams.teams.map((team) => v('div', {
        key: team.id, class: `name-tile ${teamClass(team)}`, testid: 'screen-decide-team',
      }, v('p', { class: 'name-tile-name fit-item' }, teamBadge(team, teams), ' ', team.name),
      v('p', { class: 'name-tile-note fit-item' }, phase.runoff.includes(team.id) ? tn('tileRunoff')
        : phase.tied.includes(team.id) ? tn('tileTied') : tn('tileReady'))))));
  }
  return v('section', { class: 'screen-names', testid: 'screen-names' },
    v('div', { class: 'q-top' },
      v('span', { class: 'q-count' }, view.title),
      ctx.countdown ? v('span', { class: `timer${ctx.countdown.remainingMs() < 5000 ? ' urgent' : ''}`, testid: 'screen-countdown' }, String(ctx.countdown.seconds())) : null,
      v('span', { class: 'answered', testid: 'screen-answered' }, proposing ? tn('proposedCount', { n }) : kw('votedCount', { n }))),
    v('h1', { class: 'q-text' }, proposing ? tn('screenPropose') : tn('screenVote')),
    namesGrid(teams.teams.map((team) => team.name), teams.teams.map((team) => v('div', {
      key: team.id, class: `name-tile ${teamClass(team)}`, testid: 'screen-names-team',
    }, v('p', { class: 'name-tile-name fit-item' }, teamBadge(team, teams), ' ', team.name),
    v('p', { class: 'name-tile-note fit-item', testid: 'screen-names-members' }, team.members.map((m) => m.nickname).join(', '))))));
}

/**
 * The teams' tiles in the rest of the screen, in the largest type at which every tile fits
 * (names never below the readable floor).
 * @param {string[]} names  the names on the tiles (no column is narrower than their longest word)
 * @param {import('../../view.js').VNode[]} tiles
 */
function namesGrid(names, tiles) {
  return v('div', { class: 'screen-fit names-fit', testid: 'screen-names-fit', ref: fitRef(48, null) },
    v('div', { class: 'names-grid', style: columnsFor(names, 1.5) }, tiles));
}

/**
 * How a revealed name was decided, in a few words.
 * @param {import('../../../gen/TeamNameResult').TeamNameResult} r
 */
function resultNote(r) {
  const votes = r.votes === 1 ? tn('votesOne') : tn('votes', { n: r.votes });
  switch (r.how) {
    case 'lot': return tn('drawn');
    case 'teacher': return tn('howTeacher');
    case 'runoff': return `${votes} · ${tn('howRunoff')}`;
    case 'kept': return tn('howKept');
    case 'tied': return tn('tileTied');
    default: return votes;
  }
}
