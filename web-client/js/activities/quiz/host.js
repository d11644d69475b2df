// The quiz in the host console: run it (start, close, leaderboard, podium, any question again
// unasked; the correct answer hidden while a question is open unless the teacher peeks), the
// presenter's steps, the editor (2–6 options, one or more correct, one answer or "select all that
// apply", a time limit each, no-ranking and team mode) and the import of a quiz file (JSON or
// CSV).

import { t, tn } from '../../i18n.js';
import { v, optionBadge } from '../../view.js';
import { flowControls, scrollBox } from '../fields.js';

/** @typedef {import('../index.js').HostCtx<'quiz'>} HostCtx */
/** @typedef {import('../index.js').EditorCtx} EditorCtx */
/** @typedef {import('../index.js').ImportCtx} ImportCtx */
/** @typedef {import('../../../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../../../gen/QuizInput').QuizInput} QuizInput */
/** @typedef {import('../../../gen/QuestionSpec').QuestionSpec} QuestionSpec */
/** @typedef {import('../../../gen/AnswerMode').AnswerMode} AnswerMode */

const MIN_OPTIONS = 2;
const MAX_OPTIONS = 6;

/** The kind's name. */
export function label() {
  return t('quiz');
}

/** @param {ActivitySpec} spec */
export function summary(spec) {
  return spec.kind === 'quiz' ? tn('questionsCountOne', 'questionsCount', spec.questions.length) : '';
}

/** @param {import('../index.js').ViewOf<'quiz'>} view */
export function phase(view) {
  const quiz = view;
  const p = quiz.phase;
  switch (p.phase) {
    case 'lobby': return t('phaseLobby');
    case 'question': return t('phaseQuestion', { n: p.index + 1, total: quiz.questionCount });
    case 'reveal': return t('phaseReveal', { n: p.index + 1, total: quiz.questionCount });
    case 'leaderboard': return t('leaderboard');
    default: return quiz.noRanking ? t('results') : t('podium');
  }
}

/** The question whose correct answer the teacher chose to see while it is open (`activity/index`). */
let peeking = '';

/**
 * The presenter's steps: start the next question, close the open one, then (with ranking) the
 * leaderboard, and after the last question the podium or results. A quiz cannot go back (each
 * question is asked once).
 * @param {HostCtx} ctx
 * @returns {import('../../present.js').Steps}
 */
export function steps(ctx) {
  const quiz = ctx.view;
  const phase = quiz.phase;
  /** @param {QuizInput} input */
  const send = (input) => ctx.send({ kind: 'quiz', ...input });
  /** @param {string} label @param {QuizInput} input */
  const step = (label, input) => ({ label, run: () => send(input) });
  const next = phase.phase === 'lobby' ? 0 : 'index' in phase ? phase.index + 1 : quiz.questionCount;
  const end = quiz.noRanking ? t('showResults') : t('showPodium');
  switch (phase.phase) {
    case 'lobby': return { next: step(t('startQuestion', { n: 1 }), { type: 'startQuestion', question: 0 }), back: null };
    case 'question': return { next: step(t('closeQuestion'), { type: 'closeQuestion' }), back: null };
    case 'reveal':
      if (!quiz.noRanking) return { next: step(t('showLeaderboard'), { type: 'showLeaderboard' }), back: null };
      return {
        next: next < quiz.questionCount ? step(t('startQuestion', { n: next + 1 }), { type: 'startQuestion', question: next })
          : step(end, { type: 'showPodium' }),
        back: null,
      };
    case 'leaderboard':
      return {
        next: next < quiz.questionCount ? step(t('startQuestion', { n: next + 1 }), { type: 'startQuestion', question: next })
          : step(end, { type: 'showPodium' }),
        back: null,
      };
    default: return { next: null, back: null };
  }
}

/** Questions seen open, per activity id (a question is asked once). @type {Map<number, Set<number>>} */
const asked = new Map();

/**
 * The run panel.
 * @param {HostCtx} ctx
 * @returns {import('../../view.js').VNode}
 */
