// The pitch round on the projector: the pitching order, then the team that pitches now (big,
// with its countdown and who is next), "rate this pitch on your phone" with the count of
// ratings received, and at the end every team's results side by side. Never a name, never a
// top or a tip.

import { v } from '../../view.js';
import { teamBadge, teamClass } from '../../teams.js';
import { fitRef } from '../../fit.js';
import { criterionName, mean, ps, ratingCount, teamName } from './strings.js';

export { applyChange } from './changes.js';

/** Before the start the projector shows the pitching order (and the room's code in its strip). */
export const showsLobby = true;

/** @typedef {import('../index.js').ScreenCtx<'pitches'>} ScreenCtx */
/** @typedef {import('../../view.js').VNode} VNode */

/**
 * A team's badge and name.
 * @param {ScreenCtx} ctx
 * @param {number} id
 * @param {string} tag
 * @param {string} cls
 * @param {string} testid
 */
function team(ctx, id, tag, cls, testid) {
  const t = ctx.teams.teams.find((x) => x.id === id);
  return v(tag, { class: `${cls} ${t ? teamClass(t) : ''} fit-item`, testid },
    t ? teamBadge(t, ctx.teams) : null, ' ', v('span', { class: 'team-text' }, teamName(ctx.teams, id)));
}

/**
 * @param {ScreenCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const phase = view.phase;
  if (phase.phase === 'lobby') {
    return v('section', { class: 'screen-pitches', testid: 'screen-pitch-order' },
      v('h1', null, view.title),
      v('h2', { class: 'muted' }, ps('screenOrder')),
      v('div', { class: 'screen-fit pitch-order-fit', ref: fitRef(56, null) },
        v('ol', { class: 'pitch-order' }, view.order.map((id) => v('li', { key: id },
          team(ctx, id, 'p', 'pitch-order-team', 'screen-order-team'))))));
  }
  if (phase.phase === 'results') {
    // One table, teams side by side in rows: the students' mean per criterion, the teachers'
    // mean under it, and how many rated.
    return v('section', { class: 'screen-pitches results', testid: 'screen-pitch-results' },
      v('h1', null, ps('screenResults')),
      v('div', { class: 'screen-fit pitch-board-fit', ref: fitRef(48, null) }, v('table', { class: 'pitch-board' },
        v('thead', null, v('tr', null,
          v('th', { class: 'pitch-board-team' }, ''),
          view.criteria.map((c, i) => v('th', { key: i, class: 'criterion fit-item' }, criterionName(c))),
          v('th', { class: 'pitch-board-count fit-item' }, ps('ratingsHead')))),
        v('tbody', null, phase.results.map((result) => v('tr', { key: result.team, testid: 'screen-pitch-result' },
          team(ctx, result.team, 'th', 'pitch-board-team', 'screen-result-team'),
          view.criteria.map((_, c) => {
            const students = result.students.means[c];
            const teachers = result.teachers.means[c];
            return v('td', { key: c, class: 'pitch-board-score' },
              v('span', { class: 'mean-students' }, students === undefined ? '–' : mean(students)),
              students === undefined ? null : v('span', { class: 'mean-bar', style: `width:${(students / 5) * 100}%` }),
              teachers === undefined ? null : v('span', { class: 'mean-teachers' }, `${ps('teacher')} ${mean(teachers)}`));
          }),
          v('td', { class: 'pitch-board-count' }, String(result.students.count),
            result.teachers.count ? v('span', { class: 'mean-teachers' }, `+ ${result.teachers.count} ${ps('teacher')}`) : null)))))));
  }
  const next = view.order[phase.index + 1];
  const count = ctx.progress?.responded ?? 0;
  const timer = ctx.countdown && phase.phase !== 'closed'
    ? v('span', { class: `timer${ctx.countdown.remainingMs() < 10_000 ? ' urgent' : ''}`, testid: 'screen-countdown' }, String(ctx.countdown.seconds()))
    : null;
  return v('section', { class: `screen-pitches ${phase.phase}`, testid: `screen-pitch-${phase.phase}` },
    v('div', { class: 'q-top' },
      v('span', { class: 'q-count' }, view.title, ` · ${phase.index + 1}/${view.order.length}`),
      timer),
    v('p', { class: 'pitch-now' }, phase.phase === 'pitch' ? ps('nowPitching') : phase.phase === 'feedback' ? ps('screenGiveFeedback') : ps('screenClosed')),
    v('div', { class: 'screen-fit pitch-big-fit', ref: fitRef(200, null) }, team(ctx, phase.team, 'p', 'pitch-big-team', 'screen-pitch-team')),
    phase.phase === 'pitch' ? null : v('p', { class: 'pitch-count', testid: 'screen-rating-count' }, ratingCount(count)),
    next !== undefined ? v('p', { class: 'pitch-next muted' }, ps('screenUpNext', { team: teamName(ctx.teams, next) })) : null);
}
