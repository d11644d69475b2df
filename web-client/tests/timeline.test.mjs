// Browser test of the class timeline: a room with four sessions of five activities each, run
// with five students over sockets (check-ins, two statements asked in every session, a wall, a
// dot-vote, an open question, a timer left out). The console's Timeline tab reads it
// (1366×768); the facilitator runs the timeline slide, and the projector shows every session
// side by side and then the shifts at 1920×1080 and at 1280×800 without scrolling; a phone
// (390×844) reads along. Screenshots with every item in view and WCAG contrast.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launch, seeText, byTestId, screenshot, openRoom, hostKeyOf, socketPhones, socketAct,
  addActivityApi, showTab, UI_TIMEOUT, watch,
} from './helpers.mjs';

/**
 * Sends host actions over a host socket opened inside `page`, one after the other, each
 * waiting for its acknowledgement (an error fails the test).
 * @param {import('playwright-core').Page} page
 * @param {string} code
 * @param {string} hostKey
 * @param {object[]} acts
 */
async function hostActs(page, code, hostKey, acts) {
  const errors = await page.evaluate(async ({ code, hostKey, acts }) => {
    /** @type {any} */
    const w = window;
    if (!w.kringHost) {
      const ws = new WebSocket(`ws://${location.host}/ws?v=1`);
      await new Promise((resolve, reject) => {
        ws.onopen = () => ws.send(JSON.stringify({ type: 'host', room: code, hostKey, console: 'seed' }));
        ws.onerror = reject;
        ws.onmessage = (ev) => { if (JSON.parse(ev.data).type === 'welcome') resolve(undefined); };
      });
      w.kringHost = { ws, n: 0 };
    }
    const host = w.kringHost;
    /** @type {string[]} */
    const errors = [];
    for (const act of acts) {
      /** @type {any} */
      let answer;
      // One host socket may act 10 times a second: a refused burst waits and goes again.
      for (let attempt = 0; attempt < 40; attempt++) {
      const id = `seed-${host.n++}`;
      answer = await new Promise((resolve) => {
        /** @param {MessageEvent} ev */
        const on = (ev) => {
          const msg = JSON.parse(ev.data);
          if ((msg.type === 'ack' && msg.id === id) || (msg.type === 'error' && msg.ref === id)) {
            host.ws.removeEventListener('message', on);
            resolve(msg);
          }
        };
        host.ws.addEventListener('message', on);
        host.ws.send(JSON.stringify({ type: 'act', id, act }));
      });
      if (answer.type !== 'error' || answer.code !== 'rateLimited') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
      }
      if (/** @type {any} */ (answer).type === 'error') errors.push(`${JSON.stringify(act)}: ${/** @type {any} */ (answer).code}`);
    }
    return errors;
  }, { code, hostKey, acts });
  assert.deepEqual(errors, []);
}

/**
 * A socket phone's action (`socketAct`), again after a pause when the rate limit refused it.
 * @param {import('playwright-core').Page} page @param {number} index @param {object} act
 */