export function render(ctx) {
  const quiz = ctx.view;
  const spec = ctx.spec?.kind === 'quiz' ? ctx.spec : null;
  const phase = quiz.phase;
  const index = 'index' in phase ? phase.index : -1;
  const seen = asked.get(quiz.id) ?? new Set();
  if (phase.phase === 'question') {
    seen.add(phase.index);
    asked.set(quiz.id, seen);
  }
  /** @param {QuizInput} input */
  const send = (input) => ctx.send({ kind: 'quiz', ...input });
  const canStart = phase.phase === 'lobby' || phase.phase === 'reveal' || phase.phase === 'leaderboard';
  const next = phase.phase === 'lobby' ? 0 : index + 1;
  const controls = [];
  if (canStart && next < quiz.questionCount) {
    controls.push(v('button', {
      key: 'next', type: 'button', class: 'primary', testid: 'next-question',
      onclick: () => send({ type: 'startQuestion', question: next }),
    }, t('startQuestion', { n: next + 1 })));
  }
  if (phase.phase === 'question') {
    controls.push(v('button', {
      key: 'close', type: 'button', class: 'primary', testid: 'close-question', onclick: () => send({ type: 'closeQuestion' }),
    }, t('closeQuestion')));
  }
  if (phase.phase === 'reveal' && !quiz.noRanking) {
    controls.push(v('button', {
      key: 'board', type: 'button', class: 'secondary', testid: 'show-leaderboard', onclick: () => send({ type: 'showLeaderboard' }),
    }, t('showLeaderboard')));
  }
  if (phase.phase === 'reveal' || phase.phase === 'leaderboard') {
    controls.push(v('button', {
      key: 'podium', type: 'button', class: 'secondary', testid: 'show-podium', onclick: () => send({ type: 'showPodium' }),
    }, quiz.noRanking ? t('showResults') : t('showPodium')));
  }
  /** @type {import('../../view.js').VNode[]} */
  const detail = [];
  /** @type {import('../../view.js').VNode | null} */
  let progress = null;
  /** @type {import('../../view.js').VNode | null} */
  let peek = null;
  if (phase.phase === 'question' || phase.phase === 'reveal') {
    const q = spec?.questions[phase.index];
    const responded = phase.phase === 'reveal' ? phase.answered : ctx.progress?.responded ?? 0;
    const of = ctx.progress?.of ?? ctx.online;
    // A mirrored laptop shows this to the class: while the question is open the correct answer
    // stays hidden unless the teacher peeks on purpose.
    const key = `${quiz.id}/${phase.index}`;
    const showCorrect = phase.phase === 'reveal' || peeking === key;
    const correct = showCorrect ? q?.correct ?? [] : [];
    progress = v('p', { key: 'progress', class: 'progress' },
      t('answered'), ' ', v('span', { testid: 'host-progress' }, `${responded}/${of}`),
      phase.phase === 'question' && ctx.countdown ? v('span', { class: 'countdown', testid: 'countdown' }, ` · ${ctx.countdown.seconds()} s`) : null);
    detail.push(v('p', { key: 'q', class: 'q-text', title: phase.question.text }, phase.question.text,
      phase.question.mode === 'all' ? v('span', { class: 'badge' }, t('selectAll')) : null));
    detail.push(v('ol', { key: 'options', class: 'run-options', testid: 'run-options' }, phase.question.options.map((o, i) =>
      v('li', { key: i, class: correct.includes(i) ? 'is-correct' : '', testid: 'run-option' }, optionBadge(i), ' ', v('span', { class: 'grow' }, o),
        phase.phase === 'reveal' ? v('span', { class: 'option-count' }, String(phase.counts[i] ?? 0)) : null,
        correct.includes(i) ? v('span', { class: 'tick', testid: 'run-correct' }, ' ✓') : null))));
    if (phase.phase === 'question') {
      peek = v('p', { key: 'peek', class: 'peek' },
        v('button', {
          type: 'button', class: 'secondary small', testid: 'peek-answer', aria: { pressed: String(peeking === key) },
          onclick: () => { peeking = peeking === key ? '' : key; ctx.rerender(); },
        }, peeking === key ? t('hidePeek') : t('peekAnswer')),
        ' ', v('span', { class: 'muted small' }, t('answerHidden')));
    }
  }
  if (phase.phase === 'leaderboard' || phase.phase === 'podium') {
    detail.push(v('ol', { key: 'board', class: 'board' }, phase.top.map((r) =>
      v('li', { key: r.nickname }, `${r.rank}. `, v('span', { class: 'nick' }, r.nickname), ` — ${r.score}`))));
    if (phase.teams.length) {
      detail.push(v('ol', { key: 'teams', class: 'board', testid: 'host-team-board' }, phase.teams.map((r) =>
        v('li', { key: r.team }, `${r.rank}. `, v('span', { class: 'nick' }, r.name), ` — ${r.score}`))));
    }
  }
  // The buttons first, so they are in view however long the question; the question and its
  // options (or the board) below them in their own scroll box.
  return v('div', { class: 'quiz-run' },
    progress,
    flowControls(ctx, controls),
    peek,
    quiz.questionCount > 1 && canStart && ctx.runs ? v('details', { class: 'jump' },
      v('summary', null, t('jumpToQuestion')),
      v('div', { class: 'controls' }, Array.from({ length: quiz.questionCount }, (_, i) => v('button', {
        key: i, type: 'button', class: 'secondary small', testid: `start-question-${i}`, disabled: seen.has(i),
        onclick: () => send({ type: 'startQuestion', question: i }),
      }, String(i + 1))))) : null,
    detail.length ? scrollBox('quiz-run-detail', detail) : null);
}

