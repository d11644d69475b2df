// The card-sort in the host console: open, close and reveal; how many are sorting; the heatmap
// as it grows (only the host sees it while hidden, under the same privacy floor); the
// presenter's steps; and the editor (columns with two presets, cards with their effect group
// and tone, the default cards in the console's language, the privacy floor, a live heatmap).

import { v } from '../../view.js';
import { cs, defaultCards, fitsColumns, sessionColumns } from './strings.js';
import { heatmapGrid } from './heatmap.js';
import { checkField as check, flowControls, textField } from '../fields.js';
import { editorFooter, kw, openDraft, saveDraft } from '../kit.js';

export { applyChange } from './changes.js';

/** Late input makes sense here: the console offers to leave it open for the empty chair. */
export const lateInput = true;

/** @typedef {import('../index.js').HostCtx<'cardSort'>} HostCtx */
/** @typedef {import('../index.js').EditorCtx} EditorCtx */
/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../../../gen/ActivitySpec').ActivitySpec} ActivitySpec */
/** @typedef {import('../../../gen/CardSortInput').CardSortInput} CardSortInput */
/** @typedef {import('../../../gen/SortCard').SortCard} SortCard */

/** The kind's name. */
export function label() {
  return cs('kind');
}

/** @param {ActivitySpec} spec */
export function summary(spec) {
  if (spec.kind !== 'cardSort') return '';
  const text = cs('summary', { cards: spec.cards.length, columns: spec.columns.length, n: spec.privacyFloor });
  return spec.live ? `${text} · ${cs('summaryLive')}` : text;
}

/** @param {import('../index.js').ViewOf<'cardSort'>} view */
export function phase(view) {
  const p = view.phase.phase;
  return p === 'lobby' ? kw('waitingToStart') : p === 'open' ? cs('phaseOpen') : p === 'closed' ? cs('phaseClosed') : cs('phaseRevealed');
}

/**
 * What the host can do next, in order: each `[testid, label, input]`. The presenter's next step
 * is the first.
 * @param {import('../index.js').ViewOf<'cardSort'>} view
 * @returns {[string, string, CardSortInput][]}
 */
function actions(view) {
  switch (view.phase.phase) {
    case 'lobby': return [['sort-open', cs('open'), { type: 'open' }]];
    case 'open': return [['sort-reveal', cs('reveal'), { type: 'reveal' }], ['sort-close', cs('close'), { type: 'close' }]];
    case 'closed': return [['sort-reveal', cs('reveal'), { type: 'reveal' }]];
    default: return [];
  }
}

/**
 * The presenter's steps: open the sort, show the heatmap; then the next activity.
 * @param {HostCtx} ctx
 * @returns {import('../../present.js').Steps}
 */
export function steps(ctx) {
  const first = actions(ctx.view)[0];
  return {
    next: first ? { label: first[1], run: () => ctx.send({ kind: 'cardSort', ...first[2] }) } : null,
    back: null,
  };
}

/**
 * @param {HostCtx} ctx
 * @returns {VNode}
 */
export function render(ctx) {
  const view = ctx.view;
  const p = view.phase.phase;
  const heatmap = ctx.host?.kind === 'cardSort' && ctx.host.heatmap.cells.length === view.cards.length ? ctx.host.heatmap : view.heatmap;
  const controls = actions(view).map(([testid, text, input], i) => v('button', {
    key: testid, type: 'button', class: i === 0 ? 'primary' : 'secondary', testid,
    onclick: () => ctx.send({ kind: 'cardSort', ...input }),
  }, text));
  return v('div', { class: 'sort-host' },
    p !== 'lobby' ? v('p', { class: 'progress', testid: 'host-progress' },
      cs('sorted', { n: ctx.progress?.responded ?? 0 }), ctx.progress ? ` / ${ctx.progress.of}` : '') : null,
    flowControls(ctx, controls),
    p === 'lobby' || !heatmap ? null : v('p', { class: 'muted small' }, p === 'revealed' ? cs('phaseRevealed') : cs('hostHeatmap')),
    p === 'lobby' || !heatmap ? null : heatmapGrid(view, heatmap, null, 'sort-host-heatmap'));
}

/** The editor's draft, kept across renders. */
const draft = {
  session: -1,
  title: '',
  /** @type {string[]} */
  columns: [],
  /** @type {SortCard[]} */
  cards: [],
  floor: '3',
  live: false,
  /** @type {string[]} */
  errors: [],
};

/**
 * A list editor's remove button.
 * @param {unknown[]} list
 * @param {number} i
 * @param {number} min
 * @param {EditorCtx} ctx
 */
function removeButton(list, i, min, ctx) {
  return v('button', {
    type: 'button', class: 'secondary small', disabled: list.length <= min,
    onclick: () => { list.splice(i, 1); ctx.rerender(); },
  }, cs('remove'));
}

/**
 * @param {EditorCtx} ctx
 * @returns {VNode}
 */