async function phoneAct(page, index, act) {
  for (let attempt = 0; attempt < 40; attempt++) {
    const answer = await socketAct(page, index, act);
    if (answer.type === 'ack') return;
    assert.equal(answer.code, 'rateLimited', `${JSON.stringify(act)}: ${answer.code}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.fail(`${JSON.stringify(act)}: still rate-limited`);
}

/** @param {number} activity @param {object} input */
const input = (activity, input) => ({ type: 'activity', activity, input });

const STATEMENTS = ['Ik voel me thuis in deze klas', 'Docenten luisteren naar wat ik vind'];
const IDEAS = [
  ['Meer afwisseling tussen uitleg en zelf doen', 'Korte pauzes', 'Werken in vaste groepjes zodat je elkaar echt leert kennen en durft te vragen'],
  ['Opdrachten uit de praktijk', 'Muziek tijdens het zelfstandig werken', 'Feedback van elkaar'],
  ['Zelf kiezen met wie je werkt', 'Een les buiten de school', 'Elke week een check-in'],
  ['Studenten geven zelf een deel van de les', 'Minder huiswerk, meer oefenen in de les', 'Samen regels maken'],
];
const WORDS = [['moe', 'leuk', 'spannend', 'leuk', 'gezellig'], ['leuk', 'gezellig', 'druk', 'leuk', 'goed'], ['goed', 'leuk', 'leuk', 'fijn', 'goed'], ['trots', 'goed', 'leuk', 'trots', 'fijn']];

test('the timeline shows four sessions and what shifted on the console, the projector and a phone', { timeout: 240_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'MZ2B — Bouw je eigen les', problems);
    const key = await hostKeyOf(host, code);
    await socketPhones(screen, code, ['Ada', 'Bo', 'Cas', 'Daan', 'Eva']);

    /** @type {number} */
    let slide = 0;
    const dates = ['2026-10-01', '2026-10-22', '2026-11-12', '2026-12-03'];
    const titles = ['Kennismaken', 'De ideale les', 'Bouw je eigen les', 'Vragen van VIPs'];
    for (let s = 0; s < 4; s++) {
      await hostActs(screen, code, key, [s === 0
        ? { type: 'updateSession', session: 0, title: titles[s], date: dates[s] }
        : { type: 'addSession', title: titles[s], date: dates[s] }]);
      if (s === 3) slide = await addActivityApi(base, code, key, { kind: 'timeline', title: 'Wat jullie eerder zeiden' });
      const checkIn = await addActivityApi(base, code, key, { kind: 'checkIn', title: 'Hoe gaat het met je?', words: true });
      const scale = await addActivityApi(base, code, key, {
        kind: 'statementScale', title: 'Gesprek op voeten', statements: STATEMENTS.map((text) => ({ text })),
      });
      const wall = await addActivityApi(base, code, key, { kind: 'brainstorm', title: 'Wat maakt een les goed?' });
      const vote = await addActivityApi(base, code, key, {
        kind: 'dotVote', title: 'Wat proberen we eerst?', options: IDEAS[s].map((text) => ({ text })), dots: 3,
      });
      const open = await addActivityApi(base, code, key, { kind: 'openQuestion', title: 'Eén woord over vandaag', display: 'cloud' });
      await addActivityApi(base, code, key, { kind: 'timer', title: 'Werken in teams', secs: 600 });

      // The check-in: the class feels better session by session.
      await hostActs(screen, code, key, [{ type: 'setCurrent', activity: checkIn }, input(checkIn, { kind: 'checkIn', type: 'open' })]);
      for (let p = 0; p < 5; p++) {
        const mood = Math.min(5, 1 + ((p + s) % 3) + s);
        await phoneAct(screen, p, input(checkIn, { kind: 'checkIn', type: 'answer', mood, word: WORDS[s][p] }));
      }
      await hostActs(screen, code, key, [input(checkIn, { kind: 'checkIn', type: 'close' })]);
      // Both statements, each revealed: the dots move towards "agree".
      await hostActs(screen, code, key, [{ type: 'setCurrent', activity: scale }, input(scale, { kind: 'statementScale', type: 'next' })]);
      for (let st = 0; st < 2; st++) {
        for (let p = 0; p < 5; p++) {
          const position = Math.min(4, Math.floor((p + s * 3) / 3) + st);
          await phoneAct(screen, p, input(scale, { kind: 'statementScale', type: 'place', statement: st, position }));
        }
        await hostActs(screen, code, key, ['close', 'reveal', 'next'].map((type) => input(scale, { kind: 'statementScale', type })));
      }
      // The wall, the vote and the open question.
      await hostActs(screen, code, key, [{ type: 'setCurrent', activity: wall }, input(wall, { kind: 'brainstorm', type: 'open' })]);
      for (let i = 0; i < 3; i++) await phoneAct(screen, i, input(wall, { kind: 'brainstorm', type: 'add', text: IDEAS[s][i] }));
      await hostActs(screen, code, key, [
        input(wall, { kind: 'brainstorm', type: 'close' }),
        { type: 'setCurrent', activity: vote }, input(vote, { kind: 'dotVote', type: 'open' }),
      ]);
      for (let p = 0; p < 5; p++) {
        await phoneAct(screen, p, input(vote, { kind: 'dotVote', type: 'place', ballot: [{ option: p % 3, dots: 2 }, { option: (p + 1) % 3, dots: 1 }] }));
      }
      await hostActs(screen, code, key, [
        input(vote, { kind: 'dotVote', type: 'close' }), input(vote, { kind: 'dotVote', type: 'reveal' }),
        { type: 'setCurrent', activity: open }, input(open, { kind: 'openQuestion', type: 'open' }),
      ]);
      for (let p = 0; p < 5; p++) await phoneAct(screen, p, input(open, { kind: 'openQuestion', type: 'answer', text: WORDS[s][(p + 2) % 5] }));
      await hostActs(screen, code, key, [input(open, { kind: 'openQuestion', type: 'close' }), { type: 'setCurrent', activity: null }]);
    }

    // The console's Timeline tab reads it (the organiser's only).
    await byTestId(host, 'tab-timeline').click();
    await byTestId(host, 'tab-panel-timeline').waitFor({ timeout: UI_TIMEOUT });
    await host.locator('[data-testid="console-tl-sessions"] [data-testid^="tl-session-"]').nth(3).waitFor({ timeout: UI_TIMEOUT });
    await seeText(byTestId(host, 'tl-session-4'), 'Vragen van VIPs');
    assert.equal(await host.locator('[data-testid="console-tl-shifts"] [data-testid^="tl-shift-"][data-testid$="-bars"]').count(), 12,
      'three shifts (the check-in and both statements) over four sessions');
    await screenshot(host, 'timeline-console-tab-1366', ['[data-testid="tab-timeline"]', '[data-testid="timeline-refresh"]']);

    // The facilitator shows the slide: the projector has every session side by side.
    await hostActs(screen, code, key, [{ type: 'setCurrent', activity: slide }]);
    await showTab(host, 'agenda');
    await byTestId(host, 'timeline-show').click();
    const board = byTestId(screen, 'screen-tl-sessions');
    await board.waitFor({ timeout: UI_TIMEOUT });
    await seeText(byTestId(screen, 'tl-session-1'), 'Kennismaken');
    const items = '[data-testid="screen-tl-sessions"] [data-testid^="tl-item-"]';
    assert.equal(await screen.locator(items).count(), 20, 'four sessions of five activities (the timer left out)');
    await assertFits(screen, 'projector 1920');
    await screenshot(screen, 'timeline-screen-sessions-1920', [items, '[data-testid^="tl-session-"]']);
    await screen.setViewportSize({ width: 1280, height: 800 });
    await assertFits(screen, 'projector 1280');
    await screenshot(screen, 'timeline-screen-sessions-1280', [items, '[data-testid^="tl-session-"]']);
    await screenshot(host, 'timeline-run-panel-1366', ['[data-testid="timeline-shifts"]', '[data-testid="timeline-close"]']);

    // A phone reads along.
    const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'nl-NL' });
    const phone = await phoneCtx.newPage();
    watch(phone, problems, 'phone Fay');
    await phone.goto(`${base}/?room=${code}`);
    await byTestId(phone, 'join-nickname').fill('Fay');
    await byTestId(phone, 'join-submit').click();
    await byTestId(phone, 'phone-tl-sessions').waitFor({ timeout: UI_TIMEOUT });
    await seeText(byTestId(phone, 'tl-session-1'), 'Sessie 1');
    await screenshot(phone, 'timeline-phone-sessions-390', ['[data-testid="tl-session-1"] h2']);

    // The shifts: each statement and the check-in, four sessions side by side.
    await byTestId(host, 'timeline-shifts').click();
    const shifts = '[data-testid="screen-tl-shifts"] [data-testid^="tl-shift-"][data-testid$="-bars"]';
    await screen.locator(shifts).nth(11).waitFor({ timeout: UI_TIMEOUT });
    await seeText(byTestId(screen, 'tl-shift-1'), STATEMENTS[0]);
    await assertFits(screen, 'shifts 1280');
    await screenshot(screen, 'timeline-screen-shifts-1280', [shifts]);
    await screen.setViewportSize({ width: 1920, height: 1080 });
    await assertFits(screen, 'shifts 1920');
    await screenshot(screen, 'timeline-screen-shifts-1920', [shifts]);
    await byTestId(phone, 'phone-tl-shifts').waitFor({ timeout: UI_TIMEOUT });
    await screenshot(phone, 'timeline-phone-shifts-390', ['[data-testid="tl-shift-0"] h2']);

    // No student's name anywhere on the projector's timeline.
    const text = await byTestId(screen, 'screen-timeline').innerText();
    for (const name of ['Ada', 'Bo', 'Cas', 'Daan', 'Eva']) assert.ok(!new RegExp(`\\b${name}\\b`).test(text), `${name} on the projector`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

/**
 * Fails when the projector's fitted box scrolls or the page does.
 * @param {import('playwright-core').Page} screen
 * @param {string} name
 */
async function assertFits(screen, name) {
  // fit.js fits after a render and on resize: give it a moment to settle.
  await screen.waitForTimeout(400);
  const { box, page } = await screen.evaluate(() => {
    const el = /** @type {HTMLElement} */ (document.querySelector('.tl-box'));
    return {
      box: { sh: el.scrollHeight, ch: el.clientHeight, sw: el.scrollWidth, cw: el.clientWidth, font: getComputedStyle(el).fontSize },
      page: { sh: document.documentElement.scrollHeight, h: innerHeight },
    };
  });
  assert.ok(box.sh <= box.ch + 1 && box.sw <= box.cw + 1, `${name}: the timeline overflows its box ${JSON.stringify(box)}`);
  assert.ok(page.sh <= page.h + 1, `${name}: the projector scrolls ${JSON.stringify(page)}`);
}
