// "You said → we did" in the host console: start it, reveal the pairs one by one (or all),
// hide the last again, close it; the presenter's steps; and the editor, whose "said" items can
// be taken from a past activity's top results (`sources.js`).

import { v } from '../../view.js';
import { wd } from './strings.js';
import { MAX_SAID, SOURCE_KINDS, topResults } from './sources.js';
import { checkField as check, flowControls, scrollBox, textField } from '../fields.js';
import { editorFooter, kw, openDraft, saveDraft } from '../kit.js';
import { moduleFor } from '../index.js';

/** @typedef {import('../index.js').HostCtx<'weDid'>} HostCtx */
/** @typedef {import('../index.js').EditorCtx} EditorCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../../../gen/WeDidInput').WeDidInput} WeDidInput */
/** @typedef {import('../../../gen/WeDidItem').WeDidItem} WeDidItem */
/** @typedef {import('../../../gen/WeDidSource').WeDidSource} WeDidSource */
/** @typedef {import('./sources.js').Suggestion} Suggestion */

/** Most pairs on a slide (the server's limit). */
const MAX_PAIRS = 8;

/** The kind's name. */
export function label() {
  return wd('kind');
}

/** @param {ActivitySpec} spec */
export function summary(spec) {
  if (spec.kind !== 'weDid') return '';
  return wd('summary', { n: spec.items.length, from: spec.source ? wd('summaryFrom', { title: spec.source.title }) : '' });
}

/** @param {import('../index.js').ViewOf<'weDid'>} view */
export function phase(view) {
  const p = view.phase.phase;
  return p === 'lobby' ? kw('waitingToStart') : p === 'showing' ? wd('phaseShowing', { k: view.pairs.length, n: view.total }) : wd('phaseClosed');
}

/**
 * The presenter's steps: start, then each next pair; back hides the last pair shown. When every
 * pair is shown there is no next step, so the presenter goes on to the next activity.
 * @param {HostCtx} ctx
 * @returns {import('../../present.js').Steps}
 */
export function steps(ctx) {
  const view = ctx.view;
  const p = view.phase.phase;
  const shown = view.pairs.length;
  /** @param {string} label @param {WeDidInput} input */
  const step = (label, input) => ({ label, run: () => ctx.send({ kind: 'weDid', ...input }) });
  const oneByOne = ctx.spec?.kind === 'weDid' ? ctx.spec.oneByOne : true;
  const next = p === 'lobby' ? step(oneByOne ? wd('start') : wd('startAll'), { type: 'start' })
    : p === 'showing' && shown < view.total ? step(wd('next', { k: shown + 1 }), { type: 'next' })
      : null;
  const back = p === 'showing' && shown > 1 ? step(wd('back', { k: shown }), { type: 'back' }) : null;
  return { next, back };
}

/**
 * The run panel: the flow controls, how many tapped "seen", and every pair with whether the
 * class has seen it.
 * @param {HostCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const p = view.phase.phase;
  const shown = view.pairs.length;
  const items = ctx.spec?.kind === 'weDid' ? ctx.spec.items : view.pairs;
  /** @param {string} testid @param {string} text @param {WeDidInput} input @param {string} [cls] */
  const button = (testid, text, input, cls = 'secondary') => v('button', {
    key: testid, type: 'button', class: cls, testid, onclick: () => ctx.send({ kind: 'weDid', ...input }),
  }, text);
  const { next, back } = steps(ctx);
  const seen = p === 'showing' ? ctx.progress?.responded ?? view.seen : view.seen;
  return v('div', { class: 'wedid-host' },
    flowControls(ctx,
      next ? v('button', { key: 'next', type: 'button', class: 'primary', testid: p === 'lobby' ? 'wedid-start' : 'wedid-next', onclick: next.run }, next.label) : null,
      back ? button('wedid-back', back.label, { type: 'back' }) : null,
      p === 'showing' && shown < view.total ? button('wedid-show-all', wd('showAll'), { type: 'showAll' }) : null,
      p === 'showing' ? button('wedid-close', wd('close'), { type: 'close' }) : null),
    p !== 'lobby' ? v('p', { class: 'progress', testid: 'host-wedid-seen' }, wd('seenCountLong', { n: seen })) : null,
    view.source ? v('p', { class: 'muted small' }, wd('from', { title: view.source })) : null,
    scrollBox('wedid-host-pairs', v('ol', { class: 'wedid-host-list' }, items.map((item, i) => v('li', {
      key: i, class: i < shown ? 'wedid-shown' : 'wedid-hidden', testid: 'wedid-host-pair',
    },
    v('span', { class: 'wedid-host-said' }, item.said),
    v('span', { class: 'wedid-host-arrow', aria: { hidden: 'true' } }, ' → '),
    v('span', { class: item.did.trim() ? 'wedid-host-did' : 'wedid-host-did muted' }, item.did.trim() || wd('inProgress')),
    v('span', { class: 'badge muted' }, i < shown ? wd('revealed') : wd('notYet')))))));
}