export function editor(ctx) {
  openDraft(draft, ctx, () => {
    const spec = ctx.spec?.kind === 'cardSort' ? ctx.spec : null;
    return {
      title: spec?.title ?? cs('titleDefault'),
      columns: spec ? [...spec.columns] : sessionColumns(ctx.sessions),
      cards: spec ? spec.cards.map((c) => ({ ...c })) : defaultCards(),
      floor: String(spec?.privacyFloor ?? 3),
      live: spec?.live ?? false,
    };
  });
  const save = () => {
    /** @type {string[]} */
    const errors = [];
    const columns = draft.columns.map((c) => c.trim()).filter(Boolean);
    const cards = draft.cards.map((c) => ({ text: c.text.trim(), group: c.group.trim(), positive: c.positive })).filter((c) => c.text);
    const floor = Number(draft.floor);
    if (!draft.title.trim()) errors.push(kw('errTitle'));
    if (columns.length < 2 || columns.length > 8 || new Set(columns.map((c) => c.toLowerCase())).size !== columns.length) errors.push(cs('errColumns'));
    if (cards.length < 1 || cards.length > 30 || cards.some((c) => !c.group)) errors.push(cs('errCards'));
    if (!Number.isInteger(floor) || floor < 2 || floor > 10) errors.push(cs('errFloor'));
    saveDraft(draft, ctx, errors, () => ({ kind: 'cardSort', title: draft.title.trim(), columns, cards, privacyFloor: floor, live: draft.live }));
  };
  /** @param {string[]} columns */
  const preset = (columns) => { draft.columns = columns; ctx.rerender(); };
  return v('div', { class: 'sort-editor' },
    v('h2', null, ctx.editing === null ? cs('editorNew') : cs('editorEdit')),
    textField('sort-title', cs('title'), draft.title, (x) => { draft.title = x; }, { maxlength: 200 }),
    v('fieldset', { class: 'choice' },
      v('legend', null, cs('columns')),
      v('div', { class: 'controls' },
        v('button', { type: 'button', class: 'secondary small', testid: 'sort-preset-sessions', onclick: () => preset(sessionColumns(ctx.sessions)) }, ctx.sessions.length >= 2 ? cs('presetRoomSessions') : cs('presetSessions')),
        v('button', { type: 'button', class: 'secondary small', testid: 'sort-preset-fits', onclick: () => preset(fitsColumns()) }, cs('presetFits'))),
      v('ol', { class: 'sort-edit-list' }, draft.columns.map((c, i) => v('li', { key: i },
        v('input', {
          testid: 'sort-column-name', value: c, maxlength: 40, aria: { label: cs('column', { n: i + 1 }) },
          oninput: (ev) => { draft.columns[i] = /** @type {HTMLInputElement} */ (ev.target).value; },
        }),
        removeButton(draft.columns, i, 2, ctx)))),
      v('div', { class: 'controls' }, v('button', {
        type: 'button', class: 'secondary small', testid: 'sort-add-column', disabled: draft.columns.length >= 8,
        onclick: () => { draft.columns.push(''); ctx.rerender(); },
      }, cs('addColumn')))),
    v('fieldset', { class: 'choice' },
      v('legend', null, cs('cards')),
      v('div', { class: 'controls' }, v('button', {
        type: 'button', class: 'secondary small', testid: 'sort-default-cards',
        onclick: () => { draft.cards = defaultCards(); ctx.rerender(); },
      }, cs('defaultCards'))),
      v('ol', { class: 'sort-edit-list' }, draft.cards.map((c, i) => v('li', { key: i },
        v('input', {
          testid: 'sort-card-text', class: 'sort-edit-text', value: c.text, maxlength: 140, aria: { label: cs('cardText', { n: i + 1 }) },
          oninput: (ev) => { c.text = /** @type {HTMLInputElement} */ (ev.target).value; },
        }),
        v('input', {
          testid: 'sort-card-group', class: 'sort-edit-group', value: c.group, maxlength: 60, aria: { label: cs('cardGroup', { n: i + 1 }) },
          oninput: (ev) => { c.group = /** @type {HTMLInputElement} */ (ev.target).value; },
        }),
        v('label', { class: 'check' }, v('input', {
          type: 'checkbox', testid: 'sort-card-positive', checked: c.positive,
          onchange: (ev) => { c.positive = /** @type {HTMLInputElement} */ (ev.target).checked; },
        }), ' ', cs('cardPositive')),
        removeButton(draft.cards, i, 1, ctx)))),
      v('div', { class: 'controls' }, v('button', {
        type: 'button', class: 'secondary small', testid: 'sort-add-card', disabled: draft.cards.length >= 30,
        onclick: () => { draft.cards.push({ text: '', group: draft.cards[draft.cards.length - 1]?.group ?? '', positive: true }); ctx.rerender(); },
      }, cs('addCard')))),
    textField('sort-floor', cs('floor'), draft.floor, (x) => { draft.floor = x; }, { inputmode: 'numeric', class: 'num' }),
    check('sort-live', cs('live'), draft.live, (x) => { draft.live = x; }),
    editorFooter(ctx, save, draft.errors));
}
