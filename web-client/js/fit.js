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

/**
 * Sets the largest font size (between `min` and `max` px) at which `box`'s content fits it, at
 * the least squeeze that allows one; the most squeezed and smallest when nothing fits.
 * @param {HTMLElement} box
 * @param {number} [max]
 * @param {number} [min]
 */
export function fit(box, max = MAX_PX, min = MIN_PX) {
  for (const squeeze of SQUEEZES) {
    if (squeeze) box.dataset.squeeze = squeeze;
    else delete box.dataset.squeeze;
    box.style.fontSize = `${min}px`;
    if (!fits(box)) continue;
    let lo = min;
    let hi = max;
    box.style.fontSize = `${hi}px`;
    if (fits(box)) return;
    for (let i = 0; i < STEPS; i++) {
      const mid = (lo + hi) / 2;
      box.style.fontSize = `${mid}px`;
      if (fits(box)) lo = mid;
      else hi = mid;
    }
    box.style.fontSize = `${lo}px`;
    return;
  }
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
    // After the render that made it is complete (and in the document).
    queueMicrotask(() => { if (box.isConnected) fit(box, max); });
  };
}