/** The editor's draft, kept across renders. */
const draft = {
  session: -1,
  title: '',
  oneByOne: true,
  /** @type {WeDidItem[]} */
  items: [],
  /** @type {WeDidSource | null} */
  source: null,
  /** @type {string[]} */
  errors: [],
};

/** Taking results from a past activity: which one, its offer, and what is ticked. */
const take = {
  /** @type {number} the editing session it belongs to */
  session: -1,
  /** @type {number | null} */
  activity: null,
  loading: false,
  /** @type {(() => string) | null} */
  failed: null,
  /** @type {Suggestion[]} */
  suggestions: [],
  /** @type {string | null} why there are none (a privacy floor) */
  note: null,
  /** @type {Set<number>} indexes ticked */
  picked: new Set(),
};

/**
 * Loads the top results of `activity` into `take`.
 * @param {EditorCtx} ctx
 * @param {number | null} activity
 */
async function load(ctx, activity) {
  Object.assign(take, { activity, loading: activity !== null, failed: null, suggestions: [], note: null, picked: new Set() });
  ctx.rerender();
  if (activity === null) return;
  try {
    const entry = await ctx.results(activity);
    if (take.activity !== activity) return;
    const offer = topResults(entry);
    take.suggestions = offer.suggestions;
    take.note = offer.note;
  } catch (e) {
    if (take.activity !== activity) return;
    take.failed = typeof e === 'function' ? /** @type {() => string} */ (e) : () => wd('takeFailed');
  }
  take.loading = false;
  ctx.rerender();
}

/**
 * The ticked suggestions become pairs (filling empty ones first), and the activity the source.
 * @param {EditorCtx} ctx
 */
function addPicked(ctx) {
  const texts = [...take.picked].sort((a, b) => a - b).flatMap((i) => (take.suggestions[i] ? [take.suggestions[i].text] : []));
  for (const said of texts) {
    const empty = draft.items.find((it) => !it.said.trim());
    if (empty) empty.said = said;
    else if (draft.items.length < MAX_PAIRS) draft.items.push({ said, did: '' });
  }
  const item = ctx.agenda.find((a) => a.id === take.activity);
  if (item) draft.source = { activity: item.id, title: item.spec.title };
  take.picked = new Set();
  ctx.rerender();
}

/**
 * The part of the editor that takes "said" items from a past activity's top results.
 * @param {EditorCtx} ctx
 * @returns {VNode}
 */
function takePanel(ctx) {
  if (take.session !== ctx.session) Object.assign(take, { session: ctx.session, activity: null, loading: false, failed: null, suggestions: [], note: null, picked: new Set() });
  const past = ctx.agenda.filter((a) => a.started && SOURCE_KINDS.includes(a.spec.kind) && a.id !== ctx.editing);
  const room = MAX_PAIRS - draft.items.filter((it) => it.said.trim()).length;
  return v('fieldset', { class: 'choice wedid-take', testid: 'wedid-take' },
    v('legend', null, wd('take')),
    v('p', { class: 'muted small' }, wd('takeHint')),
    past.length === 0 ? v('p', { class: 'muted', testid: 'wedid-take-none' }, wd('takeNone')) : [
      v('label', { key: 'l', for: 'wedid-take-activity' }, wd('takeActivity')),
      v('select', {
        key: 's', id: 'wedid-take-activity', testid: 'wedid-take-activity', value: take.activity === null ? '' : String(take.activity),
        onchange: (ev) => {
          const raw = /** @type {HTMLSelectElement} */ (ev.target).value;
          load(ctx, raw === '' ? null : Number(raw));
        },
      },
      v('option', { value: '' }, wd('takeChoose')),
      past.map((a) => v('option', { key: a.id, value: String(a.id) }, `${moduleFor(a.spec.kind, 'host')?.label() ?? a.spec.kind}: ${a.spec.title}`))),
    ],
    take.loading ? v('p', { class: 'muted', testid: 'wedid-take-loading' }, wd('takeLoading')) : null,
    take.failed ? v('p', { class: 'error', role: 'alert', testid: 'wedid-take-failed' }, `${wd('takeFailed')} ${take.failed()}`) : null,
    take.note ? v('p', { class: 'muted', testid: 'wedid-take-note' }, take.note) : null,
    take.activity !== null && !take.loading && !take.failed && !take.note && take.suggestions.length === 0
      ? v('p', { class: 'muted', testid: 'wedid-take-empty' }, wd('takeEmpty')) : null,
    take.suggestions.length ? v('ul', { class: 'wedid-suggestions', testid: 'wedid-suggestions' }, take.suggestions.map((s, i) => v('li', { key: `${take.activity}-${i}` },
      v('label', { class: 'check wedid-suggestion' },
        v('input', {
          type: 'checkbox', testid: 'wedid-suggestion', checked: take.picked.has(i),
          disabled: !take.picked.has(i) && take.picked.size >= room,
          onchange: (ev) => {
            if (/** @type {HTMLInputElement} */ (ev.target).checked) take.picked.add(i);
            else take.picked.delete(i);
            ctx.rerender();
          },
        }),
        ' ', v('span', { class: 'wedid-suggestion-text' }, s.text), ' ', v('span', { class: 'muted small' }, s.hint))))) : null,
    take.suggestions.length ? v('div', { class: 'controls' },
      v('button', {
        type: 'button', class: 'secondary', testid: 'wedid-take-add', disabled: take.picked.size === 0,
        onclick: () => addPicked(ctx),
      }, wd('takeAdd', { n: take.picked.size })),
      room <= 0 ? v('span', { class: 'muted small' }, wd('takeFull')) : null) : null);
}

