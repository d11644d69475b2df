// The pitch round in the host console: the order (moved by hand or shuffled by a recorded
// draw), the round's flow (feedback open and closed, next team, back one), the teacher's own
// rating, and per team the live results and every top and tip to hide or send to the team;
// and the editor (title, 1–6 criteria, timers, tops and tips required).

import { loadJson, saveJson } from '../../dom.js';
import { v } from '../../view.js';
import { teamClass } from '../../teams.js';
import { badSecs, flowControls, parseSecs, scrollBox, secsField, textField } from '../fields.js';
import { editorFooter, kw, openDraft, saveDraft } from '../kit.js';
import { MAX_NICKNAME_CHARS } from '../../../gen/limits.js';
import { draftFor, missing, ratingFields, ratingOf, scoresTable } from './parts.js';
import { criterionName, ps, ratingCount, teamName } from './strings.js';

export { applyChange } from './changes.js';

/** @typedef {import('../index.js').HostCtx<'pitches'>} HostCtx */
/** @typedef {import('../index.js').EditorCtx} EditorCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../../../gen/PitchesView').PitchesView} PitchesView */
/** @typedef {import('../../../gen/PitchesHost').PitchesHost} PitchesHost */
/** @typedef {import('../../../gen/PitchesInput').PitchesInput} PitchesInput */
/** @typedef {import('../../../gen/Criterion').Criterion} Criterion */

const MAX_CRITERIA = 6;
const MAX_CRITERION_CHARS = 40;
/** Where the console remembers the teacher's name. */
const TEACHER_KEY = 'kring-teacher-name';

/** The kind's name. */
export function label() {
  return ps('kind');
}

/** @param {ActivitySpec} spec */
export function summary(spec) {
  return spec.kind === 'pitches' ? ps('summary', { n: spec.criteria.length }) : '';
}

/** @param {import('../index.js').ViewOf<'pitches'>} view */
export function phase(view) {
  const pitches = view;
  const p = pitches.phase;
  if (p.phase === 'lobby') return kw('waitingToStart');
  if (p.phase === 'results') return ps('phaseResults');
  const at = { n: p.index + 1, total: pitches.order.length };
  return p.phase === 'pitch' ? ps('phasePitch', at) : p.phase === 'feedback' ? ps('phaseFeedback', at) : ps('phaseClosed', at);
}

/** The teacher's rating being written, per activity. */
const teacher = {
  activity: -1,
  /** @type {string} */
  name: loadJson(TEACHER_KEY, ''),
  /** @type {import('./parts.js').Draft | null} */
  draft: null,
};

/**
 * The presenter's steps: start, open and close the feedback, the next team (or the results);
 * back to the previous team's feedback.
 * @param {HostCtx} ctx
 * @returns {import('../../present.js').Steps}
 */
export function steps(ctx) {
  const view = ctx.view;
  const p = view.phase;
  /** @param {string} label @param {PitchesInput} input */
  const step = (label, input) => ({ label, run: () => ctx.send({ kind: 'pitches', ...input }) });
  if (p.phase === 'lobby') return { next: view.order.length ? step(ps('start'), { type: 'start' }) : null, back: null };
  const back = p.phase === 'results' || p.index > 0 ? step(ps('back'), { type: 'back' }) : null;
  if (p.phase === 'pitch') return { next: step(ps('openFeedback'), { type: 'openFeedback' }), back };
  if (p.phase === 'feedback') return { next: step(ps('closeFeedback'), { type: 'closeFeedback' }), back };
  if (p.phase === 'closed') {
    return { next: step(p.index + 1 >= view.order.length ? ps('toResults') : ps('next'), { type: 'next' }), back };
  }
  return { next: null, back };
}

