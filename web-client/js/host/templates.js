// Templates in the console (the agenda tab): start from a built-in template (the four
// co-creation sessions, in Dutch and English) or one the room keeps, each with its title,
// description, number of activities and planned minutes; import a template file (the server
// checks it, and a complaint names the field); save the agenda as a template (kept in the room
// and downloaded as a .json file); download or forget a kept one. Inserting appends every item
// to the agenda at once; they are ordinary activities afterwards, editable until they start.

import { getLang, strings } from '../i18n.js';
import { v, fragment } from '../view.js';
import { apiError } from './api.js';
import { saveBlob } from './exports.js';
import { shell, state } from './state.js';

/** @typedef {import('../../gen/Template').Template} Template */
/** @typedef {import('../../gen/BuiltInTemplate').BuiltInTemplate} BuiltInTemplate */

const ts = strings({
  en: {
    start: 'Start from a template',
    close: 'Close templates',
    intro: 'A template adds a whole session to the agenda at once. Every activity stays editable until it starts.',
    builtIn: 'Ready-made sessions',
    kept: 'Kept in this room',
    showNl: 'Show the Dutch templates',
    showEn: 'Show the English templates',
    activities: '{n} activities',
    activity: '1 activity',
    minutes: '{n} minutes planned',
    insert: 'Add to the agenda',
    inserting: 'Adding…',
    inserted: '“{title}” is on the agenda: {n} activities.',
    download: 'Download',
    forget: 'Forget',
    loading: 'Loading the templates…',
    loadFailed: 'The templates could not be loaded. Check the connection and try again.',
    retry: 'Try again',
    importLabel: 'Import a template (.json)',
    importHint: 'A template file someone saved from Kring. It is checked first; it is then kept in this room, ready to add.',
    importFailed: 'This file cannot be imported.',
    imported: '“{title}” is kept in this room. Add it to the agenda below.',
    saveHeading: 'Save this agenda as a template',
    saveTitle: 'Template title',
    saveDescription: 'Description (optional)',
    save: 'Save and download',
    saved: '“{title}” is kept in this room and downloaded.',
    saveEmpty: 'The agenda is empty: add activities first.',
    saveNoTitle: 'Give the template a title.',
    note: 'Note',
    inLang: 'in {lang}',
    nl: 'Dutch',
    en: 'English',
  },
  nl: {
    start: 'Begin met een sjabloon',
    close: 'Sjablonen sluiten',
    intro: 'Een sjabloon zet een hele sessie in één keer op de agenda. Elke activiteit blijft aan te passen tot ze start.',
    builtIn: 'Kant-en-klare sessies',
    kept: 'Bewaard in deze kamer',
    showNl: 'Toon de Nederlandse sjablonen',
    showEn: 'Toon de Engelse sjablonen',
    activities: '{n} activiteiten',
    activity: '1 activiteit',
    minutes: '{n} minuten gepland',
    insert: 'Op de agenda zetten',
    inserting: 'Bezig…',
    inserted: '„{title}” staat op de agenda: {n} activiteiten.',
    download: 'Downloaden',
    forget: 'Vergeten',
    loading: 'Sjablonen laden…',
    loadFailed: 'De sjablonen konden niet geladen worden. Controleer de verbinding en probeer het opnieuw.',
    retry: 'Opnieuw proberen',
    importLabel: 'Sjabloon importeren (.json)',
    importHint: 'Een sjabloonbestand dat iemand uit Kring heeft bewaard. Het wordt eerst gecontroleerd en daarna in deze kamer bewaard, klaar om op de agenda te zetten.',
    importFailed: 'Dit bestand kan niet worden geïmporteerd.',
    imported: '„{title}” is bewaard in deze kamer. Zet het hieronder op de agenda.',
    saveHeading: 'Deze agenda bewaren als sjabloon',
    saveTitle: 'Titel van het sjabloon',
    saveDescription: 'Beschrijving (mag leeg)',
    save: 'Bewaren en downloaden',
    saved: '„{title}” is bewaard in deze kamer en gedownload.',
    saveEmpty: 'De agenda is leeg: voeg eerst activiteiten toe.',
    saveNoTitle: 'Geef het sjabloon een titel.',
    note: 'Let op',
    inLang: 'in het {lang}',
    nl: 'Nederlands',
    en: 'Engels',
  },
});

const ui = {
  /** The picker is open. */
  open: false,
  /** Built-in templates in the other language are shown instead. */
  otherLang: false,
  /** @type {BuiltInTemplate[] | null} the built-in templates, once fetched */
  builtIns: null,
  loading: false,
  failed: false,
  saveTitle: '',
  saveDescription: '',
  /** @type {(() => string) | null} the picker's last complaint */
  error: null,
  /** @type {Map<string, { title: string, n: number, kind: 'insert' | 'save' }>} actions waiting for their answer */
  pending: new Map(),
};