/**
 * @param {EditorCtx} ctx
 * @returns {VNode}
 */
export function editor(ctx) {
  openDraft(draft, ctx, () => {
    const spec = ctx.spec?.kind === 'weDid' ? ctx.spec : null;
    return {
      title: spec?.title ?? wd('titleDefault'),
      oneByOne: spec?.oneByOne ?? true,
      items: spec ? spec.items.map((it) => ({ ...it })) : [{ said: '', did: '' }],
      source: spec?.source ? { ...spec.source } : null,
    };
  });
  const save = () => {
    /** @type {string[]} */
    const errors = [];
    const items = draft.items.map((it) => ({ said: it.said.trim(), did: it.did.trim() })).filter((it) => it.said || it.did);
    if (!draft.title.trim()) errors.push(kw('errTitle'));
    if (items.length < 1 || items.length > MAX_PAIRS || items.some((it) => !it.said)) errors.push(wd('errPairs'));
    saveDraft(draft, ctx, errors, () => ({
      kind: 'weDid', title: draft.title.trim(), source: draft.source, items, oneByOne: draft.oneByOne,
    }));
  };
  return v('div', { class: 'wedid-editor' },
    v('h2', null, ctx.editing === null ? wd('editorNew') : wd('editorEdit')),
    textField('wedid-title', wd('title'), draft.title, (x) => { draft.title = x; }, { maxlength: 200 }),
    takePanel(ctx),
    v('fieldset', { class: 'choice' },
      v('legend', null, wd('pairs')),
      draft.source ? v('p', { class: 'wedid-source', testid: 'wedid-source' },
        wd('source', { title: draft.source.title }), ' ',
        v('button', {
          type: 'button', class: 'secondary small', testid: 'wedid-forget-source',
          onclick: () => { draft.source = null; ctx.rerender(); },
        }, wd('forgetSource'))) : null,
      v('ol', { class: 'wedid-edit-list' }, draft.items.map((it, i) => v('li', { key: i, class: 'wedid-edit-pair' },
        v('label', { for: `wedid-said-${i}`, class: 'small' }, wd('saidN', { n: i + 1 })),
        v('textarea', {
          id: `wedid-said-${i}`, testid: 'wedid-said', value: it.said, maxlength: MAX_SAID, rows: 2,
          oninput: (ev) => { it.said = /** @type {HTMLTextAreaElement} */ (ev.target).value; },
        }),
        v('label', { for: `wedid-did-${i}`, class: 'small' }, wd('didN', { n: i + 1 })),
        v('textarea', {
          id: `wedid-did-${i}`, testid: 'wedid-did', value: it.did, maxlength: 280, rows: 2, placeholder: wd('didPlaceholder'),
          oninput: (ev) => { it.did = /** @type {HTMLTextAreaElement} */ (ev.target).value; },
        }),
        v('button', {
          type: 'button', class: 'secondary small', testid: 'wedid-remove-pair', disabled: draft.items.length <= 1,
          onclick: () => { draft.items.splice(i, 1); ctx.rerender(); },
        }, wd('remove'))))),
      v('div', { class: 'controls' }, v('button', {
        type: 'button', class: 'secondary small', testid: 'wedid-add-pair', disabled: draft.items.length >= MAX_PAIRS,
        onclick: () => { draft.items.push({ said: '', did: '' }); ctx.rerender(); },
      }, wd('addPair')))),
    check('wedid-one-by-one', wd('oneByOne'), draft.oneByOne, (x) => { draft.oneByOne = x; }),
    editorFooter(ctx, save, draft.errors));
}