// ------------------------------------------------------------------------------- editor

/** A question in the editor (options as typed, blanks allowed until saving). */
/** @typedef {{ text: string, options: string[], correct: boolean[], timeLimitSecs: number, mode: AnswerMode }} DraftQuestion */

/** @returns {DraftQuestion} */
function blankQuestion() {
  return { text: '', options: ['', '', '', ''], correct: [false, false, false, false], timeLimitSecs: 20, mode: 'one' };
}

/** The editor's draft, kept across renders; `session` says which editor it belongs to. */
const draft = {
  session: -1,
  title: '',
  noRanking: false,
  teamMode: false,
  /** @type {DraftQuestion[]} */
  questions: [blankQuestion()],
  /** @type {(() => string)[]} */
  errors: [],
  /** Focus the last question's text after the next render. */
  focusLast: false,
};

/**
 * @param {EditorCtx} ctx
 * @returns {import('../../view.js').VNode}
 */
export function editor(ctx) {
  if (draft.session !== ctx.session) {
    const spec = ctx.spec?.kind === 'quiz' ? ctx.spec : null;
    Object.assign(draft, {
      session: ctx.session,
      title: spec?.title ?? '',
      noRanking: spec?.noRanking ?? false,
      teamMode: spec?.teamMode ?? false,
      questions: spec ? spec.questions.map((q) => ({
        text: q.text, options: [...q.options], correct: q.options.map((_, i) => q.correct.includes(i)), timeLimitSecs: q.timeLimitSecs,
        mode: q.mode ?? 'one',
      })) : [blankQuestion()],
      errors: [],
    });
  }
  if (draft.focusLast) {
    draft.focusLast = false;
    requestAnimationFrame(() => {
      const all = document.querySelectorAll('.q-edit textarea');
      /** @type {HTMLElement | undefined} */ (all[all.length - 1])?.focus();
    });
  }
  const save = () => {
    const { spec, errors } = draftToSpec();
    draft.errors = errors;
    if (spec) ctx.save(spec);
    else ctx.rerender();
  };
  return v('div', { class: 'quiz-editor' },
    v('h2', null, ctx.editing === null ? t('newQuiz') : t('editQuiz')),
    v('label', { for: 'quiz-title' }, t('quizTitle')),
    v('input', {
      id: 'quiz-title', testid: 'quiz-title', value: draft.title, maxlength: 120,
      oninput: (ev) => { draft.title = /** @type {HTMLInputElement} */ (ev.target).value; },
    }),
    v('label', { class: 'check' },
      v('input', {
        type: 'checkbox', testid: 'quiz-noranking', checked: draft.noRanking,
        onchange: (ev) => { draft.noRanking = /** @type {HTMLInputElement} */ (ev.target).checked; },
      }), ' ', t('noRanking')),
    v('p', { class: 'muted small' }, t('noRankingHint')),
    v('label', { class: 'check' },
      v('input', {
        type: 'checkbox', testid: 'quiz-teammode', checked: draft.teamMode,
        onchange: (ev) => { draft.teamMode = /** @type {HTMLInputElement} */ (ev.target).checked; },
      }), ' ', t('teamMode')),
    v('p', { class: 'muted small' }, t('teamModeHint')),
    draft.questions.map((q, qi) => questionEditor(ctx, q, qi)),
    v('div', { class: 'controls' },
      v('button', {
        type: 'button', class: 'secondary', testid: 'add-question',
        onclick: () => { draft.questions.push(blankQuestion()); draft.focusLast = true; ctx.rerender(); },
      }, t('addQuestion')),
      v('button', { type: 'button', class: 'primary', testid: 'save-quiz', disabled: ctx.saving, onclick: save },
        ctx.editing === null ? t('saveQuiz') : t('saveChanges')),
      ctx.editing !== null ? v('button', { type: 'button', class: 'secondary', onclick: ctx.cancel }, t('cancel')) : null),
    draft.errors.length || ctx.errors.length ? v('ul', { class: 'error', role: 'alert', testid: 'editor-errors' },
      [...draft.errors, ...ctx.errors].map((e, i) => v('li', { key: i }, e()))) : null);
}

