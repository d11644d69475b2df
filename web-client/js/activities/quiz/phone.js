// The quiz on a phone: big option buttons with a countdown, "received ✓" only once the server
// acknowledged that very answer, the own result and points after each question, the own rank
// (and the team's, in team mode), and the end.

import { t, errorText } from '../../i18n.js';
import { v, optionBadge } from '../../view.js';
import { fitRef } from '../../fit.js';
import { kw } from '../kit.js';

/** @typedef {import('../index.js').PhoneCtx<'quiz'>} PhoneCtx */
/** @typedef {import('../../../gen/QuizView').QuizView} QuizView */
/** @typedef {import('../../../gen/QuizPhase').QuizPhase} QuizPhase */
/** @typedef {import('../../../gen/QuizPersonal').QuizPersonal} QuizPersonal */

/**
 * This phone's answer to the open question, as far as this page knows: `id` is the action's id
 * (null when learnt from the server's snapshot, which holds only acknowledged answers).
 * @typedef {{ id: string | null, activity: number, question: number, choices: number[] }} LocalAnswer
 */

/** @type {LocalAnswer | null} */
let sent = null;

/** The options ticked so far on a "select all that apply" question (not sent yet). */
const ticked = { key: '', /** @type {Set<number>} */ set: new Set() };

/** Options longer than this go one per row (two narrow columns would break their words). */
const SHORT_OPTION = 14;

/** @param {PhoneCtx} ctx @returns {QuizPersonal | null} */
function personal(ctx) {
  return ctx.personal?.kind === 'quiz' ? ctx.personal : null;
}

/**
 * @param {PhoneCtx} ctx
 * @returns {import('../../view.js').VNode}
 */
export function render(ctx) {
  const quiz = ctx.view;
  const phase = quiz.phase;
  switch (phase.phase) {
    case 'lobby':
      return v('section', { class: 'card wait', testid: 'quiz-lobby' },
        v('p', { class: 'muted' }, t('quiz')),
        v('h1', null, quiz.title),
        v('p', { class: 'lead' }, t('quizStartsSoon')));
    case 'question':
      return question(ctx, quiz, phase);
    case 'reveal':
      return reveal(ctx, quiz, phase);
    case 'leaderboard':
      return standingView(ctx, quiz, 'leaderboard');
    default:
      return standingView(ctx, quiz, 'podium');
  }
}

/** The header's score for this quiz (none in no-ranking mode). @param {PhoneCtx} ctx */
export function headerScore(ctx) {
  const quiz = ctx.view;
  return quiz.noRanking ? null : personal(ctx)?.score ?? null;
}

/**
 * The answer to the open question: sent from this page, waiting in the pending actions (after a
 * reload), or held by the server's snapshot.
 * @param {PhoneCtx} ctx
 * @param {number} activity
 * @param {number} index
 * @returns {LocalAnswer | null}
 */
function answerTo(ctx, activity, index) {
  if (sent && sent.activity === activity && sent.question === index) return sent;
  for (const p of ctx.pending()) {
    const act = p.act;
    if (act.type !== 'activity' || act.activity !== activity || act.input.kind !== 'quiz') continue;
    const input = act.input;
    if ((input.type === 'answer' || input.type === 'answerAll') && input.question === index) {
      const choices = input.type === 'answer' ? [input.choice] : input.choices;
      sent = { id: p.id, activity, question: index, choices };
      return sent;
    }
  }
  const mine = personal(ctx)?.answer;
  if (!mine || mine.question !== index) return null;
  return { id: null, activity, question: index, choices: mine.choices.length ? mine.choices : [mine.choice] };
}

/**
 * @param {PhoneCtx} ctx
 * @param {QuizView} quiz
 * @param {Extract<QuizPhase, { phase: 'question' }>} phase
 */
