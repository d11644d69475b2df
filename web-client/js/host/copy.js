// Copying a link to the clipboard wherever the console runs. The clipboard API exists only in
// a secure context (https or localhost); a school server on a LAN name over plain http is not
// one. There the text is selected in its field and copied the old way
// (`document.execCommand('copy')`, still done by every browser inside a click); if even that
// is refused, the text stays selected and the teacher is told to press Ctrl+C. Never a button
// that silently does nothing.

import { strings } from '../i18n.js';
import { v } from '../view.js';

const ct = strings({
  en: {
    copied: 'Copied',
    pressCopy: 'Selected: press Ctrl+C (⌘C on a Mac) to copy it.',
  },
  nl: {
    copied: 'Gekopieerd',
    pressCopy: 'Geselecteerd: druk op Ctrl+C (⌘C op een Mac) om te kopiëren.',
  },
});

/** @typedef {'copied' | 'selected'} Copied */

/**
 * Copies `text`: with the clipboard API where there is one, else by selecting it in `field`
 * and the legacy copy. `'selected'` when it is only selected (the teacher copies it).
 * @param {string} text
 * @param {HTMLInputElement | null} field  the field that shows it
 * @returns {Promise<Copied>}
 */
export async function copyText(text, field) {
  if (window.isSecureContext && navigator.clipboard) {
    try {
      await navigator.clipboard.writeText(text);
      return 'copied';
    } catch {
      // Refused (no permission): the way below still works in a click.
    }
  }
  if (field) {
    field.focus();
    field.select();
    field.setSelectionRange(0, field.value.length);
  }
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  return copied ? 'copied' : 'selected';
}

/** What each copy button last did, by its test id, and when to forget it. */
/** @type {Map<string, { result: Copied, timer: ReturnType<typeof setTimeout> }>} */
const results = new Map();

/**
 * A read-only field with `text` and a button that copies it, saying what it did: "Copied", or
 * "Selected: press Ctrl+C" when the browser refused to copy.
 * @param {{ id: string, text: string, label: string, button: string, rerender: () => void }} opts
 *   `id` names the field (`${id}`) and the button (`${id}-copy`) for tests
 */
export function copyField(opts) {
  const { id, text, label, button, rerender } = opts;
  const last = results.get(id)?.result ?? null;
  return [
    v('div', { key: `${id}-row`, class: 'row copy-row' },
      v('input', {
        id, class: 'grow', readOnly: true, value: text, testid: id, aria: { label },
        onclick: (e) => /** @type {HTMLInputElement} */ (e.currentTarget).select(),
      }),
      v('button', {
        type: 'button', class: 'secondary small', testid: `${id}-copy`,
        onclick: async () => {
          const result = await copyText(text, /** @type {HTMLInputElement | null} */ (document.getElementById(id)));
          const before = results.get(id);
          if (before) clearTimeout(before.timer);
          // "Copied" fades back to the button's label; the Ctrl+C advice stays a while longer.
          const timer = setTimeout(() => { results.delete(id); rerender(); }, result === 'copied' ? 2000 : 8000);
          results.set(id, { result, timer });
          rerender();
        },
      }, last === 'copied' ? ct('copied') : button)),
    last === 'selected'
      ? v('p', { key: `${id}-hint`, class: 'small warn', role: 'status', testid: `${id}-select-hint` }, ct('pressCopy'))
      : null,
  ];
}
