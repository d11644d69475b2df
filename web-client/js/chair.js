// The empty chair ("de lege stoel") on the phone and the projector: activities the teacher left
// open after the lesson, kept from the welcome (`room.chairs`) and `chairs` messages. A phone
// with nothing live to do sees what the class did (the live results, drawn read-only by the
// kind's projector module) and, per open activity, the kind's own phone page to add its voice,
// which goes to the activity's late twin (`{ type: 'chair' }`), never to the live results. The
// projector shows late input only once the server released it (3 late contributors or more).
// Like the other shells, this never names a kind.

import { v } from './view.js';
import { strings } from './i18n.js';
import { moduleFor, KINDS } from './activities/index.js';

/** @typedef {import('../gen/ChairView').ChairView} ChairView */
/** @typedef {import('../gen/ActivityInput').ActivityInput} ActivityInput */
/** @typedef {import('../gen/Me').Me} Me */
/** @typedef {import('../gen/RoomView').RoomView} RoomView */
/** @typedef {import('../gen/TeamsView').TeamsView} TeamsView */
/** @typedef {import('./view.js').VNode} VNode */
/** @typedef {import('./activities/index.js').Outcome} Outcome */
/** @typedef {import('./conn.js').PendingAct} PendingAct */

/** The chair's own words, Dutch and English. */
export const ch = strings({
  en: {
    title: 'The empty chair',
    intro: 'You were not there, but your voice still counts. See what the class did, then add yours. It is shown apart, as "from the empty chair".',
    until: 'Open until {date}',
    classDid: 'What the class did',
    yourVoice: 'Your voice',
    tookPart: 'You took part in class: your voice is in these results ✓',
    fromChair: 'From the empty chair',
    lateCount: '{n} late voices, counted apart',
    lateCountOne: '1 late voice, counted apart',
    nothingOpen: 'Nothing is open for you right now.',
  },
  nl: {
    title: 'De lege stoel',
    intro: 'Je was er niet bij, maar je stem telt nog steeds. Kijk wat de klas deed en voeg dan de jouwe toe. Die komt apart te staan, als "uit de lege stoel".',
    until: 'Open tot {date}',
    classDid: 'Wat de klas deed',
    yourVoice: 'Jouw stem',
    tookPart: 'Je deed mee in de les: je stem zit in deze resultaten ✓',
    fromChair: 'Uit de lege stoel',
    lateCount: '{n} late stemmen, apart geteld',
    lateCountOne: '1 late stem, apart geteld',
    nothingOpen: 'Er staat nu niets voor je open.',
  },
});

/**
 * "n late voices, counted apart", in the page's language.
 * @param {number} n
 */
export function lateCount(n) {
  return n === 1 ? ch('lateCountOne') : ch('lateCount', { n });
}

/** The chairs as this page knows them, and the server clock's offset. */
export const chairs = {
  /** @type {ChairView[]} */
  list: [],
  /** Server time minus `performance.now()`, ms (from the welcome). */
  offset: 0,
};

/**
 * The chairs from a welcome sent at `serverNow` (server clock), received at `receivedAt`
 * (`performance.now()`).
 * @param {ChairView[] | undefined} list
 * @param {number} serverNow
 * @param {number} receivedAt
 */
export function setChairs(list, serverNow, receivedAt) {
  chairs.list = list ?? [];
  chairs.offset = serverNow - receivedAt;
}

/** The chairs that take late input now (before their date, by the server's clock). */
export function openChairs() {
  const now = performance.now() + chairs.offset;
  return chairs.list.filter((c) => c.until > now);
}

/**
 * A date in the page's language, e.g. "vr 12 dec." / "Fri, Dec 12".
 * @param {number} ms
 * @param {string} lang
 */
