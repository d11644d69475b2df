// The quiz on the projector: the open question with its options and countdown, the answers
// per option with the correct one marked, the top 5 (and the teams in team mode), the podium,
// and without ranking every question's answers as a chart. Each phase's content sits in a box
// that fills the screen and gets the largest type at which it fits (fit.js): the longest
// question with six longest options, or a podium of 24-character names, never scrolls.

import { t } from '../../i18n.js';
import { v, optionBadge } from '../../view.js';
import { fitRef } from '../../fit.js';

/** What students will do, shown big before the first question. */
export const comingUp = () => t('quizComingUp');

/** @typedef {import('../index.js').ScreenCtx<'quiz'>} ScreenCtx */
/** @typedef {import('../../../gen/QuizView').QuizView} QuizView */
/** @typedef {import('../../../gen/QuizPhase').QuizPhase} QuizPhase */
/** @typedef {import('../../../gen/RankEntry').RankEntry} RankEntry */
/** @typedef {import('../../../gen/TeamRankEntry').TeamRankEntry} TeamRankEntry */

/**
 * @param {ScreenCtx} ctx
 * @returns {import('../../view.js').VNode}
 */
export function render(ctx) {
  const quiz = ctx.view;
  const phase = quiz.phase;
  switch (phase.phase) {
    case 'question': return question(ctx, quiz, phase);
    case 'reveal': return reveal(ctx, quiz, phase);
    case 'leaderboard': return leaderboard(quiz, phase.top, phase.teams);
    case 'podium': return podium(quiz, phase);
    default: return v('div');
  }
}

/**
 * "answered n/N" for the open or just revealed question (`…` while the count is not known, e.g.
 * while the projector reconnects: never a stale number).
 * @param {ScreenCtx} ctx
 * @param {QuizView} quiz
 */
function answeredText(ctx, quiz) {
  const phase = quiz.phase;
  if (phase.phase === 'reveal') return t('answeredOf', { n: phase.answered, of: Math.max(phase.answered, ctx.progress?.of ?? 0) || '…' });
  if (!ctx.progress) return t('answeredOf', { n: '…', of: '…' });
  return t('answeredOf', { n: ctx.progress.responded, of: ctx.progress.of });
}

/**
 * @param {ScreenCtx} ctx
 * @param {QuizView} quiz
 * @param {Extract<QuizPhase, { phase: 'question' }>} phase
 */
function question(ctx, quiz, phase) {
  const left = ctx.countdown?.remainingMs() ?? 0;
  const many = phase.question.options.length > 4;
  return v('section', { class: 'screen-q', testid: 'screen-question' },
    v('div', { class: 'q-top' },
      v('span', { class: 'q-count' }, t('questionOf', { n: phase.index + 1, total: quiz.questionCount })),
      phase.question.mode === 'all' ? v('span', { class: 'q-mode', testid: 'screen-question-mode' }, t('selectAll')) : null,
      v('span', { class: `timer${left < 5000 ? ' urgent' : ''}`, testid: 'screen-countdown' }, ctx.countdown ? String(ctx.countdown.seconds()) : ''),
      v('span', { class: 'answered', testid: 'screen-answered' }, answeredText(ctx, quiz))),
    v('div', { class: 'screen-fit q-fit-screen', testid: 'screen-fit', ref: fitRef(96) },
      v('h1', { class: 'q-text', testid: 'screen-question-text' }, phase.question.text),
      v('div', { class: many ? 'screen-options many' : 'screen-options' }, phase.question.options.map((o, i) =>
        v('div', { key: i, class: `opt opt-${i}`, testid: `screen-option-${i}` }, optionBadge(i), v('span', { class: 'opt-text' }, o))))));
}

/**
 * Distribution per option as bars, the correct option(s) highlighted.
 * @param {ScreenCtx} ctx
 * @param {QuizView} quiz
 * @param {Extract<QuizPhase, { phase: 'reveal' }>} phase
 */
function reveal(ctx, quiz, phase) {
  const max = Math.max(1, ...phase.counts);
  return v('section', { class: 'screen-reveal', testid: 'screen-reveal' },
    v('div', { class: 'q-top' },
      v('span', { class: 'q-count' }, t('questionOf', { n: phase.index + 1, total: quiz.questionCount })),
      phase.question.mode === 'all' ? v('span', { class: 'q-mode' }, t('selectAll')) : null,
      v('span', { class: 'answered', testid: 'screen-answered' }, answeredText(ctx, quiz))),
    v('div', { class: 'screen-fit', testid: 'screen-fit', ref: fitRef(80) },
      v('h1', { class: 'q-text' }, phase.question.text),
      v('table', { class: 'dist', testid: 'screen-distribution' },
        v('tbody', null, phase.question.options.map((o, i) => {
          const n = phase.counts[i] ?? 0;
          const right = phase.correct.includes(i);
          return v('tr', {
            key: i, class: right ? 'is-correct' : 'is-wrong', testid: `dist-row-${i}`,
            data: { count: String(n), correct: String(right) },
          },
          v('th', { scope: 'row' }, optionBadge(i), v('span', { class: 'opt-text' }, o),
            right ? v('span', { class: 'tick', aria: { label: t('correctAnswer') } }, ' ✓') : null),
          v('td', { class: 'bar-cell' },
            v('span', { class: `dist-bar opt-${i}`, style: `width:${Math.round((n / max) * 100)}%` })),
          v('td', { class: 'num', testid: `dist-count-${i}` }, String(n)));
        })))));
}

