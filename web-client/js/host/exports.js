// Exports and the end of a room: every export (JSON, CSV for Excel, Markdown and a printable
// HTML report) fetched with the host key and handed to the browser, and deleting the room for
// good after typing its code.
//
// Exports need the host key in an `Authorization` header, so a plain link cannot fetch them:
// files are fetched and handed to the browser as a Blob through a temporary `<a download>`;
// the printable report is fetched and shown in a new tab from a Blob URL.

import { t, getLang } from '../i18n.js';
import { el, normaliseCode } from '../dom.js';
import { v, fragment } from '../view.js';
import { apiError, authHeaders, roomApi } from './api.js';
import { forgetRoom, checkRooms } from './rooms.js';
import { shell, state } from './state.js';
import { sessionName } from './sessions.js';

/** The exports of the whole room. */
export function exportPanel() {
  const busy = state.exportBusy;
  const code = state.code;
  const lang = getLang();
  /**
   * @param {string} key
   * @param {string} label
   * @param {() => void} onclick
   */
  const button = (key, label, onclick) => v('button', {
    type: 'button', class: 'secondary', testid: `export-${key}`, disabled: busy !== null, onclick,
  }, busy === key ? t('exportBusy') : label);
  return fragment(
    v('h2', null, t('exportHeading')),
    v('p', { class: 'muted small' }, t('exportHint')),
    v('div', { class: 'controls stack' },
      button('json', t('exportJson'), () => download('json', 'export.json', `kring-${code}.json`)),
      button('csv', t('exportCsv'), () => download('csv', `export.csv?lang=${lang}`, `kring-${code}.csv`)),
      button('report-md', t('reportMd'), () => download('report-md', `report.md?lang=${lang}`, `kring-${code}.md`)),
      button('report-html', t('reportHtml'), () => openReport(null))),
    // One report per session, once the room has more than one.
    state.sessions.length > 1 ? v('div', { class: 'controls stack', testid: 'session-reports' },
      state.sessions.map((s) => button(`report-session-${s.id}`, t('reportSession', { name: sessionName(s) }), () => openReport(s.id)))) : null);
}

/** Deleting the room, after typing its code. */
export function dangerPanel() {
  const code = state.code;
  if (!state.deleteOpen) {
    return fragment(
      v('h2', null, t('deleteHeading')),
      v('p', { class: 'muted small' }, t('deleteHint')),
      v('button', {
        type: 'button', class: 'secondary danger-outline', testid: 'delete-room',
        onclick: () => {
          state.deleteOpen = true;
          state.deleteTyped = '';
          shell.render();
          /** @type {HTMLInputElement | null} */ (document.getElementById('delete-confirm'))?.focus();
        },
      }, t('deleteRoom')));
  }
  const matches = normaliseCode(state.deleteTyped) === code;
  return fragment(
    v('h2', null, t('deleteHeading')),
    v('p', { class: 'muted small' }, t('deleteHint')),
    v('form', {
      testid: 'delete-form',
      onsubmit: (ev) => {
        ev.preventDefault();
        if (normaliseCode(state.deleteTyped) === code && !state.deleting) deleteRoom();
      },
    },
    v('label', { for: 'delete-confirm' }, t('deleteTypeCode', { code })),
    v('input', {
      id: 'delete-confirm', testid: 'delete-confirm', value: state.deleteTyped, autocomplete: 'off',
      autocapitalize: 'characters', maxlength: 12, class: 'code-input',
      oninput: (ev) => {
        state.deleteTyped = /** @type {HTMLInputElement} */ (ev.target).value;
        shell.render();
      },
    }),
    v('div', { class: 'controls' },
      v('button', { type: 'submit', class: 'danger', testid: 'delete-submit', disabled: state.deleting || !matches }, t('deleteForGood')),
      v('button', {
        type: 'button', class: 'secondary', testid: 'delete-cancel', disabled: state.deleting,
        onclick: () => { state.deleteOpen = false; state.deleteTyped = ''; shell.render(); },
      }, t('cancel')))));
}

/**
 * The file name from a `Content-Disposition` header (`filename*=UTF-8''…` preferred), or null.
 * @param {string | null} header
 * @returns {string | null}
 */
function dispositionFilename(header) {
  if (!header) return null;
  const star = /filename\*\s*=\s*utf-8''([^;]+)/i.exec(header);
  let name = null;
  if (star) {
    try {
      name = decodeURIComponent(star[1].trim());
    } catch {
      name = null;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header);
    name = plain ? (plain[1] ?? plain[2]).replace(/\\(.)/g, '$1') : null;
  }
  // No folders, no control characters: only a plain name.
  const clean = name?.replace(/[\/\\\u0000-\u001f]/g, '_').trim();
  return clean ? clean : null;
}

