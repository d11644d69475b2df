// The open question on a phone: the question, one sentence on who sees what, a box for an
// answer (as many as the teacher allows), and the phone's own answers with their status (take
// one back until it closes). What is being typed survives every update, and a reload until the
// answer is acknowledged (drafts.js). The cloud itself is the projector's.

import { v } from '../../view.js';
import { oq, answerError } from './strings.js';
import { enter, kw, perActivity, sendStatus } from '../kit.js';
import { keepDraft, readDraft, settleDraft } from '../../drafts.js';

export { applyChange } from './changes.js';

/** @typedef {import('../index.js').PhoneCtx<'openQuestion'>} PhoneCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/OpenQuestionView').OpenQuestionView} OpenQuestionView */
/** @typedef {import('../../../gen/OpenQuestionPersonal').OpenQuestionPersonal} OpenQuestionPersonal */
/** @typedef {import('../../../gen/AnswerStatus').AnswerStatus} AnswerStatus */

/** The draft field of the answer being written. */
const ANSWER = 'answer';

/** What this phone is typing and what it last sent, per question. */
const local = perActivity(() => ({
  draft: '',
  /** @type {string | null} the last answer sent */
  sentId: null,
  /** @type {string | null} the answer whose acknowledgement empties the box */
  draftFor: null,
  /** @type {string | null} the last withdrawal sent */
  withdrawId: null,
}));

/**
 * @param {PhoneCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  enter(local, view.id, () => {
    const kept = readDraft(ctx.room.code, view.id, ANSWER, ctx.pending());
    const draft = typeof kept?.value === 'string' ? kept.value : '';
    const sent = draft ? kept?.sent ?? null : null;
    return { draft, sentId: sent, draftFor: sent };
  });
  const personal = ctx.personal?.kind === 'openQuestion' ? ctx.personal : null;
  const phase = view.phase.phase;
  if (phase === 'lobby') {
    return v('section', { class: 'card wait', testid: 'oq-lobby' },
      v('p', { class: 'muted' }, oq('kind')), v('h1', null, view.title), v('p', { class: 'lead' }, oq('startsSoon')));
  }
  clearSentDraft(ctx);
  return v('section', { class: 'oq-phone', testid: 'oq-phone' },
    v('div', { class: 'card oq-write' },
      v('h1', { testid: 'oq-question' }, view.title),
      v('p', { class: 'privacy', testid: 'oq-privacy' }, view.anonymous ? oq('privacyAnonymous') : oq('privacyNamed'),
        view.approve ? ` ${oq('approveNote')}` : ''),
      phase === 'closed' ? v('p', { class: 'lead', testid: 'oq-closed' }, oq('closed')) : form(ctx, view, personal)),
    personal && personal.mine.length ? mine(ctx, view, personal) : null);
}

/**
 * @param {PhoneCtx} ctx
 * @param {OpenQuestionView} view
 * @param {OpenQuestionPersonal | null} personal
 */
function form(ctx, view, personal) {
  const left = view.perPerson - (personal?.mine.length ?? 0);
  const status = sendStatus(ctx.outcome, local.sentId, 'oq-status', answerError);
  if (left <= 0) return [v('p', { class: 'muted', key: 'none', testid: 'oq-none-left' }, oq('noneLeft')), status];
  return v('form', {
    class: 'oq-form',
    onsubmit: (ev) => {
      ev.preventDefault();
      const text = local.draft.trim();
      if (!text) return;
      local.sentId = ctx.send({ kind: 'openQuestion', type: 'answer', text });
      // The draft stays until the answer is acknowledged: a refused one can be reworded.
      local.draftFor = local.sentId;
      keepDraft(ctx.room.code, view.id, ANSWER, local.draft, local.sentId);
      ctx.rerender();
    },
  },
  v('label', { for: 'oq-input' }, oq('answerLabel')),
  v('input', {
    id: 'oq-input', testid: 'oq-input', value: local.draft, maxlength: view.maxChars, autocomplete: 'off',
    oninput: (ev) => {
      local.draft = /** @type {HTMLInputElement} */ (ev.target).value;
      local.draftFor = null;
      keepDraft(ctx.room.code, view.id, ANSWER, local.draft);
      ctx.rerender();
    },
  }),
  v('div', { class: 'oq-form-meta' },
    v('span', { class: 'muted small', testid: 'oq-left' }, left === 1 ? oq('leftOne') : oq('left', { n: left })),
    v('span', { class: 'muted small' }, oq('chars', { n: [...local.draft].length, max: view.maxChars }))),
  view.display === 'cloud' ? v('p', { class: 'muted small' }, oq('shortHint')) : null,
  v('button', { type: 'submit', class: 'primary big', testid: 'oq-send', disabled: !local.draft.trim() }, oq('send')),
  status);
}

/**
 * The draft goes once its answer is on the server; a refused one stays, to be reworded.
 * @param {PhoneCtx} ctx
 */
function clearSentDraft(ctx) {
  const outcome = ctx.outcome(local.draftFor);
  if (!outcome) return;
  settleDraft(ctx.room.code, ctx.view.id, ANSWER, local.draft, outcome);
  if ('acked' in outcome) local.draft = '';
  local.draftFor = null;
}

/** @param {AnswerStatus} s */
function statusText(s) {
  return s === 'shown' ? oq('statusShown') : s === 'waiting' ? oq('statusWaiting') : oq('statusHidden');
}

/**
 * @param {PhoneCtx} ctx
 * @param {OpenQuestionView} view
 * @param {OpenQuestionPersonal} personal
 */
function mine(ctx, view, personal) {
  const open = view.phase.phase === 'open';
  return v('div', { class: 'card oq-mine', testid: 'oq-mine' },
    v('h2', null, oq('yourAnswers')),
    v('ul', { class: 'oq-own' }, personal.mine.map((a) => v('li', { key: a.id, class: `oq-own-answer ${a.status}`, testid: 'oq-own-answer', data: { status: a.status } },
      v('p', { class: 'oq-own-text' }, a.text),
      v('p', { class: 'small muted' }, statusText(a.status)),
      open ? v('button', {
        type: 'button', class: 'secondary small', testid: 'oq-withdraw',
        onclick: () => { local.withdrawId = ctx.send({ kind: 'openQuestion', type: 'withdraw', answer: a.id }); ctx.rerender(); },
      }, kw('withdraw')) : null))),
    sendStatus(ctx.outcome, local.withdrawId, 'oq-withdraw-status', answerError));
}
