// The console's Timeline tab: the room's timeline (every session's activities and results as
// the projector may show them, and what shifted), read with the host key from
// `GET /api/rooms/CODE/timeline` each time the tab opens or the teacher refreshes. Only the
// organiser's console sees it here; the class sees it when a Timeline activity runs.

import { v } from '../view.js';
import { t } from '../i18n.js';
import { apiError, authHeaders, roomApi } from './api.js';
import { shell, state } from './state.js';
import { tl } from '../activities/timeline/strings.js';
import { sessionsBoard, shiftsBoard } from '../activities/timeline/draw.js';

/** @typedef {import('../../gen/Timeline').Timeline} Timeline */

/** What the tab shows: the room it was read for, the timeline or the error, and whether a read runs. */
const tab = {
  code: '',
  /** @type {Timeline | null} */
  timeline: null,
  /** @type {(() => string) | null} */
  error: null,
  loading: false,
  /** The read that is current (an older one arriving late is dropped). */
  read: 0,
};

/** Reads the open room's timeline, then renders. */
export async function loadTimeline() {
  const read = ++tab.read;
  tab.code = state.code;
  tab.loading = true;
  tab.error = null;
  shell.render();
  try {
    const res = await fetch(roomApi('timeline'), { headers: authHeaders(), cache: 'no-store' });
    if (read !== tab.read) return;
    if (!res.ok) {
      tab.error = await apiError(res);
    } else {
      tab.timeline = /** @type {Timeline} */ (await res.json());
    }
  } catch {
    if (read === tab.read) tab.error = () => t('networkError');
  }
  if (read !== tab.read) return;
  tab.loading = false;
  shell.render();
}

/** The tab's panel (reads the timeline the first time it is shown for a room). */
export function timelineTab() {
  if (tab.code !== state.code) {
    tab.timeline = null;
    queueMicrotask(loadTimeline);
  }
  const timeline = tab.code === state.code ? tab.timeline : null;
  // The kind's root class on a wrapper, so its stylesheet's rules (all under it) apply here.
  return v('div', { class: 'kind-timeline' }, v('section', { class: 'panel tl-console', testid: 'timeline-panel' },
    v('div', { class: 'tl-console-top' },
      v('h2', null, tl('tab')),
      v('button', {
        type: 'button', testid: 'timeline-refresh', disabled: tab.loading, onclick: () => { loadTimeline(); },
      }, tab.loading ? tl('loading') : tl('refresh'))),
    v('p', { class: 'muted' }, tl('consoleNote')),
    tab.error ? v('p', { class: 'error', role: 'alert', testid: 'timeline-error' }, `${tl('loadFailed')} ${tab.error()}`) : null,
    timeline ? sessionsBoard(timeline, 'console-tl-sessions') : null,
    timeline ? v('h3', null, tl('shifts')) : null,
    timeline ? shiftsBoard(timeline, 'console-tl-shifts') : null));
}