/**
 * @param {EditorCtx} ctx
 * @param {DraftQuestion} q
 * @param {number} qi
 */
function questionEditor(ctx, q, qi) {
  const textId = `q-${qi}-text`;
  const timeId = `q-${qi}-time`;
  return v('fieldset', { key: qi, class: 'q-edit', testid: `question-${qi}` },
    v('legend', null, t('questionN', { n: qi + 1 })),
    v('label', { for: textId }, t('questionText')),
    v('textarea', {
      id: textId, testid: `q-text-${qi}`, maxlength: 300, value: q.text,
      oninput: (ev) => { q.text = /** @type {HTMLTextAreaElement} */ (ev.target).value; },
    }),
    v('fieldset', { class: 'choice answer-mode', testid: `q-mode-${qi}` },
      v('legend', null, t('answerMode')),
      /** @type {AnswerMode[]} */ (['one', 'all']).map((mode) => v('label', { key: mode, class: 'check' },
        v('input', {
          type: 'radio', name: `q-${qi}-mode`, value: mode, checked: q.mode === mode, testid: `q-mode-${qi}-${mode}`,
          onchange: () => { q.mode = mode; ctx.rerender(); },
        }), ' ', mode === 'one' ? t('modeOne') : t('modeAll'))),
      // The scoring rule, shown to the teacher where the choice is made.
      q.mode === 'all' ? v('p', { class: 'muted small', testid: `q-mode-hint-${qi}` }, t('modeAllHint'))
        : q.correct.filter(Boolean).length > 1 ? v('p', { class: 'muted small', testid: `q-mode-hint-${qi}` }, t('modeOneHint')) : null),
    v('div', { class: 'opt-edit-list' }, q.options.map((o, oi) => v('div', { key: oi, class: `opt-edit opt-edge-${oi}` },
      optionBadge(oi),
      v('input', {
        testid: `q-option-${qi}-${oi}`, value: o, maxlength: 120, aria: { label: t('optionN', { n: oi + 1 }) },
        oninput: (ev) => { q.options[oi] = /** @type {HTMLInputElement} */ (ev.target).value; },
      }),
      v('label', { class: 'check small' },
        v('input', {
          type: 'checkbox', testid: `q-correct-${qi}-${oi}`, checked: q.correct[oi] ?? false,
          onchange: (ev) => { q.correct[oi] = /** @type {HTMLInputElement} */ (ev.target).checked; ctx.rerender(); },
        }), ' ', t('correctOption')),
      q.options.length > MIN_OPTIONS ? v('button', {
        type: 'button', class: 'link', aria: { label: t('removeOption') }, title: t('removeOption'),
        onclick: () => { q.options.splice(oi, 1); q.correct.splice(oi, 1); ctx.rerender(); },
      }, '×') : null))),
    v('div', { class: 'controls' },
      q.options.length < MAX_OPTIONS ? v('button', {
        type: 'button', class: 'secondary small', testid: `q-add-option-${qi}`,
        onclick: () => { q.options.push(''); q.correct.push(false); ctx.rerender(); },
      }, t('addOption')) : null,
      v('label', { for: timeId, class: 'inline' }, t('timeLimit')),
      v('input', {
        id: timeId, type: 'number', min: 5, max: 600, class: 'num', testid: `q-time-${qi}`, value: String(q.timeLimitSecs),
        oninput: (ev) => { q.timeLimitSecs = Number(/** @type {HTMLInputElement} */ (ev.target).value); },
      }),
      draft.questions.length > 1 ? v('button', {
        type: 'button', class: 'secondary small', testid: `q-remove-${qi}`,
        onclick: () => { draft.questions.splice(qi, 1); ctx.rerender(); },
      }, t('removeQuestion')) : null));
}

