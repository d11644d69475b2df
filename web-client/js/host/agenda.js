// The console's agenda and editors: the room's activities in order (make one current, edit
// one not started, remove, export one as CSV), importing a file of a kind that imports, and
// each kind's editor for a new activity or a change (from js/activities). Saving marks the
// activity in the agenda and shows a notice where the teacher looks.

import { t, getLang } from '../i18n.js';
import { byId } from '../dom.js';
import { v, fragment } from '../view.js';
import { moduleFor, kindNames } from '../activities/index.js';
import { apiError } from './api.js';
import { download } from './exports.js';
import { shell, state } from './state.js';
import { chairControls } from './chair.js';

/** @typedef {import('../../gen/AgendaItem').AgendaItem} AgendaItem */

/** The agenda: the room's activities, and the imports. */
export function agendaPanel() {
  const importers = kindNames().map((kind) => ({ kind, module: moduleFor(kind, 'host') }))
    .filter(({ module }) => module?.importFile);
  return fragment(
    v('h2', null, t('agenda')),
    state.agenda.length === 0 ? v('p', { class: 'muted' }, t('agendaEmpty')) : v('ol', { class: 'agenda', testid: 'agenda' },
      state.agenda.map((item) => {
        const module = moduleFor(item.spec.kind, 'host');
        const confirming = state.confirmRemoveActivity === item.id;
        const saved = state.justSaved === item.id || (state.justSaved === 'last' && item === state.agenda[state.agenda.length - 1]);
        return v('li', {
          key: item.id, class: `row${item.current ? ' current' : ''}${saved ? ' just-saved' : ''}`, testid: 'agenda-item',
          data: { id: String(item.id) },
        },
        v('span', { class: 'grow' },
          v('span', { class: 'kind-chip' }, module ? module.label() : item.spec.kind), ' ',
          v('strong', null, item.spec.title), ' ',
          v('span', { class: 'muted small' }, module ? module.summary(item.spec) : ''),
          item.current ? v('span', { class: 'badge' }, t('current')) : null,
          item.beside ? v('span', { class: 'badge', testid: 'beside-badge' }, t('besideBadge')) : null,
          item.started && !item.current ? v('span', { class: 'badge muted' }, t('started')) : null,
          item.voided > 0 ? v('span', {
            class: 'badge muted', testid: 'voided', title: t('voidedTitle'),
          }, t('voided', { n: item.voided })) : null,
          // Left open for those who were absent (the empty chair), or the way to.
          chairControls(item)),
        v('span', { class: 'row-actions' },
        item.current
          ? v('button', {
            type: 'button', class: 'secondary small', testid: 'stop-current',
            onclick: () => shell.act({ type: 'setCurrent', activity: null }),
          }, t('backToLobby'))
          : v('button', {
            type: 'button', class: 'primary small', testid: 'make-current',
            onclick: () => shell.act({ type: 'setCurrent', activity: item.id }),
          }, t('makeCurrent')),
        // A kind that can run beside the current activity (a timer over a brainstorm).
        module?.runsBeside && !item.current ? v('button', {
          type: 'button', class: 'secondary small', testid: item.beside ? 'stop-beside' : 'run-beside',
          onclick: () => shell.act({ type: 'setBeside', activity: item.beside ? null : item.id }),
        }, item.beside ? t('besideStop') : t('runBeside')) : null,
        !item.started ? v('button', {
          type: 'button', class: 'secondary small', testid: 'edit-activity',
          onclick: () => editItem(item),
        }, t('edit')) : null,
        !item.current && !item.beside ? v('button', {
          type: 'button', class: confirming ? 'danger small' : 'secondary small', testid: 'remove-activity',
          onclick: () => {
            // Removing an activity loses what was prepared (and answered): ask first.
            if (confirming) {
              state.confirmRemoveActivity = null;
              shell.act({ type: 'removeActivity', activity: item.id });
            } else state.confirmRemoveActivity = item.id;
            shell.render();
          },
        }, confirming ? t('confirmRemove') : t('remove')) : null,
        v('button', {
          type: 'button', class: 'secondary small', testid: 'export-activity-csv',
          disabled: state.exportBusy !== null,
          aria: { label: t('exportActivityCsvLabel', { title: item.spec.title }) },
          title: t('exportActivityCsvLabel', { title: item.spec.title }),
          onclick: () => download(`csv-${item.id}`, `export.csv?activity=${item.id}&lang=${getLang()}`, `kring-${state.code}-${item.id}.csv`),
        }, state.exportBusy === `csv-${item.id}` ? t('exportBusy') : t('exportActivityCsv'))));
      })),
    importers.map(({ kind, module }) => v('div', { class: 'import', key: kind },
      v('label', { for: `import-${kind}` }, module?.importLabel?.() ?? ''),
      v('input', {
        type: 'file', id: `import-${kind}`, testid: kind === kindNames()[0] ? 'import-file' : `import-file-${kind}`,
        accept: '.json,.csv,application/json,text/csv',
        onchange: (ev) => {
          const input = /** @type {HTMLInputElement} */ (ev.target);
          const file = input.files?.[0];
          if (file && module?.importFile) importWith(module.importFile, file).finally(() => { input.value = ''; });
        },
      }),
      v('p', { class: 'muted small' }, module?.importHint?.() ?? ''))));
}

