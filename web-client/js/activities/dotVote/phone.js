// Dot-voting on a phone: how many dots are left (always in sight), a − and + per option, and
// after the reveal the ranking with the phone's own dots. Every change sends the whole
// allocation (a short pause after the last tap), so a re-sent one never adds dots twice. Taps
// queue: each counts on the allocation shown at that moment, the waiting allocation is kept in
// the page's storage (drafts.js), so a reload within the pause still sends it, and what was sent
// shows until the server's copy agrees (its `you` may follow the acknowledgement).

import { v } from '../../view.js';
import { teamBadge } from '../../teams.js';
import { dv } from './strings.js';
import { enter, perActivity, sendStatus } from '../kit.js';
import { dropDraft, keepDraft, readDraft } from '../../drafts.js';

export { applyChange } from './changes.js';

/** @typedef {import('../index.js').PhoneCtx<'dotVote'>} PhoneCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/DotVoteView').DotVoteView} DotVoteView */
/** @typedef {import('../../../gen/DotVotePersonal').DotVotePersonal} DotVotePersonal */
/** @typedef {import('../../../gen/OptionDots').OptionDots} OptionDots */

/** Taps within this long of each other go out as one allocation. */
const SEND_AFTER_MS = 350;

/** The draft field of the allocation waiting to be sent. */
const DOTS = 'dots';

/** This phone's allocation while it differs from the server's, per vote. */
const local = perActivity(() => ({
  /** @type {number[] | null} dots per option, while taps wait or their allocation is unconfirmed */
  draft: null,
  /** @type {ReturnType<typeof setTimeout> | null} */
  timer: null,
  /** @type {string | null} the last allocation sent */
  sentId: null,
  /** @type {string | null} the sending whose outcome the kept draft already reflects */
  settled: null,
}));

/**
 * The allocation this phone shows: its own taps while they wait, else what it sent last and
 * the server has not confirmed (also after a reload), else the server's.
 * @param {PhoneCtx} ctx
 * @param {DotVoteView} view
 * @param {DotVotePersonal | null} personal
 * @returns {number[]}
 */
function allocation(ctx, view, personal) {
  const outcome = ctx.outcome(local.sentId);
  // Its sending settled (and no newer taps wait): nothing is left to keep for a reload.
  if (outcome && local.timer === null && local.settled !== local.sentId) {
    dropDraft(ctx.room.code, view.id, DOTS);
    local.settled = local.sentId;
  }
  if (local.draft && (local.timer !== null || outcome === undefined)) return local.draft;
  // Acknowledged: the own count stays until the server's copy of the ballot shows it too.
  if (local.draft && outcome && 'acked' in outcome && !sameBallot(local.draft, personal?.ballot ?? [])) return local.draft;
  local.draft = null;
  const waiting = ctx.pending().filter((p) => p.act.type === 'activity' && p.act.activity === view.id
    && p.act.input.kind === 'dotVote' && p.act.input.type === 'place');
  const last = waiting[waiting.length - 1];
  /** @type {OptionDots[]} */
  const ballot = last && last.act.type === 'activity' && last.act.input.kind === 'dotVote' && last.act.input.type === 'place'
    ? last.act.input.ballot : personal?.ballot ?? [];
  const dots = view.options.map(() => 0);
  for (const d of ballot) if (d.option < dots.length) dots[d.option] = d.dots;
  return dots;
}

/**
 * Whether `dots` (per option) is the allocation `ballot` holds.
 * @param {number[]} dots
 * @param {OptionDots[]} ballot
 */
function sameBallot(dots, ballot) {
  return dots.every((n, option) => n === (ballot.find((d) => d.option === option)?.dots ?? 0));
}

/**
 * Sends the allocation the taps made (`local.draft`) after the pause, or at once (`after` 0);
 * every tap before then joins it.
 * @param {PhoneCtx} ctx
 * @param {number} activity
 * @param {number} after  milliseconds
 */
function sendLater(ctx, activity, after) {
  if (local.timer !== null) clearTimeout(local.timer);
  local.timer = setTimeout(() => {
    local.timer = null;
    if (local.activity !== activity || !local.draft) return;
    const ballot = local.draft.map((n, option) => ({ option, dots: n })).filter((d) => d.dots > 0);
    local.sentId = ctx.send({ kind: 'dotVote', type: 'place', ballot });
    // Sent: the action now waits in the page's pending store; the draft remembers it.
    keepDraft(ctx.room.code, activity, DOTS, local.draft, local.sentId);
    ctx.rerender();
  }, after);
}

