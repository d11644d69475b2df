// Dot-voting on the projector: the options and how many voted (with live results, their dots),
// then the ranking: bars of dots, ties sharing a place, and with results per team each bar
// split into the teams' colours. Everything fits the screen, however many options.

import { v } from '../../view.js';
import { teamBadge, teamClass } from '../../teams.js';
import { fitRef } from '../../fit.js';
import { dv } from './strings.js';
import { ranked } from './changes.js';
import { kw } from '../kit.js';

export { applyChange } from './changes.js';

/** What students will do, shown big before the vote opens. */
export const comingUp = () => dv('comingUp');

/** @typedef {import('../index.js').ScreenCtx<'dotVote'>} ScreenCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/DotVoteView').DotVoteView} DotVoteView */
/** @typedef {import('../../../gen/OptionResult').OptionResult} OptionResult */

/**
 * @param {ScreenCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const phase = view.phase;
  const voted = phase.phase === 'revealed' ? phase.voters : ctx.progress?.responded ?? 0;
  const top = v('div', { class: 'wall-top' },
    v('h1', { class: 'q-text wall-prompt' }, view.title),
    v('span', { class: 'answered', testid: 'screen-voted' }, kw('votedCount', { n: voted })));
  if (phase.phase === 'revealed') {
    return v('section', { class: 'screen-vote', testid: 'screen-vote-results' }, top,
      v('div', { class: 'vote-box screen-fit', ref: fitRef(48) }, ranking(ctx, view, phase.results)));
  }
  const live = view.tally ? ranked(view.tally) : null;
  return v('section', { class: 'screen-vote', testid: 'screen-vote' }, top,
    v('p', { class: 'vote-call' }, phase.phase === 'closed' ? dv('screenClosed') : dv('screenVote'),
      live ? null : v('span', { class: 'muted' }, ` · ${dv('screenHidden')}`)),
    v('div', { class: 'vote-box screen-fit', ref: fitRef(48) }, live ? ranking(ctx, view, live)
      : v('ol', { class: 'screen-options-list' }, view.options.map((o) => {
        const team = o.team === null ? null : ctx.teams.teams.find((t) => t.id === o.team);
        return v('li', { key: o.id, class: 'fit-item', testid: 'screen-vote-option' }, team ? teamBadge(team, ctx.teams) : null, team ? ' ' : null, o.text);
      }))));
}

/**
 * Options best first with bars; with results per team, each bar in its teams' colours.
 * @param {ScreenCtx} ctx
 * @param {DotVoteView} view
 * @param {OptionResult[]} results
 */
function ranking(ctx, view, results) {
  const most = Math.max(1, ...results.map((r) => r.dots));
  return v('ol', { class: 'screen-ranking', testid: 'screen-ranking' }, results.map((r) => {
    const o = view.options[r.option];
    const tied = results.filter((x) => x.rank === r.rank).length > 1;
    const team = o.team === null ? null : ctx.teams.teams.find((t) => t.id === o.team);
    const segments = view.byTeam && r.teams.length
      ? r.teams.map((t) => {
        const of = ctx.teams.teams.find((x) => x.id === t.team);
        return v('span', {
          key: t.team, class: `bar-seg ${of ? teamClass(of) : ''}`, style: `width:${(100 * t.dots) / most}%`,
          title: `${of?.name ?? ''}: ${t.dots}`,
        }, of ? teamBadge(of, ctx.teams) : null);
      })
      : [v('span', { key: 'all', class: 'bar-seg all', style: `width:${(100 * r.dots) / most}%` })];
    return v('li', { key: r.option, class: `rank-row${r.rank === 1 ? ' first' : ''}${tied ? ' tied' : ''}`, testid: 'screen-vote-result' },
      v('span', { class: 'rank-n', testid: 'screen-vote-rank' }, dv('rank', { n: r.rank })),
      v('span', { class: 'rank-text fit-item' }, team ? teamBadge(team, ctx.teams) : null, team ? ' ' : null, o.text,
        tied ? v('span', { class: 'tie-chip' }, dv('tie')) : null),
      v('span', { class: 'rank-bar' }, segments),
      v('span', { class: 'rank-dots', testid: 'screen-vote-dots' }, String(r.dots)));
  }));
}
