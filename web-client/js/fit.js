// Shrink-to-fit for the projector: a collection (a wall of cards, a ranking of options) gets the
// largest type at which it fits its box without scrolling. The box's size comes from the page's
// layout (a flex child that fills the rest of the screen, `overflow: hidden`); `fitRef` returns
// a Preact ref that re-fits the box after every render and when the window changes size.
//
// When even the smallest type does not fit, the box is "squeezed" (`data-squeeze="1"`, then
// `"2"`) and fitted again: each kind's CSS says what squeezing means for it (long texts cut to
// a few lines, secondary details left out).
//
// Every projector screen that shows teams is such a box, so that 1 to 30 teams fit: names and
// texts marked `.fit-item` must have every word on its line (words are never cut; the CSS wraps
// them at spaces), and boxes of names get a smallest type that is read from the back of a class
// (`readableFloor`). Columns come as the type shrinks (CSS `columns` or `columnsFor`).

/** Largest and smallest type tried, in px; and how many halvings of the last step the search makes. */
const MAX_PX = 64;
const MIN_PX = 8;
const STEPS = 4;
/** Squeeze levels tried in turn ('' is none). */
const SQUEEZES = ['', '1', '2'];

/**
 * Whether `box`'s content fits it now: the box does not scroll, and no text in it marked
 * `.fit-item` (a team's name, a member) has a word wider than its line.
 * @param {HTMLElement} box
 */
function fits(box) {
  if (box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1) return false;
  for (const item of box.querySelectorAll('.fit-item')) {
    if (item.scrollWidth > item.clientWidth + 1) return false;
  }
  return true;
}

/** Type at least this large is read from the back of a class: no need to squeeze for more. */
const READABLE_PX = 16;

/** Each step down of the first search is this much smaller. */
const STEP_DOWN = 0.88;

/**
 * The largest font size (px) between `min` and `max` at which `box`'s content fits it as it is
 * now, or 0. Fitting is not monotonic (columns come as the type shrinks, and a word may fit a
 * wide column at large type but not a narrow one at small type), so the search walks down from
 * `max` in steps until something fits, then halves the last step a few times.
 * @param {HTMLElement} box
 * @param {number} max
 * @param {number} min
 */
