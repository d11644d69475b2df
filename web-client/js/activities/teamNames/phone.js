// The team-name brainstorm on a phone: propose names for the own team (seeing the team's
// ideas live), vote for one of them (and again among the tied names, when the teacher holds a
// run-off), then see the team's new name. What is being typed survives every update and a
// reload (drafts.js); a sent name waits in the page's pending actions until acknowledged.

import { v } from '../../view.js';
import { tn } from './strings.js';
import { enter, kw, perActivity, sendStatus } from '../kit.js';
import { dropDraft, keepDraft, readDraft } from '../../drafts.js';
import { MAX_NICKNAME_CHARS } from '../../../gen/limits.js';

export { applyChange } from './changes.js';

/** @typedef {import('../index.js').PhoneCtx<'teamNames'>} PhoneCtx */
/** @typedef {import('../../../gen/TeamNamesView').TeamNamesView} TeamNamesView */
/** @typedef {import('../../../gen/TeamNamesPersonal').TeamNamesPersonal} TeamNamesPersonal */

/** The draft field of the name being typed. */
const NAME = 'name';

/** What this phone is typing and what it last sent, per activity. */
const local = perActivity(() => ({
  draft: '',
  /** @type {string | null} the last proposal sent */
  proposeId: null,
  /** @type {string | null} the last vote sent */
  voteId: null,
  /** @type {number | null} the proposal that vote was for */
  votedFor: null,
  /** @type {string | null} the last run-off vote sent */
  runoffId: null,
  /** @type {number | null} the proposal that run-off vote was for */
  runoffFor: null,
  /** Vetoed names this phone has already been told about. */
  seenVetoes: 0,
}));

/**
 * @param {PhoneCtx} ctx
 * @returns {import('../../view.js').VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  enter(local, view.id, () => {
    const kept = readDraft(ctx.room.code, view.id, NAME, ctx.pending());
    return { draft: typeof kept?.value === 'string' ? kept.value : '' };
  });
  const personal = ctx.personal?.kind === 'teamNames' ? ctx.personal : null;
  const phase = view.phase;
  const head = v('p', { class: 'muted' }, view.title);
  if (phase.phase === 'lobby') {
    return v('section', { class: 'card wait', testid: 'names-lobby' }, head, v('h1', null, tn('kind')), v('p', { class: 'lead' }, tn('startsSoon')));
  }
  if (!personal || personal.team === null) {
    return v('section', { class: 'card wait', testid: 'names-no-team' }, head, v('p', { class: 'lead' }, kw('noTeam')));
  }
  if (phase.phase === 'propose') return propose(ctx, view, personal);
  if (phase.phase === 'vote') {
    return vote(ctx, personal.proposals, personal.vote, {
      heading: tn('voteHeading'), hint: tn('voteHint'), type: 'vote', sent: 'voteId', chosen: 'votedFor',
    });
  }
  if (phase.phase === 'decide') {
    // The team votes again among its tied names; otherwise it waits, without any name yet.
    if (personal.runoff.length) {
      const tied = personal.runoff.map((id) => personal.proposals.find((p) => p.id === id)).filter((p) => p !== undefined);
      return vote(ctx, tied, personal.runoffVote, {
        heading: tn('runoffHeading'), hint: tn('runoffHint'), type: 'runoffVote', sent: 'runoffId', chosen: 'runoffFor',
      });
    }
    const tied = personal.team !== null && phase.tied.includes(personal.team);
    return v('section', { class: 'card wait', testid: 'names-decide' }, head,
      v('p', { class: 'lead' }, tied ? tn('tieWaiting') : tn('decidedWaiting')));
  }
  const result = phase.results.find((r) => r.team === personal.team);
  return v('section', { class: 'card names-reveal', testid: 'names-reveal' },
    v('p', { class: 'muted' }, tn('revealHeading')),
    v('h1', { class: 'flourish', testid: 'names-my-team-name' }, result?.name ?? ''),
    result?.how === 'tied' ? v('p', { class: 'lead' }, tn('tieWaiting'))
      : result?.how === 'kept' ? v('p', { class: 'muted' }, tn('keptName')) : null,
    personal.taken.map((name) => v('p', { key: name, class: 'muted small', testid: 'names-taken' }, tn('takenNotice', { name }))));
}

/**
 * "Sending…", "Received ✓" or the refusal for an action this page sent.
 * @param {PhoneCtx} ctx
 * @param {string | null} id
 * @param {string} testid
 */
function status(ctx, id, testid) {
  return sendStatus(ctx.outcome, id, testid);
}

/**
 * @param {PhoneCtx} ctx
 * @param {TeamNamesView} view
 * @param {TeamNamesPersonal} personal
 */
