// A room's console laid out: the room strip (code, title, join link, projector and presenter
// buttons), the run panel, and beside it the tabs: the agenda with the editors, the
// participants, the teams, the class timeline, and the room's exports, co-facilitator link and
// deletion.

import { t } from '../i18n.js';
import { v, fragment } from '../view.js';
import { teamsPanel, tt } from '../teams-host.js';
import { participantsPanel as peoplePanel, pt } from '../participants.js';
import { openPresenter } from '../present.js';
import { drives, shell, state } from './state.js';
import { leadControl, leadNote } from './lead.js';
import { agendaTab } from './agenda.js';
import { dangerPanel, exportPanel } from './exports.js';
import { copyField } from './copy.js';
import { runPanel } from './run.js';
import { loadTimeline, timelineTab } from './timeline.js';
import { tl } from '../activities/timeline/strings.js';

/** @typedef {import('./state.js').Tab} Tab */

/**
 * The tabs beside the run panel: the console that drives has the agenda and the teams; the
 * organiser's console has the room (exports, co-facilitator link, deletion: the host key's).
 */
function tabs() {
  /** @type {{ tab: Tab, label: string, count: number | null }[]} */
  const all = [
    { tab: 'agenda', label: t('agenda'), count: state.agenda.length },
    { tab: 'participants', label: pt('heading'), count: state.count },
    { tab: 'teams', label: tt('teamsHeading'), count: state.teams.teams.length },
    { tab: 'timeline', label: tl('tab'), count: null },
    { tab: 'room', label: t('roomTab'), count: null },
  ];
  const runs = drives();
  // The timeline and the room are read with the host key: the organiser's console only.
  return all.filter((x) => x.tab === 'participants' || (x.tab === 'room' || x.tab === 'timeline' ? !state.coFacilitator : runs));
}

/** @param {Tab} tab */
function showTab(tab) {
  state.tab = tab;
  // The timeline is read afresh each time its tab opens (results may have come in since).
  if (tab === 'timeline') loadTimeline();
  shell.render();
  document.getElementById(`tab-${tab}`)?.focus();
}

/** The open room's console. */
export function roomView() {
  const shown = tabs();
  const tab = shown.some((x) => x.tab === state.tab) ? state.tab : shown[0].tab;
  return fragment(
    roomStrip(),
    leadNote(),
    v('div', { class: 'console' },
      v('section', { class: 'panel run-panel', testid: 'run-panel', aria: { label: t('nowShowing') } }, runPanel()),
      v('section', { class: 'side', testid: 'side-panels' },
        v('div', {
          class: 'tabs', role: 'tablist', aria: { label: t('consolePanels') },
          onkeydown: (ev) => {
            const at = shown.findIndex((x) => x.tab === tab);
            const by = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
            if (!by) return;
            ev.preventDefault();
            showTab(shown[(at + by + shown.length) % shown.length].tab);
          },
        }, shown.map((x) => v('button', {
          key: x.tab, type: 'button', role: 'tab', id: `tab-${x.tab}`, class: `tab${x.tab === tab ? ' on' : ''}`,
          testid: `tab-${x.tab}`, tabindex: x.tab === tab ? 0 : -1,
          aria: { selected: String(x.tab === tab), controls: `tab-panel-${x.tab}` },
          onclick: () => showTab(x.tab),
        }, x.label, x.count === null ? null : v('span', {
          class: 'count', testid: x.tab === 'participants' ? 'participant-count' : `tab-${x.tab}-count`,
        }, String(x.count))))),
        v('div', {
          class: 'tab-panel', role: 'tabpanel', id: `tab-panel-${tab}`, testid: `tab-panel-${tab}`,
          aria: { labelledby: `tab-${tab}` },
        }, tabPanel(tab)))));
}

/** @param {Tab} tab */
function tabPanel(tab) {
  switch (tab) {
    case 'agenda': return agendaTab();
    case 'timeline': return timelineTab();
    case 'participants':
      return v('section', { class: 'panel', testid: 'participants-panel' },
        peoplePanel({ count: state.count, online: state.online, runs: drives() }));
    case 'teams':
      return v('section', { class: 'panel', testid: 'teams-panel' },
        v('h2', null, tt('teamsHeading')),
        teamsPanel({
          teams: state.teams, rules: state.teamRules, participants: state.participants,
          act: (a) => { shell.act(a); }, rerender: shell.render,
        }));
    default:
      return fragment(
        state.moderatorKey ? v('section', { class: 'panel', testid: 'co-facilitator-panel' }, coFacilitatorPanel(state.moderatorKey)) : null,
        v('section', { class: 'panel', testid: 'export-panel' }, exportPanel()),
        v('section', { class: 'panel danger-zone', testid: 'delete-panel' }, dangerPanel()));
  }
}

/**
 * The link that opens a co-facilitator's console (moderation only).
 * @param {string} key the moderator key
 */
function coFacilitatorPanel(key) {
  const link = `${location.origin}/host?room=${encodeURIComponent(state.code)}#mod=${key}`;
  return fragment(
    v('h2', null, t('coHeading')),
    v('p', { class: 'muted small' }, t('coHint')),
    copyField({ id: 'co-facilitator-link', text: link, label: t('coHeading'), button: t('coCopy'), rerender: shell.render }));
}

/** The room in one strip: its code, title and join link, and the projector's buttons. */
function roomStrip() {
  const room = state.room;
  const screenUrl = `/screen?room=${encodeURIComponent(state.code)}`;
  return v('section', { class: 'panel room-strip', testid: 'room-panel' },
    v('div', { class: 'strip-code-box' },
      v('p', { class: 'muted small' }, t('roomCode')),
      v('p', { class: 'big-code', testid: 'room-code' }, state.code)),
    v('div', { class: 'grow strip-room' },
      v('h1', { testid: 'room-title' }, room?.title ?? ''),
      v('p', { class: 'small' }, t('joinAt'), ' ',
        v('a', { href: room?.joinUrl ?? '#', target: '_blank', rel: 'noopener', testid: 'join-url' }, room?.joinUrl ?? ''))),
    v('div', { class: 'projector-buttons' },
      v('a', {
        class: 'button primary small', href: screenUrl, target: '_blank', rel: 'noopener', testid: 'open-screen',
      }, t('openProjector')),
      // Presenting runs the session: a console that does not drive leaves it out.
      !drives() ? null : v('button', {
        type: 'button', class: 'secondary small', testid: 'open-presenter', title: t('presenterHint'),
        aria: { describedby: 'presenter-hint' }, onclick: () => openPresenter(state.code),
      }, t('openPresenter'))),
    leadControl(),
    !drives() ? null : v('p', { class: 'visually-hidden', id: 'presenter-hint' }, t('presenterHint')));
}
