// The console's run panel: the current activity's controls (its kind's host module, with the
// context it runs with), and the step forward once it has nothing left to do: the next activity
// on the agenda (the presenter's steps too).

import { t } from '../i18n.js';
import { v, fragment } from '../view.js';
import { moduleFor } from '../activities/index.js';
import { drives, shell, state } from './state.js';
import { runningSession } from './sessions.js';
import { beside, besideBox } from '../beside.js';
import { chairPanel } from './chair.js';

/** @typedef {import('../../gen/ActivityView').ActivityView} ActivityView */
/** @typedef {import('../../gen/AgendaItem').AgendaItem} AgendaItem */

/**
 * The context a kind's host module runs the current activity with.
 * @param {ActivityView} current
 * @returns {import('../activities/index.js').HostCtx}
 */
function hostCtx(current) {
  const progress = state.progress && state.progress.activity === current.id ? state.progress : null;
  return {
    view: current,
    host: state.hostView,
    spec: currentItem()?.spec ?? null,
    teams: state.teams,
    countdown: state.countdown,
    progress,
    online: state.online,
    runs: drives(),
    send: (input) => shell.act({ type: 'activity', activity: current.id, input }),
    rerender: shell.render,
  };
}

/**
 * The next activity to run: the first one after the current one on its session's agenda that
 * has not started (in the lobby, the first one not started in the session being run).
 * @returns {AgendaItem | null}
 */
function nextActivity() {
  // Within the session being run: the next session is another lesson.
  const session = runningSession();
  const agenda = state.agenda.filter((a) => a.session === session);
  const at = state.current ? agenda.findIndex((a) => a.id === state.current?.id) : -1;
  return agenda.slice(at + 1).find((a) => !a.started) ?? null;
}

/**
 * The current activity's own next and previous step (its host module's `steps`), and once it
 * has none left, making the next activity on the agenda current: the presenter's buttons, and
 * the run panel's step forward.
 * @returns {import('../present.js').Steps}
 */
export function presenterSteps() {
  // A console that does not lead offers the presenter no step (the server would refuse it).
  if (!drives()) return { next: null, back: null };
  const current = state.current;
  const module = current ? moduleFor(current.kind, 'host') : null;
  const own = current && module?.steps ? module.steps(hostCtx(current)) : { next: null, back: null };
  if (own.next || (current && !module?.steps)) return own;
  const after = nextActivity();
  if (!after) return own;
  return {
    next: {
      label: t('nextActivity', { title: after.spec.title }),
      run: () => shell.act({ type: 'setCurrent', activity: after.id }),
    },
    back: own.back,
  };
}

/**
 * Sends a moderation the presenter window asked for (a tap on the projected picture), when the
 * current activity's kind takes that input from there (its host module's `fromPresenter`); the
 * projected page can ask for nothing else.
 * @param {import('../../gen/ActivityInput').ActivityInput} input
 */
export function presenterModerate(input) {
  const current = state.current;
  const module = current ? moduleFor(current.kind, 'host') : null;
  if (!current || input?.kind !== current.kind || !module?.fromPresenter?.(input)) return;
  shell.act({ type: 'activity', activity: current.id, input });
}

/** @returns {AgendaItem | null} */
function currentItem() {
  const id = state.current?.id;
  return state.agenda.find((a) => a.id === id) ?? null;
}

/**
 * The step forward once the current activity has nothing left to do (or nothing runs): the
 * next activity on the agenda, as the primary button.
 */
function nextActivityButton() {
  const after = nextActivity();
  if (!after || !drives()) return null;
  return v('div', { class: 'controls', testid: 'flow-controls' }, v('button', {
    type: 'button', class: 'primary', testid: 'run-next-activity',
    onclick: () => shell.act({ type: 'setCurrent', activity: after.id }),
  }, t('nextActivity', { title: after.spec.title })));
}

/**
 * The activity beside the current one (a timer), with its compact controls.
 */
function besidePanel() {
  const view = beside.view;
  if (!view) return null;
  return besideBox('host', {
    send: (input) => shell.act({ type: 'activity', activity: view.id, input }),
    runs: drives(),
    remove: !drives() ? null : () => { shell.act({ type: 'setBeside', activity: null }); },
  });
}

/** The run panel of the open room. */
export function runPanel() {
  const current = state.current;
  if (!current) {
    return fragment(
      besidePanel(),
      v('h2', null, t('nowShowing')),
      v('p', { class: 'muted', testid: 'run-phase' }, !drives() ? t('coLobby') : t('roomLobby')),
      nextActivityButton(),
      // Between lessons: what came in late through the empty chair, to see and moderate.
      chairPanel());
  }
  const module = moduleFor(current.kind, 'host');
  const ctx = hostCtx(current);
  const done = module?.steps ? module.steps(ctx).next === null : false;
  // Done and nothing after it on the agenda: the step forward is back to the lobby.
  const last = done && !nextActivity();
  return fragment(
    besidePanel(),
    v('div', { class: 'run-head' },
      v('h2', null, t('nowShowing'), ': ', v('span', null, current.title)),
      !drives() ? null : v('button', {
        type: 'button', class: last ? 'primary' : 'secondary small', testid: 'back-to-lobby',
        onclick: () => shell.act({ type: 'setCurrent', activity: null }),
      }, t('backToLobby'))),
    v('p', { class: 'phase', testid: 'run-phase', data: { phase: current.phase.phase } }, module ? module.phase(current) : ''),
    done ? nextActivityButton() : null,
    v('div', { class: `run-body kind-${current.kind}` },
      module ? module.render(ctx) : v('p', { class: 'muted' }, t('unknownActivity'))));
}