/**
 * The run panel.
 * @param {HostCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const host = ctx.host?.kind === 'pitches' ? ctx.host : null;
  const p = view.phase;
  /** @param {PitchesInput} input */
  const send = (input) => ctx.send({ kind: 'pitches', ...input });
  /** @param {string} testid @param {string} text @param {PitchesInput} input @param {string} [cls] */
  const button = (testid, text, input, cls = 'primary') => v('button', {
    key: testid, type: 'button', class: cls, testid, onclick: () => send(input),
  }, text);
  if (p.phase === 'lobby') return lobby(ctx, view, send, button);
  /** @type {VNode[]} */
  const controls = [];
  // One primary button: the step forward (the presenter's next step). Moving on to the next
  // team while the feedback is still open is possible, but not the obvious thing to do; going
  // back is the least.
  if (p.phase === 'pitch') controls.push(button('pitch-open-feedback', ps('openFeedback'), { type: 'openFeedback' }));
  if (p.phase === 'feedback') controls.push(button('pitch-close-feedback', ps('closeFeedback'), { type: 'closeFeedback' }));
  if (p.phase !== 'results') {
    const last = p.index + 1 >= view.order.length;
    controls.push(button('pitch-next', last ? ps('toResults') : ps('next'), { type: 'next' }, p.phase === 'closed' ? 'primary' : 'secondary'));
  }
  if (p.phase === 'results' || p.index > 0) controls.push(button('pitch-back', ps('back'), { type: 'back' }, 'secondary small'));
  return v('div', { class: 'pitches-host' },
    p.phase === 'results' ? null : v('p', { class: 'progress', testid: 'host-pitch-now' },
      `${p.index + 1}/${view.order.length} · ${teamName(ctx.teams, p.team)}`,
      ctx.countdown ? v('span', { class: 'countdown', testid: 'countdown' }, ` ${ctx.countdown.seconds()} s`) : null,
      p.phase === 'pitch' ? null : v('span', { class: 'muted', testid: 'host-rating-count' }, ` · ${ratingCount(ctx.progress?.responded ?? 0)}`)),
    flowControls(ctx, controls),
    p.phase === 'feedback' ? teacherForm(ctx, view, p.team) : null,
    host ? scrollBox('pitch-host-scroll', moderation(ctx, view, host, send)) : null);
}

/**
 * Before the round: the order, shuffle, start.
 * @param {HostCtx} ctx
 * @param {PitchesView} view
 * @param {(input: PitchesInput) => void} send
 * @param {(testid: string, text: string, input: PitchesInput, cls?: string) => VNode} button
 */
function lobby(ctx, view, send, button) {
  const order = view.order;
  /** @param {number} from @param {number} to */
  const move = (from, to) => {
    const teams = [...order];
    const [moved] = teams.splice(from, 1);
    teams.splice(to, 0, moved);
    send({ type: 'setOrder', teams });
  };
  return v('div', { class: 'pitches-host' },
    flowControls(ctx,
      order.length > 1 ? button('pitch-shuffle', ps('shuffle'), { type: 'shuffle' }, 'secondary') : null,
      order.length ? button('pitch-start', ps('start'), { type: 'start' }) : null),
    order.length === 0 ? v('p', { class: 'error', testid: 'pitch-no-teams' }, ps('noTeams')) : [
      v('h3', { key: 'h' }, ps('order')),
      scrollBox('pitch-order-scroll', v('ol', { key: 'order', class: 'pitch-order-edit', testid: 'pitch-order' }, order.map((id, i) => {
        const name = teamName(ctx.teams, id);
        const t = ctx.teams.teams.find((x) => x.id === id);
        return v('li', { key: id, class: `team-box ${t ? teamClass(t) : ''}`, testid: 'pitch-order-team' },
          v('span', { class: 'grow' }, name),
          v('button', { type: 'button', class: 'secondary small', disabled: i === 0, testid: `pitch-up-${i}`, aria: { label: ps('moveUp', { team: name }) }, onclick: () => move(i, i - 1) }, '↑'),
          v('button', { type: 'button', class: 'secondary small', disabled: i === order.length - 1, testid: `pitch-down-${i}`, aria: { label: ps('moveDown', { team: name }) }, onclick: () => move(i, i + 1) }, '↓'));
      }))),
    ]);
}

/**
 * The teacher's own rating of the pitch of `team`.
 * @param {HostCtx} ctx
 * @param {PitchesView} view
 * @param {number} team
 */
