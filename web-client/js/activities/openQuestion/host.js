// The open question in the host console (and a co-facilitator's, without the flow buttons):
// open, close, switch between cloud and cards; the approval queue; every word of the cloud to
// hide, merge into another with two taps, or split again; every answer to hide; the editor.
// On an anonymous question the console shows no names either.

import { v } from '../../view.js';
import { oq } from './strings.js';
import { checkField as check, flowControls, scrollBox } from '../fields.js';
import { editorFooter, enter, openDraft, perActivity, saveDraft } from '../kit.js';

export { applyChange } from './changes.js';

/** Late input makes sense here: the console offers to leave it open for the empty chair. */
export const lateInput = true;

/** @typedef {import('../index.js').HostCtx<'openQuestion'>} HostCtx */
/** @typedef {import('../index.js').EditorCtx} EditorCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../../../gen/OpenQuestionInput').OpenQuestionInput} OpenQuestionInput */
/** @typedef {import('../../../gen/HostAnswer').HostAnswer} HostAnswer */
/** @typedef {import('../../../gen/HostCloudWord').HostCloudWord} HostCloudWord */
/** @typedef {import('../../../gen/OpenDisplay').OpenDisplay} OpenDisplay */

/** The kind's name. */
export function label() {
  return oq('kind');
}

/** @param {ActivitySpec} spec */
export function summary(spec) {
  if (spec.kind !== 'openQuestion') return '';
  return [oq('summary', { n: spec.perPerson }), spec.anonymous ? oq('summaryAnonymous') : null, spec.approve ? oq('summaryApprove') : null]
    .filter(Boolean).join(' · ');
}

/** @param {import('../index.js').ViewOf<'openQuestion'>} view */
export function phase(view) {
  const p = view.phase.phase;
  return p === 'lobby' ? oq('phaseLobby') : p === 'open' ? oq('phaseOpen') : oq('phaseClosed');
}

/**
 * What the presenter window may ask for with a tap on the projected cloud: hiding a word and
 * merging two, nothing else.
 * @param {import('../../../gen/ActivityInput').ActivityInput} input
 */
export function fromPresenter(input) {
  return input.kind === 'openQuestion' && (input.type === 'hideWord' || input.type === 'mergeWords');
}

/** What the console keeps between renders. */
const local = perActivity(() => ({
  /** @type {string | null} the word being merged into another */
  merging: null,
}));

/**
 * The presenter's steps: open, then switch cloud/cards is on the run panel; close; back: open
 * again.
 * @param {HostCtx} ctx
 * @returns {import('../../present.js').Steps}
 */
export function steps(ctx) {
  const p = ctx.view.phase.phase;
  /** @param {string} label @param {OpenQuestionInput} input */
  const step = (label, input) => ({ label, run: () => ctx.send({ kind: 'openQuestion', ...input }) });
  if (p === 'lobby') return { next: step(oq('open'), { type: 'open' }), back: null };
  if (p === 'open') return { next: step(oq('close'), { type: 'close' }), back: null };
  return { next: null, back: step(oq('reopen'), { type: 'reopen' }) };
}

