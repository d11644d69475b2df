// d3-cloud's word-cloud layout (BSD-3-Clause, Jason Davies) as an ES module. Its build,
// js/vendor/d3.layout.cloud.js, is node_modules/d3-cloud/build/d3.layout.cloud.js byte for byte
// (test.sh checks that it is fresh): a UMD bundle with d3-dispatch inside, not an ES module, so
// importing it for its side effect sets `d3.layout.cloud` on the page's global object, which
// this module hands on. It only computes positions; the page draws the SVG with Preact.

import './d3.layout.cloud.js';

/**
 * One word as the layout takes it and gives it back (`x`, `y`: its centre's offset from the
 * middle of the area, on the baseline; `x0`…`y1`: its box around that point).
 * @typedef {{ text: string, size: number, key: string, x?: number, y?: number, x0?: number, x1?: number, y0?: number, y1?: number, rotate?: number, font?: string }} CloudItem
 */

/**
 * The layout (d3-cloud's API, the parts Kring uses).
 * @typedef {object} CloudLayout
 * @property {(size: [number, number]) => CloudLayout} size
 * @property {(words: CloudItem[]) => CloudLayout} words
 * @property {(padding: number) => CloudLayout} padding
 * @property {(rotate: () => number) => CloudLayout} rotate
 * @property {(font: string) => CloudLayout} font
 * @property {(weight: string | number) => CloudLayout} fontWeight
 * @property {(size: (w: CloudItem) => number) => CloudLayout} fontSize
 * @property {(random: () => number) => CloudLayout} random
 * @property {(spiral: 'archimedean' | 'rectangular') => CloudLayout} spiral
 * @property {(ms: number) => CloudLayout} timeInterval
 * @property {(type: 'end', listener: (placed: CloudItem[]) => void) => CloudLayout} on
 * @property {() => CloudLayout} start
 */

/** @type {() => CloudLayout} */
export const cloud = /** @type {any} */ (globalThis).d3.layout.cloud;
