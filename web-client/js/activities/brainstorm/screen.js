// The brainstorm wall on the projector: the prompt, and the cards as they arrive (in team
// columns on a wall by team), in the largest type at which all of them fit the screen: five
// cards are huge, three hundred small, and nothing ever scrolls. A private wall first shows only
// how many wrote. Names only on a named wall.

import { v } from '../../view.js';
import { teamBadge, teamClass } from '../../teams.js';
import { fitRef } from '../../fit.js';
import { bs } from './strings.js';
import { shownOrder } from './changes.js';

export { applyChange } from './changes.js';

/** What students will do, shown big before the wall opens. */
export const comingUp = () => bs('comingUp');

/** @typedef {import('../index.js').ScreenCtx<'brainstorm'>} ScreenCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/IdeaCard').IdeaCard} IdeaCard */

/** Most cards the projector shows at once; beyond, the pinned and most-liked (then newest; likes are null while hidden, so they choose nothing). */
export const MAX_SHOWN = 300;

/**
 * @param {ScreenCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const wrote = ctx.progress?.responded ?? 0;
  const top = v('div', { class: 'wall-top' },
    v('h1', { class: 'q-text wall-prompt', testid: 'screen-wall-prompt' }, view.title),
    v('span', { class: 'answered', testid: 'screen-wall-count' },
      view.revealed ? (view.total === 1 ? bs('ideasOne') : bs('ideasCount', { n: view.total }))
        : bs('wroteCount', { n: wrote })));
  if (!view.revealed) {
    return v('section', { class: 'screen-wall', testid: 'screen-wall' }, top,
      v('div', { class: 'wall-alone', testid: 'screen-wall-alone' },
        v('p', { class: 'wall-alone-big' }, bs('screenAlone')),
        v('p', { class: 'muted' }, bs('screenAloneHint'))));
  }
  const cards = chosen(view.cards);
  const hiddenCount = Math.max(view.total, view.cards.length) - cards.length;
  return v('section', { class: 'screen-wall', testid: 'screen-wall' }, top,
    view.phase.phase === 'open' && view.cards.length === 0
      ? v('p', { class: 'wall-alone-big' }, bs('screenWrite')) : null,
    v('div', { class: 'wall-box screen-fit', ref: fitRef(56), testid: 'screen-wall-box' },
      view.byTeam ? columns(ctx, cards) : v('ul', { class: 'wall-grid' }, cards.map(card))),
    hiddenCount > 0 ? v('p', { class: 'muted wall-more', testid: 'screen-wall-more' }, bs('moreIdeas', { n: hiddenCount })) : null);
}

/**
 * The cards the projector shows: all of them up to [`MAX_SHOWN`], else the pinned, the
 * most-liked and the newest, in the wall's order.
 * @param {IdeaCard[]} cards
 */
function chosen(cards) {
  const ordered = shownOrder(cards);
  if (ordered.length <= MAX_SHOWN) return ordered;
  const rank = ordered.map((c, i) => ({ c, i, key: (c.pinned ? 1e9 : 0) + (c.likes ?? 0) * 1e5 + i }));
  const keep = new Set(rank.sort((a, b) => b.key - a.key).slice(0, MAX_SHOWN).map((r) => r.c.id));
  return ordered.filter((c) => keep.has(c.id));
}

/** Most team columns side by side; more teams wrap into rows of equal columns. */
const MAX_COLUMNS = 6;

/**
 * One column per team, each with its cards; more than six teams in rows (twelve teams: two
 * rows of six), so that a team's name stays readable however small its cards get.
 * @param {ScreenCtx} ctx
 * @param {IdeaCard[]} cards
 */
function columns(ctx, cards) {
  const teams = ctx.teams.teams.filter((t) => cards.some((c) => c.team === t.id));
  const rows = Math.max(1, Math.ceil(teams.length / MAX_COLUMNS));
  const across = Math.max(1, Math.ceil(teams.length / rows));
  return v('div', { class: 'wall-columns', style: `grid-template-columns: repeat(${across}, minmax(0, 1fr))` },
    teams.map((team) => v('div', { key: team.id, class: `wall-column ${teamClass(team)}`, testid: 'screen-wall-column' },
      v('p', { class: 'wall-column-name fit-item' }, teamBadge(team, ctx.teams), ' ', team.name),
      v('ul', { class: 'wall-stack' }, cards.filter((c) => c.team === team.id).map(card)))));
}

/** @param {IdeaCard} c */
function card(c) {
  return v('li', { key: c.id, class: `wall-card${c.pinned ? ' pinned' : ''}`, testid: 'screen-wall-card' },
    v('span', { class: 'wall-card-text fit-item' }, c.text),
    c.author || c.likes !== null || c.merged > 0 ? v('span', { class: 'wall-card-meta' },
      c.author ? v('span', { class: 'wall-card-author' }, c.author) : null,
      c.likes !== null && c.likes > 0 ? v('span', { class: 'wall-card-likes', testid: 'screen-wall-likes' }, `♥ ${c.likes}`) : null) : null);
}