/**
 * The team ranking of team mode.
 * @param {TeamRankEntry[]} teams
 * @param {boolean} small
 */
function teamBoard(teams, small) {
  return v('ol', { class: small ? 'board small team-board' : 'board team-board', testid: 'screen-team-board' },
    teams.map((r) => v('li', { key: r.team, testid: 'team-board-entry' },
      v('span', { class: 'rank' }, String(r.rank)),
      v('span', { class: 'nick fit-item', testid: 'team-board-name' }, r.name),
      v('span', { class: 'score' }, String(r.score)))));
}

/**
 * @param {QuizView} quiz
 * @param {RankEntry[]} top
 * @param {TeamRankEntry[]} teams
 */
function leaderboard(quiz, top, teams) {
  if (quiz.noRanking) {
    return v('section', { class: 'screen-board', testid: 'screen-leaderboard' },
      v('h1', null, t('wellDone')));
  }
  return v('section', { class: `screen-board${teams.length ? ' with-teams' : ''}`, testid: 'screen-leaderboard' },
    v('h1', null, t('leaderboard')),
    v('div', { class: 'screen-fit', testid: 'screen-fit', ref: fitRef(56, null) },
      v('div', { class: 'boards' },
        v('ol', { class: 'board' }, top.map((r) => v('li', { key: r.nickname, testid: 'board-entry' },
          v('span', { class: 'rank' }, String(r.rank)),
          v('span', { class: 'nick fit-item', testid: 'board-nickname' }, r.nickname),
          v('span', { class: 'score' }, String(r.score))))),
        teams.length ? teamBoard(teams, false) : null)));
}

/**
 * Every question with its answers as a bar chart (the end without names, and the end of a quiz
 * nobody scored in).
 * @param {Extract<QuizPhase, { phase: 'podium' }>} phase
 */
function classCharts(phase) {
  const asked = phase.questions.map((q, i) => ({ q, i })).filter(({ q }) => q.asked || q.answered > 0);
  return v('section', { class: 'screen-podium screen-end', testid: 'screen-podium' },
    v('h1', null, t('classResults')),
    v('div', { class: 'screen-fit', testid: 'screen-fit', ref: fitRef(40) },
      v('ol', { class: 'end-grid', testid: 'screen-tallies' }, asked.map(({ q, i }) => {
        const max = Math.max(1, ...q.counts);
        return v('li', { key: i, class: 'end-q', testid: 'end-question' },
          v('p', { class: 'end-q-text' }, v('span', { class: 'end-q-n' }, `${i + 1}. `), q.text),
          v('div', { class: 'end-bars' }, q.counts.flatMap((n, o) => {
            const right = q.right.includes(o);
            return [
              v('span', { key: `b${o}`, class: `end-badge opt-${o}` }, optionBadge(o)),
              v('span', { key: `t${o}`, class: 'end-track' },
                v('span', { class: `end-bar opt-${o}`, style: `width:${Math.round((n / max) * 100)}%` })),
              v('span', { key: `n${o}`, class: right ? 'end-n right' : 'end-n' },
                right ? v('span', { aria: { label: t('correctAnswer') } }, '✓ ') : null, String(n)),
            ];
          })),
          v('p', { class: 'end-q-sum' }, `${t('correctCount')}: ${q.correct}/${q.answered}`));
      }))));
}

/**
 * @param {QuizView} quiz
 * @param {Extract<QuizPhase, { phase: 'podium' }>} phase
 */
function podium(quiz, phase) {
  if (quiz.noRanking || (phase.top.length === 0 && phase.teams.length === 0)) return classCharts(phase);
  // In team mode the podium is the teams'; the individual top 5 follows small.
  const steps = phase.teams.length
    ? phase.teams.slice(0, 3).map((r) => ({ name: r.name, score: r.score, rank: r.rank }))
    : phase.top.slice(0, 3).map((r) => ({ name: r.nickname, score: r.score, rank: r.rank }));
  const [first, second, third] = steps;
  /** @param {{ name: string, score: number, rank: number } | undefined} r @param {string} cls */
  const step = (r, cls) => r ? v('div', { class: `step ${cls}`, testid: 'podium-step' },
    v('span', { class: 'nick fit-item', testid: 'podium-nickname' }, r.name),
    v('span', { class: 'score' }, String(r.score)),
    v('span', { class: 'block' }, String(r.rank))) : v('div', { class: `step ${cls} empty` });
  const rest = phase.teams.length ? phase.teams.slice(3).map((r) => ({ key: `t${r.team}`, rank: r.rank, name: r.name, score: r.score }))
    : phase.top.slice(3).map((r) => ({ key: r.nickname, rank: r.rank, name: r.nickname, score: r.score }));
  return v('section', { class: 'screen-podium', testid: 'screen-podium' },
    v('h1', null, t('podium')),
    v('div', { class: 'screen-fit podium-fit', testid: 'screen-fit', ref: fitRef(56, null) },
      v('div', { class: 'steps' }, step(second, 'second'), step(first, 'first'), step(third, 'third')),
      rest.length ? v('ol', { class: 'board small', start: '4' }, rest.map((r) =>
        v('li', { key: r.key, testid: 'podium-rest' }, v('span', { class: 'rank' }, String(r.rank)), v('span', { class: 'nick fit-item' }, r.name),
          v('span', { class: 'score' }, String(r.score))))) : null));
}
