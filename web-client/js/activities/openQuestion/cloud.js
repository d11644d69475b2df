// The open question's word cloud on the projector: d3-cloud (vendored) computes where each word
// goes, Preact draws it as SVG text (student text as text nodes, never HTML).
//
// - Sizes grow with the square root of how many people gave a word (2 people are 1.4 times
//   the size of 1, not twice), between a floor read from the back of a class (3 % of the
//   screen's height: 32 px at 1080, 24 px at 800) and a top at which the longest top word
//   still fits the width.
// - If a word does not fit, every size shrinks and the layout tries again, so the top words
//   never vanish; words below the floor that still find no place are counted ("+12 more").
// - Stable: each word starts where it was last time (the layout's random numbers are chosen
//   so that its spiral begins at its old place), words are placed biggest first and, among
//   equals, those already on the screen before new ones; so a new word finds a free place and
//   the old ones stay put.
// - In presenter mode the teacher taps a word on the projected picture: a small bar offers
//   "Hide" and "Merge into…" (then tap the word it goes into); the console sends it.

import { v, fragment, render } from '../../view.js';
import { cloud } from '../../vendor/d3-cloud.js';
import { oq } from './strings.js';

/** @typedef {import('../../../gen/CloudWord').CloudWord} CloudWord */
/** @typedef {import('../../vendor/d3-cloud.js').CloudItem} CloudItem */
/** @typedef {import('../../../gen/ActivityInput').ActivityInput} ActivityInput */
/** @typedef {(input: ActivityInput) => void} Moderate */

/** The font the cloud is set in (the pages' own, bold). */
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const WEIGHT = 800;
/** The smallest type, as a share of the screen's height, and never below this many px. */
const FLOOR_SHARE = 0.03;
const FLOOR_PX = 14;
/** The largest type, as a share of the cloud's height. */
const TOP_SHARE = 0.2;
/** Most words tried; how many of the top words must be placed. */
const MAX_WORDS = 150;
const MUST = 25;
/** Each retry shrinks every size by this much; at most this many tries. */
const SHRINK = 0.85;
const TRIES = 14;

/**
 * One placed word: where its centre is (px from the cloud's top left, on the baseline) and
 * its size.
 * @typedef {{ key: string, text: string, count: number, x: number, y: number, size: number }} Placed
 */

/**
 * A layout: the words placed and how many found no place.
 * @typedef {{ width: number, height: number, placed: Placed[], left: number }} Layout
 */

/** @type {CanvasRenderingContext2D | null} */
let measurer = null;

/**
 * How wide `text` is at 100 px in the cloud's font.
 * @param {string} text
 */
function width100(text) {
  if (!measurer) measurer = /** @type {CanvasRenderingContext2D} */ (document.createElement('canvas').getContext('2d'));
  measurer.font = `${WEIGHT} 100px ${FONT}`;
  return Math.max(1, measurer.measureText(text).width);
}

/**
 * A number in [0, 1) from a word's key and a salt, the same every time.
 * @param {string} key
 * @param {number} salt
 */