function largest(box, max, min) {
  let hi = max;
  let lo = 0;
  for (let px = max; ; px = Math.max(min, px * STEP_DOWN)) {
    box.style.fontSize = `${px}px`;
    if (fits(box)) {
      lo = px;
      break;
    }
    hi = px;
    if (px === min) return 0;
  }
  if (lo === max) return max;
  for (let i = 0; i < STEPS; i++) {
    const mid = (lo + hi) / 2;
    box.style.fontSize = `${mid}px`;
    if (fits(box)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Gives `box` the largest type at which its content fits, squeezing it only when that gains
 * clearly larger type (or nothing fits otherwise).
 * @param {HTMLElement} box
 * @param {number} [max]
 * @param {number} [min]
 */
export function fit(box, max = MAX_PX, min = MIN_PX) {
  delete box.dataset.overlong;
  /** @type {{ squeeze: string, px: number } | null} */
  let chosen = null;
  for (const squeeze of SQUEEZES) {
    if (squeeze) box.dataset.squeeze = squeeze;
    else delete box.dataset.squeeze;
    const px = largest(box, max, min);
    if (px && (!chosen || px > chosen.px * 1.15)) chosen = { squeeze, px };
    if (chosen && chosen.px >= READABLE_PX) break;
  }
  const { squeeze, px } = chosen ?? { squeeze: SQUEEZES[SQUEEZES.length - 1], px: min };
  if (squeeze) box.dataset.squeeze = squeeze;
  else delete box.dataset.squeeze;
  // Nothing fits: a token longer than any line (a pasted link) may break as a last resort.
  if (chosen) delete box.dataset.overlong;
  else box.dataset.overlong = '';
  box.style.fontSize = `${px}px`;
}

/**
 * The smallest type for names read from the back of a class: 18 px on a screen 1080 px high,
 * in proportion on others (a beamer shows every screen at the same size on the wall).
 */
export function readableFloor() {
  return Math.max(MIN_PX, Math.round((18 * innerHeight) / 1080));
}

/**
 * A grid's style whose columns are never narrower than the longest word of `texts` at `scale`
 * times the grid's type (in bold), nor than 10em: type shrinks, columns come, and a long team
 * name still never breaks mid-word.
 * @param {string[]} texts
 * @param {number} scale  the texts' type relative to the grid's
 */
export function columnsFor(texts, scale) {
  const longest = Math.max(0, ...texts.flatMap((text) => text.split(/\s+/)).map((word) => [...word].length));
  return `grid-template-columns: repeat(auto-fit, minmax(min(100%, max(10em, calc(${(longest * scale * 1.15).toFixed(1)}ch + 1.6em))), 1fr))`;
}

/** Boxes to fit again when the window changes size, with their largest and smallest type. */
/** @type {Map<HTMLElement, { max: number, min: number | null }>} */
const boxes = new Map();
addEventListener('resize', () => {
  for (const [box, size] of boxes) if (box.isConnected) fit(box, size.max, size.min ?? readableFloor());
});

/** Which ref a box belongs to now (Preact makes a new ref every render). */
/** @type {WeakMap<HTMLElement, object>} */
const owners = new WeakMap();

/**
 * A box no ref wants any more (Preact reused its element for something else, e.g. the teams
 * board's section for an activity's): it is not fitted again, and loses the type fit gave it.
 * @param {HTMLElement} box
 */
function release(box) {
  boxes.delete(box);
  owners.delete(box);
  box.style.fontSize = '';
  delete box.dataset.squeeze;
  delete box.dataset.overlong;
}

/**
 * A ref for a box that fits its content after each render (a new function each render, so
 * Preact calls it after every render).
 * @param {number} [max] largest type, in px
 * @param {number | null} [min] smallest type, in px; `null` is the readable floor for names
 *   (`readableFloor`, which follows the window's height)
 * @returns {(box: HTMLElement | null) => void}
 */
export function fitRef(max = MAX_PX, min = MIN_PX) {
  /** @type {HTMLElement | null} */
  let mine = null;
  /** @param {HTMLElement | null} box */
  const ref = (box) => {
    for (const known of boxes.keys()) if (!known.isConnected) boxes.delete(known);
    if (!box) {
      // Preact calls the old ref with null and then the new one with the element, in one
      // commit: the box is released only when no new ref took it.
      const was = mine;
      mine = null;
      if (was) queueMicrotask(() => { if (owners.get(was) === ref) release(was); });
      return;
    }
    mine = box;
    owners.set(box, ref);
    boxes.set(box, { max, min });
    schedule(box, max, min);
  };
  return ref;
}

/** When each box was last fitted, and the boxes with a fit waiting. */
const fitted = new WeakMap();
const waiting = new WeakSet();
/** A busy wall re-fits at most this often (a fit of 300 cards takes a few dozen layouts). */
const EVERY_MS = 250;

/**
 * Fits `box` once the render that changed it is complete (and in the document), or a little
 * later when it was fitted just now; the box keeps its type until then.
 * @param {HTMLElement} box
 * @param {number} max
 * @param {number | null} min
 */
function schedule(box, max, min) {
  if (waiting.has(box)) return;
  waiting.add(box);
  const wait = Math.max(0, (fitted.get(box) ?? -Infinity) + EVERY_MS - performance.now());
  const run = () => {
    waiting.delete(box);
    if (!box.isConnected || !boxes.has(box)) return;
    fit(box, max, min ?? readableFloor());
    fitted.set(box, performance.now());
  };
  if (wait === 0) queueMicrotask(run);
  else setTimeout(run, wait);
}
