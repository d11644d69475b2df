// Pieces of the pitch round that several screens show: the rating form (a phone's, and a
// teacher's in the console), a team's scores per criterion, and feedback cards.

import { v } from '../../view.js';
import { criterionName, mean, ps, ratingCount } from './strings.js';

/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/Criterion').Criterion} Criterion */
/** @typedef {import('../../../gen/PitchResult').PitchResult} PitchResult */
/** @typedef {import('../../../gen/FeedbackCard').FeedbackCard} FeedbackCard */
/** @typedef {import('../../../gen/RatingInput').RatingInput} RatingInput */

/** Longest top or tip, in characters (the server's limit). */
export const MAX_FEEDBACK_CHARS = 140;

/**
 * A rating being written: stars per criterion (0: not given yet), a top and a tip.
 * @typedef {object} Draft
 * @property {number} team    the team it rates
 * @property {number[]} stars
 * @property {string} top
 * @property {string} tip
 */

/**
 * A fresh draft for `team`, or the rating sent before.
 * @param {number} team
 * @param {number} criteria
 * @param {RatingInput | null} sent
 * @returns {Draft}
 */
export function draftFor(team, criteria, sent) {
  return sent ? { team, stars: [...sent.stars], top: sent.top, tip: sent.tip }
    : { team, stars: Array(criteria).fill(0), top: '', tip: '' };
}

/**
 * What is missing before a draft can be sent, or null.
 * @param {Draft} draft
 * @param {boolean} requireTopsTips
 */
export function missing(draft, requireTopsTips) {
  if (draft.stars.some((s) => s < 1)) return ps('needStars');
  if (requireTopsTips && (!draft.top.trim() || !draft.tip.trim())) return ps('needTopTip');
  return null;
}

/**
 * The form's fields: five stars per criterion, a top and a tip. `id` keeps the fields of the
 * phone and the console apart.
 * @param {string} id
 * @param {Criterion[]} criteria
 * @param {Draft} draft
 * @param {boolean} requireTopsTips
 * @param {() => void} rerender
 * @returns {VNode[]}
 */
export function ratingFields(id, criteria, draft, requireTopsTips, rerender) {
  const text = (/** @type {'top' | 'tip'} */ which) => [
    v('label', { key: `${which}-label`, for: `${id}-${which}` }, ps(which), requireTopsTips ? null : v('span', { class: 'muted small' }, ' ', ps('optional'))),
    v('textarea', {
      key: which, id: `${id}-${which}`, testid: `${id}-${which}`, class: 'feedback-text', maxlength: MAX_FEEDBACK_CHARS,
      value: draft[which],
      oninput: (ev) => { draft[which] = /** @type {HTMLTextAreaElement} */ (ev.target).value; rerender(); },
    }),
  ];
  return [
    ...criteria.map((criterion, c) => v('fieldset', { key: `c${c}`, class: 'stars', testid: `${id}-criterion` },
      v('legend', null, criterionName(criterion)),
      v('div', { class: 'star-row' }, [1, 2, 3, 4, 5].map((n) => v('button', {
        key: n, type: 'button', class: `star${n <= draft.stars[c] ? ' on' : ''}`, testid: `${id}-star-${c}-${n}`,
        aria: { pressed: String(draft.stars[c] === n), label: n === 1 ? ps('starsOne') : ps('stars', { n }) },
        onclick: () => { draft.stars[c] = n; rerender(); },
      }, n <= draft.stars[c] ? '★' : '☆'))))),
    ...text('top'),
    ...text('tip'),
  ];
}

/**
 * A draft as the protocol's rating.
 * @param {Draft} draft
 * @returns {RatingInput}
 */
export function ratingOf(draft) {
  return { stars: [...draft.stars], top: draft.top.trim(), tip: draft.tip.trim() };
}

/**
 * One team's scores: per criterion its name, then the students' and the teachers' mean as
 * bars (narrow enough for a phone), and how many rated.
 * @param {Criterion[]} criteria
 * @param {PitchResult} result
 * @param {string} testid
 * @returns {VNode}
 */
export function scoresTable(criteria, result, testid) {
  const line = (/** @type {'students' | 'teachers'} */ who, /** @type {number | undefined} */ m) => v('div', { class: `score-line ${who}` },
    v('span', { class: 'score-who' }, ps(who)),
    v('span', { class: 'score-track' }, m === undefined ? null : v('span', { class: 'score-fill', style: `width:${(m / 5) * 100}%` })),
    v('span', { class: 'score-num' }, m === undefined ? '–' : mean(m)));
  return v('div', { class: 'scores', testid },
    v('p', { class: 'score-counts muted small' },
      `${ps('students')}: ${ratingCount(result.students.count)} · ${ps('teachers')}: ${ratingCount(result.teachers.count)}`),
    criteria.map((criterion, c) => v('div', { key: c, class: 'score-item', testid: `${testid}-item` },
      v('p', { class: 'score-criterion' }, criterionName(criterion)),
      line('students', result.students.means[c]),
      result.teachers.count ? line('teachers', result.teachers.means[c]) : null)));
}

/**
 * Feedback cards, tops and tips apart, without names (a teacher's card says so).
 * @param {FeedbackCard[]} cards
 * @returns {VNode}
 */
export function cardColumns(cards) {
  const column = (/** @type {'top' | 'tip'} */ kind) => {
    const mine = cards.filter((c) => c.kind === kind).sort((a, b) => a.id - b.id);
    return v('div', { class: `card-column ${kind}` },
      v('h3', null, kind === 'top' ? ps('tops') : ps('tips')),
      v('ul', { class: 'feedback-cards' }, mine.map((c) => v('li', { key: c.id, class: `feedback-card ${kind}`, testid: 'feedback-card' },
        v('span', { class: 'grow' }, c.text),
        c.teacher ? v('span', { class: 'badge' }, ps('teacher')) : null))));
  };
  return v('div', { class: 'card-columns', testid: 'feedback-cards' }, column('top'), column('tip'));
}