/**
 * Fetches an export of the open room with the host key and saves it as a file.
 * @param {string} key   which button is busy
 * @param {string} rest  path under the room, e.g. `export.csv?activity=3`
 * @param {string} fallbackName  used when the server names no file
 */
export async function download(key, rest, fallbackName) {
  if (state.exportBusy) return;
  setExportBusy(key);
  try {
    const res = await fetch(roomApi(rest), { headers: authHeaders(), cache: 'no-store' });
    if (!res.ok) {
      const reason = await apiError(res);
      shell.notify('error', () => `${t('exportFailed')} ${reason()}`);
      return;
    }
    // As bytes: the CSV's byte-order mark (for Excel) must survive.
    const blob = await res.blob();
    const name = dispositionFilename(res.headers.get('Content-Disposition')) ?? fallbackName;
    saveBlob(blob, name);
    shell.notify('ok', () => t('downloaded', { name }));
  } catch {
    shell.notify('error', () => `${t('exportFailed')} ${t('networkError')}`);
  } finally {
    setExportBusy(null);
  }
}

/** @param {string | null} key */
function setExportBusy(key) {
  state.exportBusy = key;
  shell.render();
}

/**
 * Hands a Blob to the browser as a download named `name`.
 * @param {Blob} blob
 * @param {string} name
 */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has started the download by now; give slow ones a generous minute.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * What the printable report may do in its tab: show its own styles and images, run nothing.
 * The Blob document has this page's origin (and could read the host keys in localStorage), so
 * no script may run in it even if student text ever slipped through unescaped; `<base>` lets
 * links such as `/api/rooms/…/qr.svg` resolve against this server.
 */
function reportPreamble() {
  return `<base href="${location.origin}/"><meta http-equiv="Content-Security-Policy" `
    + `content="default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; base-uri 'none'; form-action 'none'">`;
}

/**
 * Puts `extra` right after the `<head>` tag (or in front, when there is none).
 * @param {string} html
 * @param {string} extra
 */
function injectHead(html, extra) {
  const head = /<head(?:\s[^>]*)?>/i.exec(html);
  if (head) {
    const at = head.index + head[0].length;
    return html.slice(0, at) + extra + html.slice(at);
  }
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  const at = doctype ? doctype[0].length : 0;
  return `${html.slice(0, at)}<head>${extra}</head>${html.slice(at)}`;
}

/**
 * Opens the printable HTML report (of the whole room, or of one session) in a new tab. The tab is opened right away (still inside the
 * click, so pop-up blockers allow it), then gets the fetched report as a Blob URL.
 */
async function openReport(/** @type {number | null} */ session) {
  if (state.exportBusy) return;
  const win = window.open('', '_blank');
  if (!win) {
    shell.notify('error', () => t('popupBlocked'));
    return;
  }
  try {
    win.opener = null;
    win.document.title = t('reportLoading');
    win.document.body.textContent = t('reportLoading');
  } catch {
    // not ours to write (should not happen for about:blank); the report still replaces it
  }
  setExportBusy(session === null ? 'report-html' : `report-session-${session}`);
  try {
    const only = session === null ? '' : `&session=${session}`;
    const res = await fetch(roomApi(`report.html?lang=${getLang()}${only}`), { headers: authHeaders(), cache: 'no-store' });
    if (!res.ok) {
      win.close();
      const reason = await apiError(res);
      shell.notify('error', () => `${t('exportFailed')} ${reason()}`);
      return;
    }
    const html = injectHead(await res.text(), reportPreamble());
    // Not revoked: the tab needs it for reloads and printing; it goes when this page does.
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
    win.location.replace(url);
  } catch {
    win.close();
    shell.notify('error', () => `${t('exportFailed')} ${t('networkError')}`);
  } finally {
    setExportBusy(null);
  }
}

/** Deletes the open room on the server, for good, and goes back to "My rooms". */
async function deleteRoom() {
  const code = state.code;
  state.deleting = true;
  shell.render();
  try {
    const res = await fetch(`/api/rooms/${encodeURIComponent(code)}`, { method: 'DELETE', headers: authHeaders() });
    // 404: it is gone already, which is what was asked for.
    if (!res.ok && res.status !== 404) {
      const reason = await apiError(res);
      shell.notify('error', () => `${t('deleteFailed')} ${reason()}`);
      return;
    }
    shell.closeRoom();
    forgetRoom(code);
    shell.notify('ok', () => t('roomDeleted', { code }));
    shell.render();
    checkRooms();
  } catch {
    shell.notify('error', () => `${t('deleteFailed')} ${t('networkError')}`);
  } finally {
    state.deleting = false;
    shell.render();
  }
}
