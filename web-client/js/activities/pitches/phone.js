// The pitch round on a phone: who pitches now (or "you are pitching"), the rating form while
// the feedback is open (changeable until it closes; what is being typed survives every
// update, and a reload until the rating is acknowledged: drafts.js), the own team's tops and tips once the teacher sends them, and the own team's
// results at the end.

import { errorText } from '../../i18n.js';
import { v } from '../../view.js';
import { teamBadge, teamClass } from '../../teams.js';
import { cardColumns, draftFor, missing, ratingFields, ratingOf, scoresTable } from './parts.js';
import { ps, teamName } from './strings.js';
import { enter, perActivity, sendStatus } from '../kit.js';
import { keepDraft, readDraft, settleDraft } from '../../drafts.js';

export { applyChange } from './changes.js';

/** @typedef {import('../index.js').PhoneCtx<'pitches'>} PhoneCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/PitchesView').PitchesView} PitchesView */
/** @typedef {import('../../../gen/PitchesPersonal').PitchesPersonal} PitchesPersonal */

/** What this phone is writing and what it last sent, per activity. */
const local = perActivity(() => ({
  /** @type {import('./parts.js').Draft | null} */
  draft: null,
  /** @type {string | null} the last rating sent */
  sentId: null,
  /** @type {string | null} the sending whose outcome the kept draft already reflects */
  settled: null,
}));

/**
 * A kept rating draft of `team`, if it is one (right team, a star count per criterion, texts).
 * @param {unknown} value
 * @param {number} team
 * @param {number} criteria
 * @returns {import('./parts.js').Draft | null}
 */
function keptRating(value, team, criteria) {
  const d = /** @type {any} */ (value);
  const ok = d && d.team === team && Array.isArray(d.stars) && d.stars.length === criteria
    && d.stars.every((/** @type {unknown} */ n) => Number.isInteger(n) && Number(n) >= 0 && Number(n) <= 5)
    && typeof d.top === 'string' && typeof d.tip === 'string';
  return ok ? { team, stars: [...d.stars], top: d.top, tip: d.tip } : null;
}

/**
 * @param {PhoneCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  enter(local, view.id);
  const personal = ctx.personal?.kind === 'pitches' ? ctx.personal : null;
  const mine = personal?.team ?? null;
  const phase = view.phase;
  const feedback = personal && personal.feedback.length
    ? v('section', { key: 'feedback', class: 'card pitch-feedback', testid: 'my-feedback' },
      v('h2', null, ps('yourFeedback')), cardColumns(personal.feedback))
    : null;
  if (phase.phase === 'lobby') {
    const place = mine === null ? -1 : view.order.indexOf(mine);
    return v('section', { class: 'card wait', testid: 'pitch-lobby' },
      v('p', { class: 'muted' }, view.title),
      v('h1', null, ps('kind')),
      v('p', { class: 'lead' }, ps('lobbyLead')),
      place >= 0 ? v('p', { class: 'lead', testid: 'pitch-my-turn' }, ps('yourTurn', { n: place + 1 })) : null);
  }
  if (phase.phase === 'results') {
    const result = phase.results.find((r) => r.team === mine);
    return v('div', { class: 'pitch-phone' },
      result ? v('section', { key: 'results', class: 'card pitch-results', testid: 'pitch-my-results' },
        v('h2', null, ps('resultsHeading')),
        scoresTable(view.criteria, result, 'pitch-my-scores'),
        v('p', { class: 'muted small' }, ps('resultsLead'))) : null,
      feedback);
  }
  const team = phase.team;
  if (team === mine) {
    const lead = phase.phase === 'pitch' ? ps('youArePitchingLead') : phase.phase === 'feedback' ? ps('beingRated')
      : feedback ? ps('cardsBelow') : ps('cardsSoon');
    return v('div', { class: 'pitch-phone' },
      v('section', { key: 'own', class: 'card wait pitch-own', testid: 'pitch-own' },
        v('h1', null, phase.phase === 'closed' ? ps('pitchDone') : ps('youArePitching')),
        ctx.countdown && phase.phase === 'pitch' ? v('p', { class: 'countdown', testid: 'countdown' }, String(ctx.countdown.seconds())) : null,
        v('p', { class: 'lead' }, lead)),
      feedback);
  }
  const badge = teamLine(ctx, team);
  if (phase.phase === 'pitch') {
    return v('div', { class: 'pitch-phone' },
      v('section', { key: 'listen', class: 'card wait', testid: 'pitch-listen' },
        v('p', { class: 'muted' }, ps('nowPitching')),
        badge,
        ctx.countdown ? v('p', { class: 'countdown', testid: 'countdown' }, String(ctx.countdown.seconds())) : null,
        v('p', { class: 'lead' }, ps('listen'))),
      feedback);
  }
  const sent = personal?.ratings.find((r) => r.team === team)?.rating ?? null;
  if (phase.phase === 'closed') {
    return v('div', { class: 'pitch-phone' },
      v('section', { key: 'closed', class: 'card wait', testid: 'pitch-closed' },
        v('h1', null, ps('closedHeading', { team: teamName(ctx.teams, team) })),
        v('p', { class: 'lead' }, sent ? ps('closedLead') : ps('notRated'))),
      feedback);
  }
  return v('div', { class: 'pitch-phone' }, form(ctx, view, team, sent), feedback);
}

/**
 * A team's badge and name, big.
 * @param {PhoneCtx} ctx
 * @param {number} id
 */