/** Renders, and brings the picker's complaint into view (it sits at the picker's top). */
function renderError() {
  shell.render();
  document.querySelector('[data-testid="template-error"]')?.scrollIntoView({ block: 'nearest' });
}

/** Fetches the built-in templates (once). */
async function loadBuiltIns() {
  if (ui.loading || ui.builtIns) return;
  ui.loading = true;
  ui.failed = false;
  try {
    const res = await fetch('/api/templates');
    if (!res.ok) throw new Error(String(res.status));
    ui.builtIns = await res.json();
  } catch {
    ui.failed = true;
  }
  ui.loading = false;
  shell.render();
}

/**
 * The file name a template downloads as.
 * @param {Template} template
 */
function fileName(template) {
  const slug = template.title.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'sjabloon';
  return `kring-${slug}.json`;
}

/** @param {Template} template */
function downloadTemplate(template) {
  saveBlob(new Blob([`${JSON.stringify(template, null, 2)}\n`], { type: 'application/json' }), fileName(template));
}

/** @param {Template} template */
function insert(template) {
  ui.error = null;
  const id = shell.act({ type: 'insertTemplate', template });
  if (id) ui.pending.set(id, { title: template.title, n: template.items.length, kind: 'insert' });
  shell.render();
}

/** The agenda as a template with the title and description typed. */
function agendaTemplate() {
  /** @type {Template} */
  const template = {
    kring: 'template',
    version: 1,
    title: ui.saveTitle.trim(),
    lang: getLang(),
    description: ui.saveDescription.trim(),
    items: state.agenda.map((item) => ({ spec: item.spec })),
  };
  return template;
}

function saveAgenda() {
  ui.error = null;
  if (state.agenda.length === 0) ui.error = () => ts('saveEmpty');
  else if (!ui.saveTitle.trim()) ui.error = () => ts('saveNoTitle');
  if (ui.error) {
    renderError();
    return;
  }
  const template = agendaTemplate();
  const id = shell.act({ type: 'saveTemplate', template });
  if (id) ui.pending.set(id, { title: template.title, n: template.items.length, kind: 'save' });
  downloadTemplate(template);
  shell.render();
}

/**
 * Checks a template file with the server, then keeps it in the room.
 * @param {File} file
 */
async function importFile(file) {
  ui.error = null;
  try {
    const res = await fetch('/api/templates/check', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: await file.text(),
    });
    if (!res.ok) {
      const reason = await apiError(res);
      ui.error = () => `${ts('importFailed')} ${reason()}`;
      renderError();
      return;
    }
    /** @type {Template} */
    const template = await res.json();
    const id = shell.act({ type: 'saveTemplate', template });
    if (id) ui.pending.set(id, { title: template.title, n: template.items.length, kind: 'save' });
    shell.notify('ok', () => ts('imported', { title: template.title }));
  } catch {
    ui.error = () => ts('loadFailed');
  }
  shell.render();
}

/**
 * An acknowledgement of a template action: a notice says what happened. Whether `id` was one.
 * @param {string} id
 */
export function templateAcked(id) {
  const done = ui.pending.get(id);
  if (!done) return false;
  ui.pending.delete(id);
  if (done.kind === 'insert') {
    ui.open = false;
    shell.notify('ok', () => ts('inserted', { title: done.title, n: done.n }));
  } else if (!ui.error) {
    ui.saveTitle = '';
    ui.saveDescription = '';
  }
  shell.render();
  return true;
}

/**
 * A refusal of a template action: the picker shows it (with the field). Whether `ref` was one.
 * @param {string} ref
 * @param {() => string} text
 */
export function templateRefused(ref, text) {
  if (!ui.pending.delete(ref)) return false;
  ui.open = true;
  ui.error = text;
  renderError();
  return true;
}

/**
 * One template as a card: title, description, how many activities and minutes, its items, and
 * its buttons.
 * @param {Template} template
 * @param {string} key
 * @param {boolean} kept  kept in the room (download, forget)
 */
