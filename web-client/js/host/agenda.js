// The console's agenda and editors: the room's sessions as groups that open and close (the
// running one open), each with its activities in order (make one current, edit one not
// started, move up, down or to another session, duplicate, plan its minutes against the time
// it ran, remove, export one as CSV), importing a file of a kind that imports, and
// each kind's editor for a new activity or a change (from js/activities). Saving marks the
// activity in the agenda and shows a notice where the teacher looks.

import { t, getLang } from '../i18n.js';
import { byId } from '../dom.js';
import { v, fragment } from '../view.js';
import { moduleFor, kindNames } from '../activities/index.js';
import { activityResults, apiError } from './api.js';
import { download } from './exports.js';
import { shell, state } from './state.js';
import { MAX_PLANNED_MINUTES } from '../../gen/limits.js';
import {
  isOpen, itemsOf, runningSession, sessionForm, sessionName, sessionTime, timeBadge,
} from './sessions.js';
import { templatesPanel } from './templates.js';
import { chairControls } from './chair.js';

/** @typedef {import('../../gen/AgendaItem').AgendaItem} AgendaItem */

/** The agenda: the room's sessions, each with its activities, and the imports. */
export function agendaPanel() {
  const importers = kindNames().map((kind) => ({ kind, module: moduleFor(kind, 'host') }))
    .filter(({ module }) => module?.importFile);
  const newest = state.agenda.reduce((max, a) => Math.max(max, a.id), -1);
  return fragment(
    v('div', { class: 'agenda-head' },
      v('h2', null, t('agenda')),
      state.coFacilitator ? null : v('button', {
        type: 'button', class: 'secondary small', testid: 'add-session',
        onclick: () => { state.sessionForm = { id: null, title: '', date: '' }; shell.render(); },
      }, t('sessionAdd'))),
    state.sessionForm?.id === null ? sessionForm() : null,
    state.agenda.length === 0 && state.sessions.length <= 1 ? v('p', { class: 'muted' }, t('agendaEmpty')) : null,
    state.sessions.map((session) => sessionGroup(session, newest)),
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
 * One session: its header (open or close it, its time, rename, date, remove) and, open, its
 * activities.
 * @param {import('./sessions.js').SessionInfo} session
 * @param {number} newest the newest activity's id (marked after an add)
 */
function sessionGroup(session, newest) {
  const items = itemsOf(session.id);
  const open = isOpen(session.id);
  const name = sessionName(session);
  const running = session.id === runningSession() && state.agenda.some((a) => a.current);
  const confirming = state.confirmRemoveSession === session.id;
  const editing = state.sessionForm?.id === session.id;
  return v('section', {
    key: session.id, class: `session${open ? ' open' : ''}`, testid: 'session', data: { id: String(session.id) },
  },
  v('div', { class: 'session-head' },
    v('button', {
      type: 'button', class: 'session-toggle', testid: 'session-toggle',
      aria: { expanded: String(open), label: t(open ? 'sessionClose' : 'sessionOpen', { title: name }) },
      onclick: () => { state.sessionOpen.set(session.id, !open); shell.render(); },
    },
    v('span', { class: 'chevron', aria: { hidden: 'true' } }, open ? '▾' : '▸'), ' ',
    v('strong', { testid: 'session-name' }, name),
    session.date ? v('span', { class: 'muted small' }, ` · ${session.date}`) : null,
    running ? v('span', { class: 'badge' }, t('sessionRunning')) : null,
    open ? null : v('span', { class: 'muted small' }, ` · ${t('sessionCount', { n: items.length })}`)),
    sessionTime(session.id),
    // A closed session is one line: its actions show once it is open.
    state.coFacilitator || !open ? null : v('span', { class: 'row-actions' },
      v('button', {
        type: 'button', class: 'secondary small', testid: 'session-edit',
        onclick: () => { state.sessionForm = { id: session.id, title: session.title, date: session.date ?? '' }; shell.render(); },
      }, t('sessionEdit')),
      state.sessions.length > 1 ? v('button', {
        type: 'button', class: confirming ? 'danger small' : 'secondary small', testid: 'session-remove',
        onclick: () => {
          // A session goes with the activities on it: ask first.
          if (confirming) {
            state.confirmRemoveSession = null;
            shell.act({ type: 'removeSession', session: session.id });
          } else state.confirmRemoveSession = session.id;
          shell.render();
        },
      }, confirming ? t('sessionConfirmRemove') : t('sessionRemove')) : null)),
  editing ? sessionForm() : null,
  open ? fragment(
    items.length === 0 ? v('p', { class: 'muted small' }, t('sessionEmpty')) : v('ol', { class: 'agenda', testid: 'agenda' },
      items.map((item, index) => agendaRow(item, index, items.length, newest))),
    state.coFacilitator ? null : v('button', {
      type: 'button', class: 'secondary small', testid: 'session-add-activity',
      onclick: () => {
        state.addTo = session.id;
        newEditor(state.editor.kind);
        byId('editor-panel').scrollIntoView({ behavior: 'smooth' });
      },
    }, t('sessionAddHere'))) : null);
}

/**
 * One activity on a session's agenda: what it is, its time against its plan, and what the
 * host can do with it (run, edit, move, duplicate, plan, remove, export).
 * @param {AgendaItem} item
 * @param {number} index its place in its session
 * @param {number} count how many its session holds
 * @param {number} newest the newest activity's id
 */
function agendaRow(item, index, count, newest) {
  const module = moduleFor(item.spec.kind, 'host');
  const confirming = state.confirmRemoveActivity === item.id;
  const saved = state.justSaved === item.id || (state.justSaved === 'last' && item.id === newest);
  const title = item.spec.title;
  const move = (/** @type {number} */ session, /** @type {number} */ to) => shell.act({
    type: 'moveActivity', activity: item.id, session, index: to,
  });
  const others = state.sessions.filter((s) => s.id !== item.session);
  return v('li', {
    key: item.id, class: `row${item.current ? ' current' : ''}${saved ? ' just-saved' : ''}`, testid: 'agenda-item',
    data: { id: String(item.id) },
  },
  v('span', { class: 'grow' },
    v('span', { class: 'kind-chip' }, module ? module.label() : item.spec.kind), ' ',
    v('strong', null, title), ' ',
    v('span', { class: 'muted small' }, module ? module.summary(item.spec) : ''),
    item.current ? v('span', { class: 'badge' }, t('current')) : null,
    item.beside ? v('span', { class: 'badge', testid: 'beside-badge' }, t('besideBadge')) : null,
    item.started && !item.current ? v('span', { class: 'badge muted' }, t('started')) : null,
    item.voided > 0 ? v('span', {
      class: 'badge muted', testid: 'voided', title: t('voidedTitle'),
    }, t('voided', { n: item.voided })) : null,
    timeBadge(item),
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
        // Removing an activity loses what was prepared (and answered): ask first, saying so
        // when it has results.
        if (confirming) {
          state.confirmRemoveActivity = null;
          shell.act({ type: 'removeActivity', activity: item.id });
        } else state.confirmRemoveActivity = item.id;
        shell.render();
      },
    }, confirming ? t(item.started ? 'confirmRemoveResults' : 'confirmRemove') : t('remove')) : null,
    v('button', {
      type: 'button', class: 'secondary small', testid: 'export-activity-csv',
      disabled: state.exportBusy !== null,
      aria: { label: t('exportActivityCsvLabel', { title }) },
      title: t('exportActivityCsvLabel', { title }),
      onclick: () => download(`csv-${item.id}`, `export.csv?activity=${item.id}&lang=${getLang()}`, `kring-${state.code}-${item.id}.csv`),
    }, state.exportBusy === `csv-${item.id}` ? t('exportBusy') : t('exportActivityCsv'))),
  state.coFacilitator ? null : v('span', { class: 'row-actions plan', testid: 'plan-controls' },
    v('button', {
      type: 'button', class: 'secondary small icon', testid: 'move-up', disabled: index === 0,
      aria: { label: t('moveUp', { title }) }, title: t('moveUp', { title }),
      onclick: () => move(item.session, index - 1),
    }, '↑'),
    v('button', {
      type: 'button', class: 'secondary small icon', testid: 'move-down', disabled: index === count - 1,
      aria: { label: t('moveDown', { title }) }, title: t('moveDown', { title }),
      onclick: () => move(item.session, index + 1),
    }, '↓'),
    others.length > 0 ? v('select', {
      class: 'small', testid: 'move-to', aria: { label: t('moveToLabel', { title }) }, value: '',
      onchange: (/** @type {Event} */ ev) => {
        const select = /** @type {HTMLSelectElement} */ (ev.target);
        const raw = select.value;
        select.value = '';
        if (raw === '') return;
        // To the end of the other session.
        move(Number(raw), itemsOf(Number(raw)).length);
      },
    },
    v('option', { value: '' }, t('moveTo')),
    others.map((s) => v('option', { key: s.id, value: String(s.id) }, sessionName(s)))) : null,
    v('button', {
      type: 'button', class: 'secondary small', testid: 'duplicate-activity',
      aria: { label: t('duplicateLabel', { title }) }, title: t('duplicateLabel', { title }),
      onclick: () => shell.act({ type: 'duplicateActivity', activity: item.id }),
    }, t('duplicate')),
    v('label', { class: 'planned' },
      v('span', { class: 'muted small' }, t('planned')),
      v('input', {
        type: 'number', min: 1, max: MAX_PLANNED_MINUTES, inputmode: 'numeric', testid: 'planned-minutes',
        aria: { label: t('plannedLabel', { title }) },
        value: item.plannedMinutes == null ? '' : String(item.plannedMinutes),
        onchange: (/** @type {Event} */ ev) => {
          const raw = /** @type {HTMLInputElement} */ (ev.target).value.trim();
          const minutes = raw === '' ? null : Math.round(Number(raw));
          if (minutes !== null && !(minutes >= 1 && minutes <= MAX_PLANNED_MINUTES)) {
            shell.notify('error', () => t('plannedInvalid', { max: MAX_PLANNED_MINUTES }));
            return;
          }
          shell.act({ type: 'setPlanned', activity: item.id, minutes });
        },
      }))));
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
    ed.editing === null && !state.coFacilitator && state.sessions.length > 1 ? v('label', { class: 'add-to' },
      v('span', { class: 'muted' }, t('addTo')), ' ',
      v('select', {
        testid: 'add-to-session', value: String(addTo()),
        onchange: (/** @type {Event} */ ev) => {
          state.addTo = Number(/** @type {HTMLSelectElement} */ (ev.target).value);
          shell.render();
        },
      }, state.sessions.map((s) => v('option', { key: s.id, value: String(s.id) }, sessionName(s))))) : null,
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
      agenda: state.agenda,
      sessions: state.sessions,
      results: activityResults,
      saving: ed.saveId !== null,
      errors: ed.errors,
      save: (spec) => {
        ed.errors = [];
        ed.saveId = shell.act(ed.editing === null
          ? { type: 'addActivity', spec, session: addTo() }
          : { type: 'updateActivity', activity: ed.editing, spec });
        shell.render();
      },
      cancel: () => newEditor(ed.kind),
      rerender: shell.render,
    }) : null);
}

/** The session a new activity goes to: the one chosen, or the running one. */
function addTo() {
  const chosen = state.addTo;
  return chosen !== null && state.sessions.some((s) => s.id === chosen) ? chosen : runningSession();
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
        // Into the session new activities go to (the chosen one, or the one running).
        const into = `${query.includes('?') ? '&' : '?'}session=${addTo()}`;
        const res = await fetch(base + query + into, {
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

/** The agenda's tab: the agenda (and the templates), then the editor. */
export function agendaTab() {
  return fragment(
    v('section', { class: 'panel', testid: 'agenda-panel', id: 'agenda-panel' }, templatesPanel(), agendaPanel()),
    v('section', { class: `panel editor kind-${state.editor.kind}`, testid: 'editor-panel', id: 'editor-panel' }, editorPanel()));
}