export function day(ms, lang) {
  return new Date(ms).toLocaleDateString(lang === 'nl' ? 'nl-NL' : 'en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
}

/** Projector modules, loaded on a phone only when it has a chair to show. */
let screens = /** @type {Promise<void> | null} */ (null);
/** @type {Map<string, import('./activities/index.js').ScreenModule>} */
const screenModules = new Map();

/**
 * Loads the projector modules of the chairs' kinds (the phone draws the class's results with
 * them); calls `ready` once they are there.
 * @param {() => void} ready
 */
function loadScreens(ready) {
  if (screens) return;
  screens = Promise.all(Object.entries(KINDS).map(async ([kind, entry]) => {
    screenModules.set(kind, /** @type {any} */ (await entry.screen()));
  })).then(ready, ready);
}

/**
 * One activity's results, drawn read-only by its kind's projector module in a box of its own.
 * @param {import('../gen/ActivityView').ActivityView} view
 * @param {RoomView} room
 * @param {TeamsView} teams
 * @param {import('./activities/index.js').ScreenModule | null | undefined} module
 * @param {string} testid
 */
export function results(view, room, teams, module, testid) {
  return v('div', { class: `chair-results kind-${view.kind}`, testid },
    module ? module.render({ view, room, teams, countdown: null, progress: null, online: 0 }) : null);
}

/**
 * The phone's empty chair, or null when nothing is open for it.
 * @param {object} ctx
 * @param {Me} ctx.me
 * @param {RoomView} ctx.room
 * @param {TeamsView} ctx.teams
 * @param {string} ctx.lang
 * @param {(activity: number, input: ActivityInput) => string | null} ctx.send
 * @param {(id: string | null) => Outcome | undefined} ctx.outcome
 * @param {() => PendingAct[]} ctx.pending
 * @param {() => void} ctx.refresh
 * @param {() => void} ctx.rerender
 * @returns {VNode | null}
 */
export function phoneChair(ctx) {
  const open = openChairs();
  if (open.length === 0) return null;
  loadScreens(ctx.rerender);
  return v('section', { class: 'chair-phone', testid: 'empty-chair' },
    v('div', { class: 'card chair-intro' },
      v('h1', null, ch('title')),
      v('p', { class: 'lead' }, ch('intro'))),
    open.map((chair) => {
      const own = ctx.me.chairs?.find((c) => c.activity === chair.activity);
      const module = moduleFor(chair.input.kind, 'phone');
      return v('article', { key: chair.activity, class: 'chair-item', testid: 'chair-item', data: { id: String(chair.activity) } },
        v('h2', null, chair.live.title),
        v('p', { class: 'muted small' }, ch('until', { date: day(chair.until, ctx.lang) })),
        v('h3', null, ch('classDid')),
        results(chair.live, ctx.room, ctx.teams, screenModules.get(chair.live.kind), 'chair-live'),
        own?.tookPart
          ? v('p', { class: 'lead chair-took-part', testid: 'chair-took-part' }, ch('tookPart'))
          : [
            v('h3', { key: 'h' }, ch('yourVoice')),
            v('div', { key: 'input', class: `chair-input kind-${chair.input.kind}`, testid: 'chair-input' },
              module ? module.render({
                view: chair.input,
                personal: own?.personal ?? null,
                me: ctx.me,
                room: ctx.room,
                teams: ctx.teams,
                countdown: null,
                send: (input) => ctx.send(chair.activity, input),
                outcome: ctx.outcome,
                pending: ctx.pending,
                refresh: ctx.refresh,
                rerender: ctx.rerender,
              }) : null),
          ]);
    }));
}

/**
 * The projector's block of released late input (3 late contributors or more), or null.
 * @param {RoomView} room
 * @param {TeamsView} teams
 * @returns {VNode | null}
 */
export function screenChair(room, teams) {
  const released = chairs.list.filter((c) => c.late);
  if (released.length === 0) return null;
  return v('div', { class: 'screen-chair', testid: 'screen-chair' },
    released.map((chair) => v('section', { key: chair.activity, class: 'screen-chair-item', testid: 'screen-chair-item' },
      v('h1', { class: 'chair-heading' },
        v('span', { class: 'chair-label' }, ch('fromChair')), ' · ', chair.live.title),
      v('p', { class: 'chair-count', testid: 'screen-chair-count' }, lateCount(chair.late?.contributors ?? 0)),
      chair.late ? results(chair.late.view, room, teams, moduleFor(chair.late.view.kind, 'screen'), 'screen-chair-results') : null)));
}
