// Shrink-to-fit for the projector: a collection (a wall of cards, a ranking of options) gets the
// largest type at which it fits its box without scrolling. The box's size comes from the page's
// layout (a flex child that fills the rest of the screen, `overflow: hidden`); `fitRef` returns
// a Preact ref that re-fits the box after every render and when the window changes size.
//
// When even the smallest type does not fit, the box is "squeezed" (`data-squeeze="1"`, then
// `"2"`) and fitted again: each kind's CSS says what squeezing means for it (long texts cut to
// a few lines, secondary details left out).

/** Largest and smallest type tried, in px; and how many halvings of the gap the search makes. */
const MAX_PX = 64;
const MIN_PX = 8;
const STEPS = 7;
/** Squeeze levels tried in turn ('' is none). */
const SQUEEZES = ['', '1', '2'];

/**
 * Whether `box`'s content fits it now.
 * @param {HTMLElement} box
 */
function fits(box) {
  return box.scrollHeight <= box.clientHeight + 1 && box.scrollWidth <= box.clientWidth + 1;
}

/** Type at least this large is read from the back of a class: no need to squeeze for more. */
const READABLE_PX = 16;

/**
 * The largest font size (px) between `min` and `max` at which `box`'s content fits it as it is
 * now, or 0. A binary search, then a few steps up: with columns that come and go as the type
 * changes, a slightly larger size can fit where a smaller one did not.
 * @param {HTMLElement} box
 * @param {number} max
 * @param {number} min
 */
function largest(box, max, min) {
  box.style.fontSize = `${min}px`;
  if (!fits(box)) return 0;
  box.style.fontSize = `${max}px`;
  if (fits(box)) return max;
  let lo = min;
  let hi = max;
  for (let i = 0; i < STEPS; i++) {
    const mid = (lo + hi) / 2;
    box.style.fontSize = `${mid}px`;
    if (fits(box)) lo = mid;
    else hi = mid;
  }
  let best = lo;
  for (let i = 1, px = lo * 1.06; i <= 6 && px < max; i++, px *= 1.06) {
    box.style.fontSize = `${px}px`;
    if (fits(box)) best = px;
  }
  return best;
}

/**
 * Gives `box` the largest type at which its content fits, squeezing it only when that gains
 * clearly larger type (or nothing fits otherwise).
 * @param {HTMLElement} box
 * @param {number} [max]
 * @param {number} [min]
 */
export function fit(box, max = MAX_PX, min = MIN_PX) {
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
  box.style.fontSize = `${px}px`;
}

/** Boxes to fit again when the window changes size, with their largest type. */
/** @type {Map<HTMLElement, number>} */
const boxes = new Map();
addEventListener('resize', () => {
  for (const [box, max] of boxes) if (box.isConnected) fit(box, max);
});

/**
 * A ref for a box that fits its content after each render (a new function each render, so
 * Preact calls it after every render).
 * @param {number} [max] largest type, in px
 * @returns {(box: HTMLElement | null) => void}
 */
export function fitRef(max = MAX_PX) {
  return (box) => {
    for (const known of boxes.keys()) if (!known.isConnected) boxes.delete(known);
    if (!box) return;
    boxes.set(box, max);
    schedule(box, max);
  };
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
 */
function schedule(box, max) {
  if (waiting.has(box)) return;
  waiting.add(box);
  const wait = Math.max(0, (fitted.get(box) ?? -Infinity) + EVERY_MS - performance.now());
  const run = () => {
    waiting.delete(box);
    if (!box.isConnected) return;
    fit(box, max);
    fitted.set(box, performance.now());
  };
  if (wait === 0) queueMicrotask(run);
  else setTimeout(run, wait);
}