function teacherForm(ctx, view, team) {
  const host = ctx.host?.kind === 'pitches' ? ctx.host : null;
  if (teacher.activity !== view.id || !teacher.draft || teacher.draft.team !== team) {
    const key = teacher.name.trim().toLowerCase();
    const sent = host?.teacherRatings.find((r) => r.team === team && r.teacher.toLowerCase() === key)?.rating ?? null;
    Object.assign(teacher, { activity: view.id, draft: draftFor(team, view.criteria.length, sent) });
  }
  const draft = /** @type {import('./parts.js').Draft} */ (teacher.draft);
  const problem = missing(draft, view.requireTopsTips) ?? (teacher.name.trim() ? null : ps('teacherName'));
  // The server's copy says whether this very rating arrived (refusals show in the console's
  // notice, like every host action's).
  const rating = JSON.stringify(ratingOf(draft));
  const stored = host?.teacherRatings.some((r) => r.team === team
    && r.teacher.toLowerCase() === teacher.name.trim().toLowerCase() && JSON.stringify(r.rating) === rating) ?? false;
  const changed = () => ctx.rerender();
  return v('details', { class: 'teacher-rating', testid: 'teacher-rating' },
    v('summary', null, ps('teacherRating')),
    v('label', { for: 'teacher-name' }, ps('teacherName')),
    v('input', {
      id: 'teacher-name', testid: 'teacher-name', value: teacher.name, maxlength: MAX_NICKNAME_CHARS, placeholder: ps('teacherDefault'),
      oninput: (ev) => { teacher.name = /** @type {HTMLInputElement} */ (ev.target).value; saveJson(TEACHER_KEY, teacher.name); changed(); },
    }),
    ratingFields('teacher', view.criteria, draft, view.requireTopsTips, changed),
    v('div', { class: 'controls' },
      v('button', {
        type: 'button', class: 'primary', testid: 'teacher-submit', disabled: problem !== null,
        onclick: () => { ctx.send({ kind: 'pitches', type: 'teacherRate', team, teacher: teacher.name.trim(), rating: ratingOf(draft) }); },
      }, ps('sendTeacher')),
      stored ? v('span', { class: 'ok', testid: 'teacher-status' }, ps('teacherSaved')) : null));
}

/**
 * Per team in the order: its results so far and its cards to hide or send.
 * @param {HostCtx} ctx
 * @param {PitchesView} view
 * @param {PitchesHost} host
 * @param {(input: PitchesInput) => void} send
 */
function moderation(ctx, view, host, send) {
  return v('section', { class: 'pitch-moderation' },
    v('h3', null, ps('moderation')),
    v('p', { class: 'muted small' }, ps('moderationHint')),
    v('div', { class: 'pitch-teams' }, view.order.map((id) => {
      const name = teamName(ctx.teams, id);
      const t = ctx.teams.teams.find((x) => x.id === id);
      const cards = host.cards.filter((c) => c.team === id).sort((a, b) => Number(a.kind === 'tip') - Number(b.kind === 'tip') || a.id - b.id);
      const waiting = cards.filter((c) => !c.hidden && !c.released).length;
      const result = host.results.find((r) => r.team === id);
      return v('div', { key: id, class: `team-box pitch-team-box ${t ? teamClass(t) : ''}`, testid: 'host-pitch-team', data: { team: String(id) } },
        v('h4', null, name),
        cards.length === 0 ? v('p', { class: 'muted small' }, ps('noCards'))
          : v('ul', { class: 'host-cards' }, cards.map((c) => v('li', {
            key: c.id, class: `host-card ${c.kind}${c.hidden ? ' hidden-card' : ''}`, testid: 'host-card', data: { id: String(c.id) },
          },
          v('span', { class: 'card-kind' }, c.kind === 'top' ? 'Top' : 'Tip'),
          v('span', { class: 'grow card-text' }, c.text, c.teacher ? v('span', { class: 'badge' }, ps('teacher')) : null),
          v('span', { class: 'muted small', testid: 'host-card-state' }, c.hidden ? ps('hidden') : c.released ? ps('sent') : ps('waiting')),
          v('button', {
            type: 'button', class: 'secondary small', testid: c.hidden ? 'card-unhide' : 'card-hide',
            onclick: () => send({ type: 'hide', card: c.id, hidden: !c.hidden }),
          }, c.hidden ? ps('unhide') : ps('hide'))))),
        !ctx.runs ? null : v('button', {
          type: 'button', class: 'primary small', testid: 'pitch-release', disabled: waiting === 0,
          onclick: () => send({ type: 'release', team: id }),
        }, waiting === 0 ? ps('allSent') : waiting === 1 ? ps('releaseOne', { team: name }) : ps('release', { n: waiting, team: name })),
        result ? scoresTable(view.criteria, result, 'host-scores') : null);
    })));
}

/** The editor's draft, kept across renders. */
const draft = {
  /** Which editor the draft belongs to. */
  session: -1,
  title: '',
  /** @type {{ key: string | null, name: string }[]} names as shown (built-ins translated) */
  criteria: [],
  pitchSecs: '',
  feedbackSecs: '',
  requireTopsTips: false,
  /** @type {string[]} */
  errors: [],
};