/**
 * @param {PhoneCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const waiting = local.timer;
  const entered = enter(local, view.id, () => {
    // Taps that were waiting when the page went are sent now; a sent one waits for its ack.
    const kept = readDraft(ctx.room.code, view.id, DOTS, ctx.pending());
    const dots = Array.isArray(kept?.value) && kept.value.length === view.options.length
      && kept.value.every((n) => Number.isInteger(n) && n >= 0) ? /** @type {number[]} */ (kept.value) : null;
    return { draft: dots, sentId: dots ? kept?.sent ?? null : null };
  });
  if (entered) {
    if (waiting !== null) clearTimeout(waiting);
    if (local.draft && local.sentId === null && view.phase.phase === 'voting') sendLater(ctx, view.id, 0);
  }
  const personal = ctx.personal?.kind === 'dotVote' ? ctx.personal : null;
  const phase = view.phase;
  if (phase.phase === 'lobby') {
    return v('section', { class: 'card wait', testid: 'vote-lobby' },
      v('p', { class: 'muted' }, dv('kind')), v('h1', null, view.title), v('p', { class: 'lead' }, dv('startsSoon')));
  }
  const dots = allocation(ctx, view, personal);
  if (phase.phase === 'revealed') return revealed(ctx, view, phase.results, dots);
  const voting = phase.phase === 'voting';
  const spent = dots.reduce((a, b) => a + b, 0);
  const left = view.dots - spent;
  /** @param {number} option @param {number} delta */
  const tap = (option, delta) => {
    // On what shows now (earlier taps included), never on what this render once showed.
    const next = [...allocation(ctx, view, ctx.personal?.kind === 'dotVote' ? ctx.personal : null)];
    next[option] = Math.max(0, next[option] + delta);
    local.draft = next;
    keepDraft(ctx.room.code, view.id, DOTS, next);
    sendLater(ctx, view.id, SEND_AFTER_MS);
    ctx.rerender();
  };
  return v('section', { class: 'vote-phone', testid: 'vote-phone' },
    v('div', { class: 'card vote-head' },
      v('p', { class: 'muted small' }, view.title),
      v('p', { class: 'dots-left', testid: 'vote-left', aria: { live: 'polite' } },
        v('span', { class: 'dot-row', aria: { hidden: 'true' } },
          Array.from({ length: view.dots }, (_, i) => v('span', { key: i, class: `dot-mark${i < left ? ' free' : ''}` }))),
        ' ', left === 0 ? dv('noneLeft', { total: view.dots }) : left === 1 ? dv('leftOne', { total: view.dots }) : dv('left', { n: left, total: view.dots })),
      voting ? null : v('p', { class: 'lead', testid: 'vote-closed' }, dv('closed')),
      status(ctx)),
    voting ? v('p', { class: 'muted small vote-how' }, dv('howTo', { m: view.maxPerOption })) : null,
    v('ul', { class: 'vote-options', testid: 'vote-options' }, view.options.map((o) => {
      const own = view.noOwnTeam && o.team !== null && o.team === personal?.team;
      const team = o.team === null ? null : ctx.teams.teams.find((t) => t.id === o.team);
      const mine = dots[o.id];
      const tally = view.tally?.find((t) => t.option === o.id);
      return v('li', { key: o.id, class: `vote-option-row${mine ? ' has-dots' : ''}${own ? ' own' : ''}`, testid: 'vote-option', data: { option: String(o.id) } },
        v('div', { class: 'vote-option-text' },
          team ? teamBadge(team, ctx.teams) : null, team ? ' ' : null, o.text,
          own ? v('span', { class: 'badge muted' }, dv('ownTeam')) : null,
          tally ? v('span', { class: 'muted small vote-live' }, ` · ${tally.dots === 1 ? dv('dotsOne') : dv('dots', { n: tally.dots })}`) : null),
        v('div', { class: 'vote-stepper' },
          v('button', {
            type: 'button', class: 'secondary step', testid: 'vote-less', disabled: !voting || mine === 0,
            aria: { label: dv('less', { text: o.text }) }, onclick: () => tap(o.id, -1),
          }, '−'),
          v('span', { class: 'vote-mine', testid: 'vote-mine' },
            v('span', { class: 'dot-row', aria: { hidden: 'true' } }, Array.from({ length: mine }, (_, i) => v('span', { key: i, class: 'dot-mark free' }))),
            v('span', { class: 'vote-mine-n' }, String(mine))),
          v('button', {
            type: 'button', class: 'primary step', testid: 'vote-more', disabled: !voting || own || left === 0 || mine >= view.maxPerOption,
            aria: { label: dv('more', { text: o.text }) }, onclick: () => tap(o.id, 1),
          }, '+')));
    })));
}

/**
 * "Sending…", "Received ✓" or the refusal of the last allocation.
 * @param {PhoneCtx} ctx
 */
function status(ctx) {
  // Taps waiting to be sent show as sending, like the allocation sent before them.
  const waiting = local.timer !== null;
  return sendStatus((id) => (waiting ? undefined : ctx.outcome(id)), waiting ? 'taps' : local.sentId, 'vote-status')
    ?? v('p', { class: 'status' });
}

/**
 * The ranking, with this phone's own dots.
 * @param {PhoneCtx} ctx
 * @param {DotVoteView} view
 * @param {import('../../../gen/OptionResult').OptionResult[]} results
 * @param {number[]} dots
 */
function revealed(ctx, view, results, dots) {
  return v('section', { class: 'card vote-results', testid: 'vote-results' },
    v('p', { class: 'muted small' }, view.title),
    v('h1', null, dv('results')),
    v('ol', { class: 'ranking' }, results.map((r) => {
      const o = view.options[r.option];
      const tied = results.filter((x) => x.rank === r.rank).length > 1;
      const team = o.team === null ? null : ctx.teams.teams.find((t) => t.id === o.team);
      return v('li', { key: r.option, class: `rank-row${r.rank === 1 ? ' first' : ''}`, testid: 'vote-result' },
        v('span', { class: 'rank-n' }, dv('rank', { n: r.rank })),
        v('span', { class: 'grow' }, team ? teamBadge(team, ctx.teams) : null, team ? ' ' : null, o.text,
          tied ? v('span', { class: 'badge muted' }, dv('tie')) : null,
          dots[r.option] ? v('span', { class: 'muted small' }, ` · ${dv('yourDots', { n: dots[r.option] })}`) : null),
        v('span', { class: 'votes' }, String(r.dots)));
    })));
}