function propose(ctx, view, personal) {
  const left = view.perPerson - personal.mine.length;
  const notices = personal.vetoed.slice(local.seenVetoes);
  return v('section', { class: 'card names-propose', testid: 'names-propose' },
    v('h1', null, tn('proposeHeading')),
    ctx.countdown ? v('p', { class: 'countdown', testid: 'countdown' }, String(ctx.countdown.seconds())) : null,
    notices.map((name, i) => v('p', { key: `veto-${i}`, class: 'notice-kind', testid: 'vetoed-notice', role: 'status' },
      tn('vetoedNotice', { name }), ' ',
      v('button', { type: 'button', class: 'link', aria: { label: 'OK' }, onclick: () => { local.seenVetoes = personal.vetoed.length; ctx.rerender(); } }, '×'))),
    left > 0 ? v('form', {
      class: 'propose-form',
      onsubmit: (ev) => {
        ev.preventDefault();
        const name = local.draft.trim();
        if (!name) return;
        local.proposeId = ctx.send({ kind: 'teamNames', type: 'propose', name });
        local.draft = '';
        // The box empties for the next name; the sent one waits in the pending actions.
        dropDraft(ctx.room.code, view.id, NAME);
        ctx.rerender();
      },
    },
    v('label', { for: 'names-input' }, tn('proposeLabel')),
    v('input', {
      id: 'names-input', testid: 'names-input', value: local.draft, maxlength: MAX_NICKNAME_CHARS, autocomplete: 'off',
      oninput: (ev) => {
        local.draft = /** @type {HTMLInputElement} */ (ev.target).value;
        keepDraft(ctx.room.code, view.id, NAME, local.draft);
      },
    }),
    v('button', { type: 'submit', class: 'primary big', testid: 'names-propose-submit' }, tn('propose')),
    v('p', { class: 'muted small' }, tn('proposalsLeft', { n: left }))) : v('p', { class: 'muted' }, tn('noneLeft')),
    status(ctx, local.proposeId, 'names-status'),
    v('h2', null, tn('teamProposals')),
    personal.proposals.length === 0 ? v('p', { class: 'muted' }, tn('noProposals'))
      : v('ul', { class: 'proposals', testid: 'names-proposals' }, personal.proposals.map((p) => {
        const mine = personal.mine.includes(p.id);
        return v('li', { key: p.id, class: mine ? 'mine' : '', testid: 'names-proposal' },
          v('span', { class: 'grow' }, p.name),
          mine ? v('span', { class: 'badge' }, tn('mine')) : null,
          mine ? v('button', {
            type: 'button', class: 'secondary small', testid: 'names-withdraw',
            onclick: () => { ctx.send({ kind: 'teamNames', type: 'withdraw', proposal: p.id }); },
          }, kw('withdraw')) : null);
      })));
}

/**
 * Voting among some of the team's names: in the vote, every proposal; in a run-off, the tied
 * ones. The choice shows at once; "received ✓" follows the acknowledgement.
 * @param {PhoneCtx} ctx
 * @param {import('../../../gen/NameProposal').NameProposal[]} options
 * @param {number | null} stored  the vote the server has
 * @param {{ heading: string, hint: string, type: 'vote' | 'runoffVote', sent: 'voteId' | 'runoffId', chosen: 'votedFor' | 'runoffFor' }} how
 */
function vote(ctx, options, stored, how) {
  const sent = local[how.sent];
  const outcome = ctx.outcome(sent);
  const refused = outcome !== undefined && 'error' in outcome;
  const chosen = sent !== null && !refused ? local[how.chosen] : stored;
  const testid = how.type === 'vote' ? 'names-vote' : 'names-runoff';
  return v('section', { class: 'card names-vote', testid },
    v('h1', null, how.heading),
    ctx.countdown ? v('p', { class: 'countdown', testid: 'countdown' }, String(ctx.countdown.seconds())) : null,
    options.length === 0 ? v('p', { class: 'lead' }, tn('noProposalsToVote')) : [
      v('p', { class: 'muted small' }, how.hint),
      v('div', { class: 'vote-list' }, options.map((p) => v('button', {
        key: p.id, type: 'button', class: `vote-option${chosen === p.id ? ' chosen' : ''}`, testid: `${testid}-option`,
        aria: { pressed: String(chosen === p.id) },
        onclick: () => {
          local[how.chosen] = p.id;
          local[how.sent] = ctx.send({ kind: 'teamNames', type: how.type, proposal: p.id });
          ctx.rerender();
        },
      }, v('span', { class: 'grow' }, p.name), chosen === p.id ? v('span', { class: 'badge' }, tn('yourVote')) : null))),
    ],
    status(ctx, sent, `${testid}-status`));
}