/** The default rubric, as the server has it. */
const DEFAULT_CRITERIA = [
  { key: 'creatief', name: 'Creatief' },
  { key: 'realistisch', name: 'Realistisch' },
  { key: 'duidelijk', name: 'Duidelijk' },
];

/**
 * @param {EditorCtx} ctx
 * @returns {VNode}
 */
export function editor(ctx) {
  openDraft(draft, ctx, () => {
    const spec = ctx.spec?.kind === 'pitches' ? ctx.spec : null;
    return {
      title: spec?.title ?? ps('titleDefault'),
      criteria: (spec?.criteria ?? DEFAULT_CRITERIA).map((c) => ({ key: c.key ?? null, name: criterionName(c) })),
      pitchSecs: spec ? (spec.pitchSecs ? String(spec.pitchSecs) : '') : '180',
      feedbackSecs: spec ? (spec.feedbackSecs ? String(spec.feedbackSecs) : '') : '90',
      requireTopsTips: spec?.requireTopsTips ?? false,
    };
  });
  const save = () => {
    /** @type {string[]} */
    const errors = [];
    if (!draft.title.trim()) errors.push(kw('errTitle'));
    if (draft.criteria.some((c) => !c.name.trim() || c.name.trim().length > MAX_CRITERION_CHARS)) errors.push(ps('errCriteria'));
    if (badSecs([draft.pitchSecs, draft.feedbackSecs])) errors.push(kw('errTimer'));
    saveDraft(draft, ctx, errors, () => {
      /** @type {Criterion[]} */
      const criteria = draft.criteria.map((c) => {
        // A built-in criterion keeps its key (and so its translations) while its shown name is
        // untouched; a renamed one is the host's own.
        const builtin = DEFAULT_CRITERIA.find((d) => d.key === c.key);
        return builtin && criterionName(builtin) === c.name.trim() ? { ...builtin } : { key: null, name: c.name.trim() };
      });
      return {
        kind: 'pitches', title: draft.title.trim(), criteria,
        pitchSecs: parseSecs(draft.pitchSecs), feedbackSecs: parseSecs(draft.feedbackSecs), requireTopsTips: draft.requireTopsTips,
      };
    });
  };
  return v('div', { class: 'pitches-editor' },
    v('h2', null, ctx.editing === null ? ps('editorNew') : ps('editorEdit')),
    textField('pitches-title', ps('title'), draft.title, (x) => { draft.title = x; }, { maxlength: 120 }),
    v('fieldset', { class: 'q-edit' },
      v('legend', null, ps('criteria')),
      draft.criteria.map((c, i) => v('div', { key: i, class: 'criterion-edit' },
        v('label', { class: 'inline', for: `criterion-${i}` }, ps('criterion', { n: i + 1 })),
        v('input', {
          id: `criterion-${i}`, testid: `criterion-${i}`, value: c.name, maxlength: MAX_CRITERION_CHARS,
          oninput: (ev) => { c.name = /** @type {HTMLInputElement} */ (ev.target).value; },
        }),
        draft.criteria.length > 1 ? v('button', {
          type: 'button', class: 'secondary small', testid: `criterion-remove-${i}`,
          onclick: () => { draft.criteria.splice(i, 1); ctx.rerender(); },
        }, ps('remove')) : null)),
      draft.criteria.length < MAX_CRITERIA ? v('button', {
        type: 'button', class: 'secondary small', testid: 'criterion-add',
        onclick: () => { draft.criteria.push({ key: null, name: '' }); ctx.rerender(); },
      }, ps('addCriterion')) : null),
    secsField('pitches-pitch-secs', ps('pitchSecs'), draft.pitchSecs, (x) => { draft.pitchSecs = x; }),
    secsField('pitches-feedback-secs', ps('feedbackSecs'), draft.feedbackSecs, (x) => { draft.feedbackSecs = x; }),
    v('label', { class: 'check' }, v('input', {
      type: 'checkbox', testid: 'pitches-require', checked: draft.requireTopsTips,
      onchange: (ev) => { draft.requireTopsTips = /** @type {HTMLInputElement} */ (ev.target).checked; },
    }), ' ', ps('requireTopsTips')),
    editorFooter(ctx, save, draft.errors));
}