function question(ctx, quiz, phase) {
  const a = answerTo(ctx, quiz.id, phase.index);
  const outcome = a ? ctx.outcome(a.id) : undefined;
  const error = outcome && 'error' in outcome ? outcome.error : null;
  const acked = a !== null && (a.id === null || (outcome !== undefined && ('acked' in outcome || error === 'alreadyAnswered')));
  // Locked once sent, unless the server refused it in a way that a new tap can fix.
  const locked = a !== null && (error === null || error === 'questionClosed' || error === 'alreadyAnswered');
  const timeUp = ctx.countdown !== null && ctx.countdown.remainingMs() <= 0;
  const all = phase.question.mode === 'all';
  const key = `${quiz.id}/${phase.index}`;
  if (ticked.key !== key) {
    ticked.key = key;
    ticked.set = new Set();
  }
  /** @param {number[]} choices */
  const send = (choices) => {
    const input = all
      ? /** @type {const} */ ({ kind: 'quiz', type: 'answerAll', question: phase.index, choices })
      : /** @type {const} */ ({ kind: 'quiz', type: 'answer', question: phase.index, choice: choices[0] });
    const id = ctx.send(input);
    sent = { id, activity: quiz.id, question: phase.index, choices };
    ctx.rerender();
  };
  /** @param {number} choice */
  const choose = (choice) => {
    if (locked || timeUp) return;
    if (!all) {
      send([choice]);
      return;
    }
    if (ticked.set.has(choice)) ticked.set.delete(choice);
    else ticked.set.add(choice);
    ctx.rerender();
  };
  const chosen = a ? new Set(a.choices) : all ? ticked.set : new Set();
  const oneColumn = phase.question.options.some((o) => o.length > SHORT_OPTION);
  const options = phase.question.options.map((text, i) =>
    v('button', {
      key: i,
      class: `opt opt-${i}${chosen.has(i) ? ' chosen' : ''}${locked && !chosen.has(i) ? ' dim' : ''}${all ? ' tickable' : ''}`,
      testid: `option-${i}`, type: 'button', disabled: locked || timeUp,
      aria: { pressed: chosen.has(i) ? 'true' : 'false' },
      onclick: () => choose(i),
    }, optionBadge(i), v('span', { class: 'opt-text' }, text),
    all ? v('span', { class: 'tick-box', aria: { hidden: 'true' } }, chosen.has(i) ? '☑' : '☐') : null));
  let status;
  if (a && error && error !== 'alreadyAnswered') {
    status = v('p', { class: 'status error', testid: 'answer-error', role: 'alert' }, errorText(error));
  } else if (a && acked) {
    status = v('p', { class: 'status ok', testid: 'answer-status' }, v('span', { testid: 'ack-check' }, kw('received')));
  } else if (a) {
    status = v('p', { class: 'status pending', testid: 'answer-status' }, kw('sending'));
  } else if (timeUp) {
    status = v('p', { class: 'status', testid: 'answer-status' }, t('timeUp'));
  } else {
    status = v('p', { class: 'status muted', testid: 'answer-status' }, all ? t('tickAll') : t('tapAnswer'));
  }
  return v('section', { class: 'question', testid: 'question', data: { mode: phase.question.mode } },
    v('div', { class: 'q-meta' },
      v('span', null, t('questionOf', { n: phase.index + 1, total: quiz.questionCount })),
      all ? v('span', { class: 'q-mode', testid: 'question-mode' }, t('selectAll')) : null,
      v('span', { class: 'countdown', testid: 'countdown', aria: { live: 'off' } }, ctx.countdown ? String(ctx.countdown.seconds()) : '')),
    // The question and its options get the largest type at which they fit the screen.
    v('div', { class: 'q-fit', ref: fitRef(22) },
      v('h1', { class: 'q-text', testid: 'question-text' }, phase.question.text),
      v('div', { class: `options${oneColumn ? ' one-col' : ''}`, testid: 'options' }, options)),
    all ? v('button', {
      type: 'button', class: 'primary submit', testid: 'submit-answer',
      disabled: locked || timeUp || ticked.set.size === 0,
      onclick: () => { if (!locked && !timeUp && ticked.set.size) send([...ticked.set].sort((x, y) => x - y)); },
    }, ticked.set.size ? t('submitCount', { n: ticked.set.size }) : t('submitAnswer')) : null,
    status);
}

/**
 * @param {PhoneCtx} ctx
 * @param {QuizView} quiz
 * @param {Extract<QuizPhase, { phase: 'reveal' }>} phase
 */
function reveal(ctx, quiz, phase) {
  const p = personal(ctx);
  const result = p?.result && p.result.question === phase.index ? p.result : null;
  let verdict;
  if (!result) verdict = v('p', { class: 'verdict', testid: 'result' }, '…');
  else if (!result.answered) verdict = v('p', { class: 'verdict none', testid: 'result' }, t('noAnswer'));
  else if (result.correct) {
    verdict = v('p', { class: 'verdict right', testid: 'result', data: { correct: 'true' } },
      v('span', { class: 'verdict-mark', aria: { hidden: 'true' } }, '✓ '), t('correct'));
  } else {
    verdict = v('p', { class: 'verdict wrong', testid: 'result', data: { correct: 'false' } },
      v('span', { class: 'verdict-mark', aria: { hidden: 'true' } }, '✗ '), t('wrong'));
  }
  return v('section', { class: 'card reveal', testid: 'reveal' },
    v('p', { class: 'muted' }, t('questionOf', { n: phase.index + 1, total: quiz.questionCount })),
    verdict,
    result && !quiz.noRanking ? v('p', { class: 'points', testid: 'points' }, t('plusPoints', { n: result.points })) : null,
    v('p', { class: 'muted' }, t('correctAnswer')),
    v('ul', { class: 'correct-list' }, phase.correct.map((i) =>
      v('li', { key: i, class: `opt-chip opt-${i}` }, optionBadge(i), v('span', null, phase.question.options[i] ?? '')))),
    standing(ctx, quiz));
}

/**
 * Own total and rank, and the team's in team mode (nothing in no-ranking mode).
 * @param {PhoneCtx} ctx
 * @param {QuizView} quiz
 */
function standing(ctx, quiz) {
  const p = personal(ctx);
  if (!p || quiz.noRanking) return null;
  return v('div', { class: 'standing' },
    v('p', { class: 'total', testid: 'total' }, t('totalPoints', { n: p.score })),
    p.rank !== null ? v('p', { class: 'rank', testid: 'rank' }, t('yourRank', { n: p.rank })) : null,
    p.teamRank !== null ? v('p', { class: 'rank', testid: 'team-rank' }, t('teamRank', { n: p.teamRank, points: p.teamScore ?? 0 })) : null);
}

/**
 * @param {PhoneCtx} ctx
 * @param {QuizView} quiz
 * @param {'leaderboard' | 'podium'} which
 */
function standingView(ctx, quiz, which) {
  const p = personal(ctx);
  const rank = quiz.teamMode ? p?.teamRank ?? null : p?.rank ?? null;
  const medal = which === 'podium' && !quiz.noRanking && rank !== null && rank <= 3 ? ['🥇', '🥈', '🥉'][rank - 1] : null;
  return v('section', { class: `card ${which}`, testid: which },
    v('h1', null, which === 'podium' ? t('quizOver') : t('leaderboard')),
    medal ? v('p', { class: 'medal', aria: { hidden: 'true' } }, medal) : null,
    standing(ctx, quiz),
    which === 'leaderboard' ? v('p', { class: 'muted' }, t('waitNextQuestion')) : v('p', { class: 'lead' }, t('thanks')));
}