function templateCard(template, key, kept) {
  const n = template.items.length;
  const minutes = template.items.reduce((sum, item) => sum + (item.plannedMinutes ?? 0), 0);
  const busy = [...ui.pending.values()].some((p) => p.kind === 'insert' && p.title === template.title);
  return v('li', { key, class: 'template-card', testid: 'template-card', data: { id: key } },
    v('h4', { testid: 'template-title' }, template.title),
    template.description ? v('p', { class: 'small' }, template.description) : null,
    v('p', { class: 'muted small', testid: 'template-facts' },
      n === 1 ? ts('activity') : ts('activities', { n }),
      minutes > 0 ? ` · ${ts('minutes', { n: minutes })}` : '',
      ` · ${ts('inLang', { lang: ts(template.lang) })}`),
    v('ol', { class: 'template-items small' }, template.items.map((item, i) => v('li', { key: i },
      item.spec.title,
      item.plannedMinutes ? v('span', { class: 'muted' }, ` (${item.plannedMinutes}′)`) : null,
      item.note ? v('span', { class: 'muted template-note' }, ` — ${ts('note')}: ${item.note}`) : null))),
    v('div', { class: 'controls' },
      v('button', {
        type: 'button', class: 'primary', testid: 'insert-template', disabled: busy,
        onclick: () => insert(template),
      }, busy ? ts('inserting') : ts('insert')),
      v('button', {
        type: 'button', class: 'secondary small', testid: 'download-template', onclick: () => downloadTemplate(template),
      }, ts('download')),
      kept ? v('button', {
        type: 'button', class: 'secondary small', testid: 'forget-template',
        onclick: () => { shell.act({ type: 'removeTemplate', title: template.title }); },
      }, ts('forget')) : null));
}

/** The templates' part of the agenda tab: a button, and the picker once opened. */
export function templatesPanel() {
  if (!ui.open) {
    return v('div', { class: 'controls template-open' }, v('button', {
      type: 'button', class: state.agenda.length === 0 ? 'primary' : 'secondary', testid: 'open-templates',
      onclick: () => { ui.open = true; ui.error = null; loadBuiltIns(); shell.render(); },
    }, ts('start')));
  }
  const lang = getLang();
  const shownLang = ui.otherLang ? (lang === 'nl' ? 'en' : 'nl') : lang;
  const builtIns = (ui.builtIns ?? []).filter((b) => b.template.lang === shownLang);
  return v('div', { class: 'templates', testid: 'templates-panel' },
    v('div', { class: 'row' },
      v('h3', { class: 'grow' }, ts('start')),
      v('button', {
        type: 'button', class: 'secondary small', testid: 'close-templates',
        onclick: () => { ui.open = false; shell.render(); },
      }, ts('close'))),
    v('p', { class: 'muted small' }, ts('intro')),
    ui.error ? v('p', { class: 'error', role: 'alert', testid: 'template-error' }, ui.error()) : null,
    state.templates.length > 0 ? fragment(
      v('h4', null, ts('kept')),
      v('ul', { class: 'template-list', testid: 'kept-templates' },
        state.templates.map((tpl) => templateCard(tpl, `kept-${tpl.title}`, true)))) : null,
    v('div', { class: 'row' },
      v('h4', { class: 'grow' }, ts('builtIn')),
      v('button', {
        type: 'button', class: 'secondary small', testid: 'template-lang',
        onclick: () => { ui.otherLang = !ui.otherLang; shell.render(); },
      }, shownLang === 'nl' ? ts('showEn') : ts('showNl'))),
    ui.loading ? v('p', { class: 'muted' }, ts('loading')) : null,
    ui.failed ? v('p', { class: 'error', role: 'alert' }, ts('loadFailed'), ' ',
      v('button', { type: 'button', class: 'secondary small', onclick: () => loadBuiltIns() }, ts('retry'))) : null,
    v('ul', { class: 'template-list', testid: 'built-in-templates' },
      builtIns.map((b) => templateCard(b.template, b.id, false))),
    v('div', { class: 'import' },
      v('label', { for: 'import-template' }, ts('importLabel')),
      v('input', {
        type: 'file', id: 'import-template', testid: 'import-template', accept: '.json,application/json',
        onchange: (ev) => {
          const input = /** @type {HTMLInputElement} */ (ev.target);
          const file = input.files?.[0];
          if (file) importFile(file).finally(() => { input.value = ''; });
        },
      }),
      v('p', { class: 'muted small' }, ts('importHint'))),
    v('div', { class: 'template-save' },
      v('h4', null, ts('saveHeading')),
      v('label', { for: 'template-save-title' }, ts('saveTitle')),
      v('input', {
        id: 'template-save-title', testid: 'template-save-title', maxlength: 120, value: ui.saveTitle,
        oninput: (ev) => { ui.saveTitle = /** @type {HTMLInputElement} */ (ev.target).value; },
      }),
      v('label', { for: 'template-save-description' }, ts('saveDescription')),
      v('input', {
        id: 'template-save-description', testid: 'template-save-description', maxlength: 600, value: ui.saveDescription,
        oninput: (ev) => { ui.saveDescription = /** @type {HTMLInputElement} */ (ev.target).value; },
      }),
      v('div', { class: 'controls' }, v('button', {
        type: 'button', class: 'secondary', testid: 'save-template', onclick: saveAgenda,
      }, ts('save')))));
}
