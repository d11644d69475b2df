// The card-sort's heatmap, as the projector, the console and the phones draw it: one row per
// card (under its effect group's heading, marked positive or negative), one column per column
// name, each cell shaded by its count. A cell the server left out (under the privacy floor)
// shows a faint dot and no number, the same whether it is empty or not; there are no totals.

import { v } from '../../view.js';
import { cs } from './strings.js';

/** @typedef {import('../../view.js').VNode} VNode */
/** @typedef {import('../index.js').ViewOf<'cardSort'>} CardSortView */
/** @typedef {import('../../../gen/Heatmap').Heatmap} Heatmap */
/** @typedef {import('../../../gen/SortCard').SortCard} SortCard */

/**
 * The cards in their effect groups, in order of first appearance, each with its number.
 * @param {SortCard[]} cards
 * @returns {[string, [SortCard, number][]][]}
 */
export function byGroup(cards) {
  /** @type {Map<string, [SortCard, number][]>} */
  const groups = new Map();
  cards.forEach((card, i) => {
    const list = groups.get(card.group) ?? [];
    list.push([card, i]);
    groups.set(card.group, list);
  });
  return [...groups.entries()];
}

/**
 * A card's tone mark: + for a positive statement, − for a negative one.
 * @param {SortCard} card
 * @returns {VNode}
 */
export function tone(card) {
  return v('span', { class: `sort-tone ${card.positive ? 'plus' : 'minus'}`, aria: { label: card.positive ? cs('positive') : cs('negative') } },
    card.positive ? '+' : '−');
}

/**
 * The heatmap grid.
 * @param {Pick<CardSortView, 'cards' | 'columns' | 'privacyFloor'>} view
 * @param {Heatmap} heatmap
 * @param {(number | null)[] | null} own   this phone's placements (its cells get a ring), or null
 * @param {string} testid
 * @returns {VNode}
 */
export function heatmapGrid(view, heatmap, own, testid) {
  const max = Math.max(1, ...heatmap.cells.flat().map((n) => n ?? 0));
  const hidden = cs('hidden', { n: view.privacyFloor });
  const columns = view.columns.length;
  return v('div', {
    class: 'sort-heatmap', testid, role: 'table', aria: { label: cs('heatmapLabel') },
    style: `--sort-columns: ${columns}; --sort-rows: ${view.cards.length + byGroup(view.cards).length + 1}`,
  },
  v('div', { class: 'sort-hm-row sort-hm-head', role: 'row' },
    v('span', { class: 'sort-hm-card', role: 'columnheader' }, cs('card')),
    view.columns.map((c, k) => v('span', { key: k, class: 'sort-hm-col', role: 'columnheader', testid: 'sort-hm-col' }, c))),
  byGroup(view.cards).flatMap(([group, cards]) => [
    v('div', { key: `g-${group}`, class: 'sort-hm-row sort-hm-group', role: 'row' }, v('span', { role: 'rowheader' }, group)),
    ...cards.map(([card, i]) => v('div', { key: i, class: 'sort-hm-row', role: 'row', testid: 'sort-hm-card' },
      v('span', { class: 'sort-hm-card', role: 'rowheader' }, tone(card), ' ', v('span', { class: 'sort-hm-text' }, card.text)),
      (heatmap.cells[i] ?? []).map((n, k) => v('span', {
        key: k, role: 'cell', testid: 'sort-hm-cell',
        class: `sort-hm-cell${n === null ? ' under' : n / max > 0.55 ? ' hot' : ''}${own && own[i] === k ? ' own' : ''}`,
        style: n === null ? undefined : `--heat: ${(n / max).toFixed(3)}`,
        title: n === null ? hidden : undefined,
        aria: { label: `${card.text} · ${view.columns[k]}: ${n === null ? hidden : n}` },
      }, n === null ? '·' : String(n))))),
  ]),
  v('p', { class: 'sort-hm-note muted small' }, cs('floorNote', { n: view.privacyFloor })));
}