/**
 * Checks the draft and turns it into a spec; blank options are left out.
 * @returns {{ spec: ActivitySpec | null, errors: (() => string)[] }}
 */
function draftToSpec() {
  /** @type {(() => string)[]} */
  const errors = [];
  if (!draft.title.trim()) errors.push(() => t('errTitle'));
  /** @type {QuestionSpec[]} */
  const questions = draft.questions.map((q, qi) => {
    const n = qi + 1;
    /** @type {string[]} */
    const options = [];
    /** @type {number[]} */
    const correct = [];
    q.options.forEach((o, oi) => {
      if (o.trim()) {
        if (q.correct[oi]) correct.push(options.length);
        options.push(o.trim());
      } else if (q.correct[oi]) errors.push(() => t('errCorrectBlank', { n }));
    });
    if (!q.text.trim()) errors.push(() => t('errQuestionText', { n }));
    if (options.length < MIN_OPTIONS) errors.push(() => t('errOptions', { n }));
    if (correct.length === 0) errors.push(() => t('errCorrect', { n }));
    if (!Number.isInteger(q.timeLimitSecs) || q.timeLimitSecs < 5 || q.timeLimitSecs > 600) {
      errors.push(() => t('errTime', { n }));
    }
    return { text: q.text.trim(), options, correct, timeLimitSecs: q.timeLimitSecs, mode: q.mode };
  });
  if (errors.length) return { spec: null, errors };
  return {
    spec: { kind: 'quiz', title: draft.title.trim(), noRanking: draft.noRanking, teamMode: draft.teamMode, questions },
    errors,
  };
}

// ------------------------------------------------------------------------------- import

/** What the import control says. */
export function importLabel() {
  return t('importQuiz');
}

/** The import's hint. */
export function importHint() {
  return t('importHint');
}

/**
 * Imports a quiz file: CSV or JSON (an activity spec; `kind` may be left out for a quiz). The
 * quiz keeps the file's own title (a CSV `title` column, a JSON `title`); without one the file's
 * name without its extension titles it. The console then opens it to rename.
 * @param {File} file
 * @param {ImportCtx} ctx
 */
export async function importFile(file, ctx) {
  const isCsv = /\.csv$/i.test(file.name) || file.type === 'text/csv';
  const text = await file.text();
  const fromName = file.name.replace(/\.[^.]+$/, '').trim() || t('quiz');
  if (isCsv) {
    await ctx.post(`?title=${encodeURIComponent(fromName)}`, 'text/csv', text);
    return;
  }
  /** @type {unknown} */
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    ctx.fail(() => t('importNotJson'));
    return;
  }
  if (parsed && typeof parsed === 'object' && !('kind' in parsed)) parsed = { kind: 'quiz', ...parsed };
  if (parsed && typeof parsed === 'object' && !(typeof (/** @type {{ title?: unknown }} */ (parsed)).title === 'string'
    && /** @type {{ title: string }} */ (parsed).title.trim())) parsed = { ...parsed, title: fromName };
  await ctx.post('', 'application/json', JSON.stringify(parsed));
}