/**
 * @param {HostCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  enter(local, view.id);
  const host = ctx.host?.kind === 'openQuestion' ? ctx.host : null;
  const p = view.phase.phase;
  /** @param {OpenQuestionInput} input */
  const send = (input) => ctx.send({ kind: 'openQuestion', ...input });
  /** @param {string} testid @param {string} text @param {OpenQuestionInput} input */
  const button = (testid, text, input) => v('button', { key: testid, type: 'button', class: 'primary', testid, onclick: () => send(input) }, text);
  /** @type {VNode[]} */
  const controls = [];
  if (p === 'lobby') controls.push(button('oq-open', oq('open'), { type: 'open' }));
  if (p === 'open') controls.push(button('oq-close', oq('close'), { type: 'close' }));
  if (p === 'closed') controls.push(button('oq-reopen', oq('reopen'), { type: 'reopen' }));
  controls.push(view.display === 'cloud'
    ? v('button', { key: 'show', type: 'button', class: 'secondary', testid: 'oq-show-cards', onclick: () => send({ type: 'show', display: 'cards' }) }, oq('showCards'))
    : v('button', { key: 'show', type: 'button', class: 'secondary', testid: 'oq-show-cloud', onclick: () => send({ type: 'show', display: 'cloud' }) }, oq('showCloud')));
  const answers = host?.answers ?? [];
  const waiting = answers.filter((a) => a.status === 'waiting');
  const rest = answers.filter((a) => a.status !== 'waiting');
  return v('div', { class: 'oq-host' },
    ctx.progress && p !== 'lobby' ? v('p', { class: 'progress', testid: 'host-progress' },
      oq('respondedCount', { n: ctx.progress.responded }), ` / ${ctx.progress.of} · `,
      answers.length === 1 ? oq('answersOne') : oq('answersCount', { n: answers.length })) : null,
    flowControls(ctx, controls),
    !view.shown && p !== 'lobby' ? v('p', { class: 'muted', testid: 'oq-host-floor' }, oq('waitFloor', { n: view.privacyFloor })) : null,
    local.merging !== null ? v('p', { class: 'notice-kind', testid: 'oq-merge-hint' },
      oq('mergeHint', { text: host?.words.find((w) => w.word.key === local.merging)?.word.text ?? '' }), ' ',
      v('button', { type: 'button', class: 'secondary small', onclick: () => { local.merging = null; ctx.rerender(); } }, oq('mergeCancel'))) : null,
    scrollBox('oq-host-scroll',
      waiting.length ? v('div', { class: 'oq-queue', testid: 'oq-queue' },
        v('h3', null, oq('queue'), ' ', v('span', { class: 'count' }, String(waiting.length))),
        v('ul', { class: 'host-cards' }, waiting.map((a) => answerRow(ctx, a)))) : null,
      v('h3', null, oq('words')),
      host && host.words.length ? v('ul', { class: 'oq-host-words', testid: 'oq-host-words' }, host.words.map((w) => wordRow(ctx, w)))
        : v('p', { class: 'muted' }, oq('noWords')),
      v('h3', null, oq('answers')),
      rest.length === 0 ? v('p', { class: 'muted' }, oq('noAnswers'))
        : v('ul', { class: 'host-cards', testid: 'oq-host-answers' }, rest.map((a) => answerRow(ctx, a)))));
}

/**
 * One word of the cloud with its buttons: hide (or show), merge into another, split.
 * @param {HostCtx} ctx
 * @param {HostCloudWord} w
 */
function wordRow(ctx, w) {
  /** @param {OpenQuestionInput} input */
  const send = (input) => ctx.send({ kind: 'openQuestion', ...input });
  /** @param {string} testid @param {string} text @param {() => void} onclick */
  const small = (testid, text, onclick) => v('button', { key: testid, type: 'button', class: 'secondary small', testid, onclick }, text);
  const key = w.word.key;
  /** @type {VNode[]} */
  const buttons = [];
  if (local.merging !== null && local.merging !== key) {
    buttons.push(small('oq-merge-into', oq('mergeInto'), () => {
      send({ type: 'mergeWords', word: /** @type {string} */ (local.merging), into: key });
      local.merging = null;
      ctx.rerender();
    }));
  } else {
    buttons.push(w.hidden ? small('oq-unhide-word', oq('unhideWord'), () => send({ type: 'hideWord', word: key, hidden: false }))
      : small('oq-hide-word', oq('hideWord'), () => send({ type: 'hideWord', word: key, hidden: true })));
    if (!w.hidden) buttons.push(small('oq-merge', oq('merge'), () => { local.merging = key; ctx.rerender(); }));
    if (w.merged.length) buttons.push(small('oq-split', oq('split'), () => send({ type: 'splitWord', word: key })));
  }
  return v('li', { key, class: `oq-host-word${w.hidden ? ' hidden' : ''}`, testid: 'oq-host-word', data: { key, hidden: String(w.hidden) } },
    v('span', { class: 'oq-host-word-text' }, w.word.text),
    v('span', { class: 'votes' }, w.word.count === 1 ? oq('peopleOne') : oq('people', { n: w.word.count })),
    w.hidden ? v('span', { class: 'badge muted' }, oq('hiddenBadge')) : null,
    w.merged.length ? v('span', { class: 'badge muted' }, `+${w.merged.length}`) : null,
    v('span', { class: 'controls' }, buttons));
}

/**
 * One answer with its moderation buttons.
 * @param {HostCtx} ctx
 * @param {HostAnswer} a
 */