/**
 * Opens the editor of an activity just imported, its title ready to change.
 * @param {AgendaItem} item
 */
export function openImported(item) {
  state.importedId = null;
  editItem(item);
  const name = state.importedName;
  shell.notify('ok', () => t('importedRename', { name, title: item.spec.title }));
  const title = /** @type {HTMLInputElement | null} */ (document.querySelector('#editor-panel input'));
  title?.focus();
  title?.select();
}

/** @param {AgendaItem} item */
function editItem(item) {
  state.editor = {
    ...state.editor, session: state.editor.session + 1, kind: item.spec.kind, editing: item.id, spec: item.spec, errors: [],
  };
  shell.render();
  byId('editor-panel').scrollIntoView({ behavior: 'smooth' });
}

/**
 * Opens a fresh editor for a new activity of `kind`.
 * @param {import('../activities/index.js').Kind} kind
 */
function newEditor(kind) {
  state.editor = { ...state.editor, session: state.editor.session + 1, kind, editing: null, spec: null, errors: [], saveId: null };
  shell.render();
}

/** The editor of a new activity (with the kinds to choose from), or of the one being changed. */
export function editorPanel() {
  const ed = state.editor;
  const module = moduleFor(ed.kind, 'host');
  return fragment(
    ed.editing === null ? v('div', { class: 'kind-tabs', role: 'group', aria: { label: t('newActivity') } },
      v('span', { class: 'muted' }, t('newActivity')),
      kindNames().map((kind) => {
        const m = moduleFor(kind, 'host');
        return v('button', {
          key: kind, type: 'button', class: kind === ed.kind ? 'primary small' : 'secondary small', testid: `new-${kind}`,
          aria: { pressed: String(kind === ed.kind) },
          onclick: () => newEditor(kind),
        }, m ? m.label() : kind);
      })) : null,
    module ? module.editor({
      session: ed.session,
      editing: ed.editing,
      spec: ed.spec,
      teams: state.teams,
      saving: ed.saveId !== null,
      errors: ed.errors,
      save: (spec) => {
        ed.errors = [];
        ed.saveId = shell.act(ed.editing === null ? { type: 'addActivity', spec } : { type: 'updateActivity', activity: ed.editing, spec });
        shell.render();
      },
      cancel: () => newEditor(ed.kind),
      rerender: shell.render,
    }) : null);
}

/**
 * Runs a kind's import of `file` against this room's activities API.
 * @param {(file: File, ctx: import('../activities/index.js').ImportCtx) => Promise<void>} run
 * @param {File} file
 */
async function importWith(run, file) {
  const base = `/api/rooms/${encodeURIComponent(state.code)}/activities`;
  await run(file, {
    fail: (text) => shell.notify('error', text),
    post: async (query, contentType, body) => {
      try {
        const res = await fetch(base + query, {
          method: 'POST', headers: { 'Content-Type': contentType, Authorization: `Bearer ${state.hostKey}` }, body,
        });
        if (!res.ok) {
          const reason = await apiError(res);
          shell.notify('error', () => `${t('importFailed')} ${reason()}`);
          return;
        }
        shell.notify('ok', () => t('imported', { name: file.name }));
        // The teacher checks (and may change) the title the import gave it.
        /** @type {{ id: number }} */
        const created = await res.json();
        state.importedId = created.id;
        state.importedName = file.name;
        const item = state.agenda.find((a) => a.id === created.id);
        if (item) openImported(item);
      } catch {
        shell.notify('error', () => t('networkError'));
      }
    },
  });
}

/**
 * An acknowledgement for the pending save: the activity is marked in the agenda, a notice
 * says so, and a fresh editor opens. Whether `id` was the save's.
 * @param {string} id
 */
export function editorAcked(id) {
  const ed = state.editor;
  if (id !== ed.saveId) return false;
  ed.saveId = null;
  const key = ed.editing === null ? 'activitySaved' : 'changesSaved';
  state.justSaved = ed.editing ?? 'last';
  shell.notify('ok', () => t(key));
  newEditor(ed.kind);
  // The confirmation shows where the teacher looks (a toast); the agenda comes into view
  // with the saved activity marked.
  byId('agenda-panel').scrollIntoView({ block: 'start' });
  return true;
}

/**
 * A refusal of the pending save: the editor shows it. Whether `ref` was the save's.
 * @param {string} ref
 * @param {() => string} text
 */
export function editorRefused(ref, text) {
  if (ref !== state.editor.saveId) return false;
  state.editor.saveId = null;
  state.editor.errors = [text];
  shell.render();
  return true;
}

/** The agenda's tab: the agenda, then the editor. */
export function agendaTab() {
  return fragment(
    v('section', { class: 'panel', testid: 'agenda-panel', id: 'agenda-panel' }, agendaPanel()),
    v('section', { class: `panel editor kind-${state.editor.kind}`, testid: 'editor-panel', id: 'editor-panel' }, editorPanel()));
}
