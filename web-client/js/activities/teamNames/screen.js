// The team-name brainstorm on the projector: what to do now with the teams and how many took
// part, then every team's new name together, with a short flourish. While the teacher settles
// ties the projector shows no name: only which teams vote again and which are ready.

import { v } from '../../view.js';
import { teamBadge, teamClass } from '../../teams.js';
import { tn } from './strings.js';

export { applyChange } from './changes.js';

/** @typedef {import('../index.js').ScreenCtx} ScreenCtx */
/** @typedef {import('../../../gen/TeamNamesView').TeamNamesView} TeamNamesView */

/**
 * @param {ScreenCtx} ctx
 * @returns {import('../../view.js').VNode}
 */
export function render(ctx) {
  const view = /** @type {TeamNamesView} */ (ctx.view);
  const phase = view.phase;
  const teams = ctx.teams;
  if (phase.phase === 'reveal') {
    return v('section', { class: 'screen-names reveal', testid: 'screen-names-reveal' },
      v('h1', null, tn('screenReveal')),
      v('div', { class: `names-grid${phase.results.length > 6 ? ' many' : ''}` }, phase.results.map((r, i) => {
        const team = teams.teams.find((x) => x.id === r.team);
        return v('div', {
          key: r.team, class: `name-tile flourish ${team ? teamClass(team) : ''}`, testid: 'screen-name-result',
          style: `animation-delay:${i * 0.25}s`,
        },
        team ? teamBadge(team, teams) : null,
        v('p', { class: 'name-tile-name', testid: 'screen-name-result-name' }, r.name),
        v('p', { class: 'name-tile-note' }, resultNote(r)));
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
        phase.runoff.length ? v('span', { class: 'answered', testid: 'screen-answered' }, tn('votedCount', { n })) : null),
      v('h1', { class: 'q-text' }, phase.runoff.length ? tn('screenRunoff') : tn('screenDecide')),
      v('div', { class: `names-grid${teams.teams.length > 6 ? ' many' : ''}` }, teams.teams.map((team) => v('div', {
        key: team.id, class: `name-tile ${teamClass(team)}`, testid: 'screen-decide-team',
      }, teamBadge(team, teams), v('p', { class: 'name-tile-name' }, team.name),
      v('p', { class: 'name-tile-note' }, phase.runoff.includes(team.id) ? tn('tileRunoff')
        : phase.tied.includes(team.id) ? tn('tileTied') : tn('tileReady'))))));
  }
  return v('section', { class: 'screen-names', testid: 'screen-names' },
    v('div', { class: 'q-top' },
      v('span', { class: 'q-count' }, view.title),
      ctx.countdown ? v('span', { class: `timer${ctx.countdown.remainingMs() < 5000 ? ' urgent' : ''}`, testid: 'screen-countdown' }, String(ctx.countdown.seconds())) : null,
      v('span', { class: 'answered', testid: 'screen-answered' }, proposing ? tn('proposedCount', { n }) : tn('votedCount', { n }))),
    v('h1', { class: 'q-text' }, proposing ? tn('screenPropose') : tn('screenVote')),
    v('div', { class: `names-grid${teams.teams.length > 6 ? ' many' : ''}` }, teams.teams.map((team) => v('div', {
      key: team.id, class: `name-tile ${teamClass(team)}`,
    }, teamBadge(team, teams), v('p', { class: 'name-tile-name' }, team.name),
    v('p', { class: 'name-tile-note' }, team.members.map((m) => m.nickname).join(', '))))));
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