function answerRow(ctx, a) {
  /** @param {OpenQuestionInput} input */
  const send = (input) => ctx.send({ kind: 'openQuestion', ...input });
  /** @param {string} testid @param {string} text @param {() => void} onclick */
  const small = (testid, text, onclick) => v('button', { key: testid, type: 'button', class: 'secondary small', testid, onclick }, text);
  /** @type {VNode[]} */
  const buttons = [];
  if (a.status === 'waiting') buttons.push(small('oq-approve', oq('approve'), () => send({ type: 'approve', answer: a.id })));
  buttons.push(a.status === 'hidden' ? small('oq-unhide', oq('unhide'), () => send({ type: 'hide', answer: a.id, hidden: false }))
    : small('oq-hide', oq('hide'), () => send({ type: 'hide', answer: a.id, hidden: true })));
  const badge = a.status === 'hidden' ? oq('hiddenBadge') : a.status === 'waiting' ? oq('waitingBadge') : null;
  return v('li', { key: a.id, class: `host-card ${a.status}`, testid: 'oq-host-answer', data: { id: String(a.id), status: a.status } },
    v('p', { class: 'host-card-text' }, a.text),
    v('p', { class: 'host-card-meta small' },
      a.author ? v('span', { class: 'muted' }, a.author) : null,
      badge ? v('span', { class: 'badge muted' }, badge) : null),
    v('div', { class: 'controls' }, buttons));
}

/** The editor's draft, kept across renders. */
const draft = {
  session: -1,
  title: '',
  perPerson: 3,
  maxChars: 80,
  anonymous: true,
  approve: false,
  /** @type {OpenDisplay} */
  display: 'cloud',
  privacyFloor: 3,
  /** @type {string[]} */
  errors: [],
};

/**
 * @param {EditorCtx} ctx
 * @returns {VNode}
 */
export function editor(ctx) {
  openDraft(draft, ctx, () => {
    const spec = ctx.spec?.kind === 'openQuestion' ? ctx.spec : null;
    return {
      title: spec?.title ?? oq('titleDefault'),
      perPerson: spec?.perPerson ?? 3,
      maxChars: spec?.maxChars ?? 80,
      anonymous: spec?.anonymous ?? true,
      approve: spec?.approve ?? false,
      display: spec?.display ?? 'cloud',
      privacyFloor: spec?.privacyFloor ?? 3,
    };
  });
  const save = () => {
    /** @type {string[]} */
    const errors = [];
    if (!draft.title.trim()) errors.push(oq('title'));
    const whole = (/** @type {number} */ n, /** @type {number} */ lo, /** @type {number} */ hi) => Number.isInteger(n) && n >= lo && n <= hi;
    if (!whole(draft.perPerson, 1, 10) || !whole(draft.maxChars, 10, 280) || !whole(draft.privacyFloor, 1, 10)) errors.push(oq('errNumbers'));
    saveDraft(draft, ctx, errors, () => ({
      kind: 'openQuestion', title: draft.title.trim(), perPerson: draft.perPerson, maxChars: draft.maxChars,
      anonymous: draft.anonymous, approve: draft.approve, display: draft.display, privacyFloor: draft.privacyFloor,
    }));
  };
  /** @param {string} id @param {string} text @param {number} value @param {(x: number) => void} set */
  const number = (id, text, value, set) => [
    v('label', { for: id }, text),
    v('input', {
      id, testid: id, type: 'number', class: 'num', value: String(value),
      oninput: (ev) => set(Number(/** @type {HTMLInputElement} */ (ev.target).value)),
    }),
  ];
  /** @param {OpenDisplay} key @param {string} text */
  const display = (key, text) => v('label', { class: 'check', key },
    v('input', {
      type: 'radio', name: 'oq-display', value: key, testid: `oq-display-${key}`, checked: draft.display === key,
      onchange: () => { draft.display = key; ctx.rerender(); },
    }), ' ', text);
  return v('div', { class: 'oq-editor' },
    v('h2', null, ctx.editing === null ? oq('editorNew') : oq('editorEdit')),
    v('label', { for: 'oq-title' }, oq('title')),
    v('input', {
      id: 'oq-title', testid: 'oq-title', value: draft.title, maxlength: 200,
      oninput: (ev) => { draft.title = /** @type {HTMLInputElement} */ (ev.target).value; },
    }),
    number('oq-per-person', oq('perPerson'), draft.perPerson, (x) => { draft.perPerson = x; }),
    number('oq-max-chars', oq('maxChars'), draft.maxChars, (x) => { draft.maxChars = x; }),
    number('oq-floor', oq('floor'), draft.privacyFloor, (x) => { draft.privacyFloor = x; }),
    check('oq-anonymous', oq('anonymous'), draft.anonymous, (x) => { draft.anonymous = x; }),
    check('oq-approve-first', oq('approveFirst'), draft.approve, (x) => { draft.approve = x; }),
    v('fieldset', { class: 'choice' }, v('legend', null, oq('display')),
      display('cloud', oq('displayCloud')), display('cards', oq('displayCards'))),
    editorFooter(ctx, save, draft.errors));
}