function hash01(key, salt) {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

/**
 * Lays `words` (most people first) out in `width` × `height`, starting each word where
 * `before` had it (its centre as a share of the width and height).
 * @param {CloudWord[]} words
 * @param {number} width
 * @param {number} height
 * @param {Map<string, { fx: number, fy: number }>} before
 * @returns {Layout}
 */
export function layout(words, width, height, before) {
  const list = words.slice(0, MAX_WORDS);
  if (list.length === 0 || width < 50 || height < 50) return { width, height, placed: [], left: words.length };
  const most = Math.max(...list.map((w) => w.count));
  const floor = Math.max(FLOOR_PX, window.innerHeight * FLOOR_SHARE);
  const top = Math.max(floor, height * TOP_SHARE);
  /** The size of a word at `scale`: sqrt of its count, never wider than the cloud. */
  const sizeOf = (/** @type {CloudWord} */ w, /** @type {number} */ scale) => {
    const wanted = Math.max(floor, top * scale * Math.sqrt(w.count / most));
    const widest = (0.92 * width * 100) / width100(w.text);
    return Math.max(6, Math.floor(Math.min(wanted, widest, height * 0.9)));
  };
  const must = new Set(list.slice(0, MUST).map((w) => w.key));
  /** @type {Placed[]} */
  let best = [];
  let scale = 1;
  for (let attempt = 0; attempt < TRIES; attempt++) {
    const placed = run(list.map((w) => ({ text: w.text, key: w.key, size: sizeOf(w, scale) })), width, height, before);
    best = placed.map((d) => {
      const w = /** @type {CloudWord} */ (list.find((x) => x.key === d.key));
      return { key: d.key, text: d.text, count: w.count, x: width / 2 + (d.x ?? 0), y: height / 2 + (d.y ?? 0), size: d.size };
    });
    const got = new Set(best.map((p) => p.key));
    if ([...must].every((k) => got.has(k)) && (got.size === list.length || scale * top <= floor)) break;
    scale *= SHRINK;
  }
  return { width, height, placed: best, left: words.length - best.length };
}

/**
 * One run of d3-cloud over `items`, synchronously.
 * @param {CloudItem[]} items
 * @param {number} width
 * @param {number} height
 * @param {Map<string, { fx: number, fy: number }>} before
 * @returns {CloudItem[]}
 */
function run(items, width, height, before) {
  // The order d3-cloud places them in (it sorts by size, keeping ties in this order): biggest
  // first, and among equals the words on the screen before new ones.
  items.sort((a, b) => b.size - a.size || Number(before.has(b.key)) - Number(before.has(a.key)) || (a.key < b.key ? -1 : 1));
  // d3-cloud draws three numbers per word, in order: its start x, its start y, and which way
  // its spiral turns. A word that was on the screen starts at its old place.
  let n = 0;
  const random = () => {
    const item = items[Math.floor(n / 3)];
    const part = n % 3;
    n++;
    if (!item) return 0.5;
    const was = before.get(item.key);
    if (was && part < 2) {
      // start = (size × (r + 0.5)) >> 1, so r = 2 × start / size − 0.5.
      const r = 2 * (part === 0 ? was.fx : was.fy) - 0.5;
      return Math.min(0.999, Math.max(0, r + 1e-6));
    }
    // A new word starts near the middle (r in 0.25–0.75: the middle half of each side).
    return part < 2 ? 0.25 + 0.5 * hash01(item.key, part) : hash01(item.key, 7);
  };
  /** @type {CloudItem[]} */
  let out = [];
  cloud()
    .size([width, height])
    .words(items)
    .padding(Math.max(2, height / 300))
    .rotate(() => 0)
    .font(FONT)
    .fontWeight(WEIGHT)
    .fontSize((d) => d.size)
    .random(random)
    .spiral('archimedean')
    .timeInterval(Infinity)
    .on('end', (placed) => { out = placed; })
    .start();
  return out;
}

/**
 * The cloud as SVG: one text per placed word, its size and a shade by how many gave it. With
 * `tap`, each word is a button (presenter mode).
 * @param {Layout} l
 * @param {((key: string) => void) | null} [tap]
 * @param {string | null} [selected]
 * @returns {import('../../view.js').VNode}
 */
export function svg(l, tap = null, selected = null) {
  const most = Math.max(1, ...l.placed.map((p) => p.count));
  return v('svg', /** @type {any} */ ({
    class: 'oq-cloud-svg', testid: 'oq-cloud-svg', viewBox: `0 0 ${l.width} ${l.height}`, width: l.width, height: l.height,
    role: 'img',
  }),
  l.placed.map((p, i) => v('text', /** @type {any} */ ({
    key: p.key, x: p.x, y: p.y, 'font-size': p.size, 'text-anchor': 'middle', 'font-weight': WEIGHT, 'font-family': FONT,
    class: `oq-word oq-shade-${i % 5}${p.count === most ? ' oq-top' : ''}${p.key === selected ? ' oq-selected' : ''}`,
    testid: 'oq-cloud-word', data: { key: p.key, count: String(p.count) },
    ...(tap ? { role: 'button', tabindex: 0, onclick: () => tap(p.key), onkeydown: (/** @type {KeyboardEvent} */ ev) => { if (ev.key === 'Enter') tap(p.key); } } : {}),
  }), p.text)));
}

/** The cloud on screen now: its box, what it shows, and the words' places for the next layout. */
const state = {
  /** @type {HTMLElement | null} */
  box: null,
  /** @type {CloudWord[]} */
  words: [],
  activity: -1,
  /** @type {Map<string, { fx: number, fy: number }>} */
  places: new Map(),
  signature: '',
  /** @type {(left: number) => string} */
  more: (left) => `+${left}`,
  /** @type {Moderate | null} presenter mode: sends a moderation */
  moderate: /** @type {Moderate | null} */ (null),
  /** @type {Layout | null} the layout drawn last */
  drawn: /** @type {Layout | null} */ (null),
  /** @type {string | null} the word tapped in presenter mode */
  selected: /** @type {string | null} */ (null),
  /** The tapped word goes into the next one tapped. */
  merging: false,
  last: 0,
  timer: /** @type {ReturnType<typeof setTimeout> | null} */ (null),
};

/** A busy question re-lays its cloud at most this often. */
const EVERY_MS = 300;

/** Lays the cloud out again in its box and draws it, when its words or its size changed. */
function draw() {
  state.timer = null;
  const box = state.box;
  if (!box || !box.isConnected) return;
  const width = Math.floor(box.clientWidth);
  const height = Math.floor(box.clientHeight);
  const signature = `${width}x${height}|${state.words.map((w) => `${w.key}:${w.text}:${w.count}`).join('|')}`;
  if (signature === state.signature) return;
  state.signature = signature;
  state.last = performance.now();
  const l = layout(state.words, width, height, state.places);
  for (const p of l.placed) state.places.set(p.key, { fx: p.x / width, fy: p.y / height });
  state.drawn = l;
  if (state.selected && !l.placed.some((p) => p.key === state.selected)) {
    state.selected = null;
    state.merging = false;
  }
  paint();
}

/** Draws the last layout into the box, with the presenter's bar for a tapped word. */
function paint() {
  const box = state.box;
  const l = state.drawn;
  if (!box || !l) return;
  const moderate = state.moderate;
  const selected = l.placed.find((p) => p.key === state.selected) ?? null;
  /** @param {string} key */
  const tap = (key) => {
    if (state.merging && state.selected && key !== state.selected && moderate) {
      moderate({ kind: 'openQuestion', type: 'mergeWords', word: state.selected, into: key });
      state.selected = null;
      state.merging = false;
    } else {
      state.selected = state.selected === key ? null : key;
      state.merging = false;
    }
    paint();
  };
  /** @param {string} testid @param {string} text @param {() => void} onclick */
  const button = (testid, text, onclick) => v('button', { type: 'button', class: 'secondary small', testid, onclick }, text);
  const bar = moderate && selected ? v('div', { class: 'oq-present-bar', testid: 'oq-present-bar' },
    v('span', { class: 'oq-present-word' }, state.merging ? oq('mergeHint', { text: selected.text }) : selected.text),
    state.merging ? null : button('oq-present-hide', oq('hideWord'), () => {
      moderate({ kind: 'openQuestion', type: 'hideWord', word: selected.key, hidden: true });
      state.selected = null;
      paint();
    }),
    state.merging ? null : button('oq-present-merge', oq('merge'), () => { state.merging = true; paint(); }),
    button('oq-present-cancel', oq('mergeCancel'), () => { state.selected = null; state.merging = false; paint(); })) : null;
  render(fragment(svg(l, moderate ? tap : null, state.selected),
    l.left > 0 ? v('p', { class: 'oq-more', testid: 'oq-cloud-more' }, state.more(l.left)) : null, bar), box);
  box.dataset.left = String(l.left);
}

function schedule() {
  if (state.timer !== null) return;
  const wait = Math.max(0, state.last + EVERY_MS - performance.now());
  state.timer = setTimeout(draw, wait);
}

let listening = false;

/**
 * A ref for the cloud's box (an empty element that fills the space left): after every render
 * it lays `words` out in it (at most every 300 ms on a busy question) and when the window
 * changes size.
 * @param {number} activity
 * @param {CloudWord[]} words
 * @param {(left: number) => string} more  the note of how many words found no place
 * @param {Moderate | null} moderate  presenter mode: words are tapped to hide or merge them
 * @returns {(el: HTMLElement | null) => void}
 */
export function cloudRef(activity, words, more, moderate) {
  if (!listening) {
    listening = true;
    window.addEventListener('resize', () => { state.signature = ''; schedule(); });
  }
  return (el) => {
    if (!el) return;
    if (state.activity !== activity) {
      state.activity = activity;
      state.places = new Map();
      state.signature = '';
      state.selected = null;
      state.merging = false;
    }
    if (state.box !== el) state.signature = '';
    state.box = el;
    state.words = words;
    state.more = more;
    state.moderate = moderate;
    schedule();
  };
}
