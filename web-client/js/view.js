// Building pages as views: `v(tag, attrs, ...children)` has the signature of `el()` in dom.js
// but makes a virtual node, and `render(view, container)` brings the container's DOM in line
// with it, changing only what differs (Preact, vendored in js/vendor). So a live update keeps
// what a person is typing: focus, caret and the text in an input survive every re-render.
//
// Student text is always a child string, which becomes a text node, never HTML.

import { Fragment, h, render as preactRender } from './vendor/preact.js';
import { t, getLang, setLang } from './i18n.js';

/** @typedef {import('./vendor/preact.js').VNode<any>} VNode */
/** @typedef {VNode | string | number | null | undefined | false} VChild */
/** @typedef {import('./dom.js').Attrs & { key?: string | number, ref?: (el: HTMLElement | null) => void }} VAttrs */

/**
 * A virtual element. `testid` becomes `data-testid`, `aria`/`data` objects become `aria-*` and
 * `data-*` attributes; `key` identifies an item in a list across renders.
 * @param {string} tag
 * @param {VAttrs | null} [attrs]
 * @param {...(VChild | VChild[])} children
 * @returns {VNode}
 */
export function v(tag, attrs, ...children) {
  /** @type {Record<string, unknown>} */
  const props = {};
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null) continue;
      if (key === 'testid') props['data-testid'] = value;
      else if (key === 'aria' || key === 'data') {
        const prefix = key === 'aria' ? 'aria-' : 'data-';
        for (const [k, val] of Object.entries(/** @type {Record<string, string>} */ (value))) {
          props[prefix + k] = val;
        }
      } else props[key] = value;
    }
  }
  return h(tag, /** @type {any} */ (props), ...children);
}

/**
 * Several nodes side by side without a wrapping element.
 * @param {...(VChild | VChild[])} children
 * @returns {VNode}
 */
export function fragment(...children) {
  return h(Fragment, null, ...children);
}

/**
 * Renders `view` into `container`, updating in place what an earlier render made there.
 * @param {VNode | null} view
 * @param {Element} container
 */
export function render(view, container) {
  preactRender(view, container);
}

/** The NL/EN toggle shown on every page. */
export function langToggle() {
  const lang = getLang();
  return v('div', { class: 'lang-toggle', role: 'group', aria: { label: t('langLabel') }, testid: 'lang-toggle' },
    /** @type {('nl' | 'en')[]} */ (['nl', 'en']).map((code) => v('button', {
      type: 'button', key: code, lang: code, testid: `lang-${code}`, aria: { pressed: String(code === lang) },
      onclick: () => { if (code !== getLang()) setLang(code); },
    }, code.toUpperCase())));
}

/**
 * The shape-and-letter badge of option `i` (decorative; the colour class is `opt-i`).
 * @param {number} i
 */
export function optionBadge(i) {
  return v('span', { class: 'opt-badge', aria: { hidden: 'true' } },
    v('span', { class: 'opt-shape' }, OPTION_SHAPES[i] ?? '•'),
    v('span', { class: 'opt-letter' }, OPTION_LETTERS[i] ?? String(i + 1)));
}

/** Shapes that go with each option colour, for colour-blind users. */
export const OPTION_SHAPES = ['▲', '◆', '●', '■', '★', '⬟'];
/** Letters per option. */
export const OPTION_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];