function teamLine(ctx, id) {
  const team = ctx.teams.teams.find((t) => t.id === id);
  return v('p', { class: `pitch-team ${team ? teamClass(team) : ''}`, testid: 'pitch-team' },
    team ? teamBadge(team, ctx.teams) : null, ' ', teamName(ctx.teams, id));
}

/**
 * The rating form of the pitch of `team`.
 * @param {PhoneCtx} ctx
 * @param {PitchesView} view
 * @param {number} team
 * @param {import('../../../gen/RatingInput').RatingInput | null} sent
 */
function form(ctx, view, team, sent) {
  const room = ctx.room.code;
  const field = `rating-${team}`;
  if (!local.draft || local.draft.team !== team) {
    // What was typed before a reload comes back, else the rating the server has.
    const kept = readDraft(room, view.id, field, ctx.pending());
    const restored = keptRating(kept?.value, team, view.criteria.length);
    local.draft = restored ?? draftFor(team, view.criteria.length, sent);
    local.sentId = restored ? kept?.sent ?? null : null;
  }
  const draft = local.draft;
  const problem = missing(draft, view.requireTopsTips);
  const outcome = ctx.outcome(local.sentId);
  if (outcome && local.settled !== local.sentId) {
    settleDraft(room, view.id, field, draft, outcome);
    local.settled = local.sentId;
  }
  // Right above the button just tapped, in a line that is always there (nothing shifts).
  const status = sendStatus(ctx.outcome, local.sentId, 'rate-status',
    (code) => (code === 'inappropriate' ? ps('kindPlease') : errorText(code))) ?? v('p', { class: 'status' });
  return v('form', {
    key: 'form', class: 'card pitch-form', testid: 'pitch-form',
    onsubmit: (ev) => {
      ev.preventDefault();
      if (missing(draft, view.requireTopsTips)) return;
      local.sentId = ctx.send({ kind: 'pitches', type: 'rate', team, rating: ratingOf(draft) });
      keepDraft(room, view.id, field, draft, local.sentId);
      ctx.rerender();
    },
  },
  v('p', { class: 'muted' }, ps('rateHeading')),
  teamLine(ctx, team),
  ctx.countdown ? v('p', { class: 'countdown', testid: 'countdown' }, String(ctx.countdown.seconds())) : null,
  // Editing after sending makes the form a new draft: "received" no longer describes it.
  ratingFields('rate', view.criteria, draft, view.requireTopsTips, () => {
    local.sentId = null;
    keepDraft(room, view.id, field, draft);
    ctx.rerender();
  }),
  status,
  v('button', { type: 'submit', class: 'primary big', testid: 'rate-submit', disabled: problem !== null },
    sent || local.sentId ? ps('change') : ps('send')),
  v('p', { class: 'muted small', testid: problem ? 'rate-missing' : undefined }, problem ?? ps('changeHint')),
  v('p', { class: 'muted small anonymous' }, ps('anonymous')));
}
