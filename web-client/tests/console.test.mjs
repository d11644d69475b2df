// Browser tests of the host console as a teacher drives a lesson on a 1366×768 laptop: what runs
// now stays in view (every kind, every phase, with a wall of 38 cards and 5 teams), the other
// panels are one tap away, and the console still fits a phone; "copy link" works over plain
// http on a school's LAN name; and the console's details (the expected-size field, the rows of
// participants, which button is the step forward).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UI_TIMEOUT, addActivityApi, assertConsoleFitsPhone, assertRunControlsInView, byTestId, hostKeyOf, launch, openRoom,
  screenshot, seeText, showTab, socketAct, socketPhones, startServer, waitUntil, watch,
} from './helpers.mjs';

const LAPTOP = { width: 1366, height: 768 };
/** Ten students, some with nicknames at the 24-character limit. */
const NAMES = [
  'Aleksandra Wilhelmina vd', 'Mohammed Abdelkader El A', 'Zoë', 'Bo', 'Daan', 'Fatima', 'Jesse', 'Noa', 'Sem', 'Yara',
];
const LONG_Q = 'Welke van deze manieren om samen te werken past het beste bij een project waarin iedereen een eigen rol heeft en de groep samen één product oplevert?';
const LONG_OPTIONS = [
  'Iedereen werkt alleen en we plakken het aan het eind aan elkaar',
  'We verdelen de rollen en overleggen elke les kort wat af is',
  'De snelste doet het meeste werk zodat het op tijd klaar is',
  'We kiezen samen een planning en helpen elkaar als iemand vastloopt',
  'We wachten tot de docent zegt wat we moeten doen',
  'We werken elk in een eigen document en kiezen het beste',
];
const IDEA = 'Een idee van honderdveertig tekens, zo lang als de muur toestaat, zodat de console het langste moet tonen dat er kan bij elk kaartje';

/**
 * Checks that what runs now is in view, and takes a screenshot of it.
 * @param {import('playwright-core').Page} host
 * @param {string} name
 */
async function inView(host, name) {
  // A render in flight settles first.
  await host.waitForTimeout(150);
  await assertRunControlsInView(host, name);
  await screenshot(host, `console-${name}`, ['[data-testid="flow-controls"] button']);
}

test('at 1366×768 what runs now stays in view for every kind with a 38-card wall and 5 teams; the rest is one tap away', { timeout: 170_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, code } = await openRoom(browser, base, 'MZ2B — periode 2', problems);
    const key = await hostKeyOf(host, code);
    const ids = await socketPhones(host, code, NAMES);
    await seeText(byTestId(host, 'participant-count'), '10');

    // Five teams of two, formed in the console's Teams tab.
    await showTab(host, 'teams');
    await byTestId(host, 'team-method-byCount').check();
    await byTestId(host, 'team-count').fill('5');
    await byTestId(host, 'form-teams').click();
    await waitUntil(async () => (await byTestId(host, 'host-team').count()) === 5);
    await seeText(byTestId(host, 'tab-teams-count'), '5');

    await addActivityApi(base, code, key, {
      kind: 'quiz', title: 'Samenwerken', questions: [{ text: LONG_Q, options: LONG_OPTIONS, correct: [3], timeLimitSecs: 600 }],
    });
    const names = await addActivityApi(base, code, key, { kind: 'teamNames', title: 'Onze teamnaam', perPerson: 3 });
    const wall = await addActivityApi(base, code, key, {
      kind: 'brainstorm', title: 'Wat zou school beter maken?', perPerson: 5, maxChars: 140, anonymous: false,
    });
    await addActivityApi(base, code, key, { kind: 'pitches', title: 'Pitches', pitchSecs: null, feedbackSecs: null });
    await showTab(host, 'agenda');
    await waitUntil(async () => (await byTestId(host, 'agenda-item').count()) === 4);

    // Nothing runs: the step forward is the first activity.
    await seeText(byTestId(host, 'run-next-activity'), 'Samenwerken');
    await inView(host, 'lobby');

    // --- Quiz: every phase, the longest question with six longest options.
    await byTestId(host, 'run-next-activity').click();
    await byTestId(host, 'next-question').waitFor({ timeout: UI_TIMEOUT });
    await inView(host, 'quiz-lobby');
    await byTestId(host, 'next-question').click();
    await byTestId(host, 'close-question').waitFor({ timeout: UI_TIMEOUT });
    await inView(host, 'quiz-question');
    await byTestId(host, 'close-question').click();
    await byTestId(host, 'show-leaderboard').waitFor({ timeout: UI_TIMEOUT });
    await inView(host, 'quiz-reveal');
    await byTestId(host, 'show-leaderboard').click();
    await byTestId(host, 'run-phase').and(host.locator('[data-phase="leaderboard"]')).waitFor({ timeout: UI_TIMEOUT });
    await inView(host, 'quiz-leaderboard');
    await byTestId(host, 'show-podium').click();
    // Done: the primary button is the step forward, the next activity.
    await seeText(byTestId(host, 'run-next-activity'), 'Onze teamnaam');
    await inView(host, 'quiz-podium');

    // --- Team names: every team ties (each student votes for their own name).
    await byTestId(host, 'run-next-activity').click();
    await byTestId(host, 'names-start').click();
    await byTestId(host, 'names-start-vote').waitFor({ timeout: UI_TIMEOUT });
    for (const [i, name] of NAMES.entries()) {
      const answer = await socketAct(host, i, { type: 'activity', activity: names, input: { kind: 'teamNames', type: 'propose', name: `${name.slice(0, 18)} ${i}` } });
      assert.equal(answer.type, 'ack', JSON.stringify(answer));
    }
    await waitUntil(async () => (await byTestId(host, 'host-proposal').count()) === 10);
    await inView(host, 'names-propose');
    await byTestId(host, 'names-start-vote').click();
    await byTestId(host, 'run-phase').and(host.locator('[data-phase="vote"]')).waitFor({ timeout: UI_TIMEOUT });
    for (const i of ids.keys()) {
      const answer = await socketAct(host, i, { type: 'activity', activity: names, input: { kind: 'teamNames', type: 'vote', proposal: i } });
      assert.equal(answer.type, 'ack', JSON.stringify(answer));
    }
    await inView(host, 'names-vote');
    await byTestId(host, 'names-reveal').click();
    await waitUntil(async () => (await byTestId(host, 'names-tie').count()) === 5);
    await inView(host, 'names-decide');
    await byTestId(host, 'names-draw-lots').click();
    await byTestId(host, 'names-ties-settled').waitFor({ timeout: UI_TIMEOUT });
    await inView(host, 'names-decided');
    await byTestId(host, 'names-reveal').click();
    await byTestId(host, 'run-phase').and(host.locator('[data-phase="reveal"]')).waitFor({ timeout: UI_TIMEOUT });
    await inView(host, 'names-reveal');

    // --- The wall: 38 cards of 140 characters, four buttons each.
    await byTestId(host, 'run-next-activity').click();
    await byTestId(host, 'wall-open').click();
    await byTestId(host, 'wall-close').waitFor({ timeout: UI_TIMEOUT });
    for (let n = 0; n < 38; n++) {
      const answer = await socketAct(host, n % 10, {
        type: 'activity', activity: wall, input: { kind: 'brainstorm', type: 'add', text: `${n} ${IDEA}`.slice(0, 140) },
      });
      assert.equal(answer.type, 'ack', JSON.stringify(answer));
    }
    await waitUntil(async () => (await byTestId(host, 'wall-host-card').count()) === 38);
    await inView(host, 'wall-open-38');
    // The cards scroll in their own box; the controls above do not move.
    const box = byTestId(host, 'wall-host-scroll');
    assert.ok(await box.evaluate((el) => el.scrollHeight > el.clientHeight + 100), 'the wall scrolls in its own box');
    await box.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await assertRunControlsInView(host, 'wall scrolled to its last card');

    // The other panels are one tap away, and what runs stays in view beside them.
    for (const [tab, shows] of /** @type {const} */ ([
      ['participants', 'participant-search'], ['teams', 'form-teams'], ['room', 'export-json'], ['agenda', 'make-current'],
    ])) {
      await byTestId(host, `tab-${tab}`).click();
      await byTestId(host, shows).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      await assertRunControlsInView(host, `wall with the ${tab} tab`);
      await screenshot(host, `console-wall-tab-${tab}`, [`[data-testid="${shows}"] >> nth=0`]);
    }
    // In Dutch too, and on a projector-sized screen and a small laptop; on a phone the parts
    // stack (nothing sideways, the cards in their own box).
    for (const lang of ['nl', 'en']) {
      await byTestId(host, `lang-${lang}`).click();
      await seeText(byTestId(host, 'wall-close'), lang === 'nl' ? 'Sluit' : 'Close');
      for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }, LAPTOP]) {
        await host.setViewportSize(size);
        await inView(host, `wall-open-38-${lang}-${size.width}`);
      }
      await assertConsoleFitsPhone(host, '[data-testid="wall-host-card"]', '.host-card-text');
      await screenshot(host, `console-wall-open-38-${lang}-360`, ['[data-testid="wall-close"]']);
      assert.ok(await byTestId(host, 'wall-host-scroll').evaluate((el) => el.scrollHeight > el.clientHeight), 'the cards scroll in their box at 360');
      await host.setViewportSize(LAPTOP);
    }

    await byTestId(host, 'wall-close').click();
    await byTestId(host, 'wall-reopen').waitFor({ timeout: UI_TIMEOUT });
    await inView(host, 'wall-closed');
    // Carrying every card into a dot-vote: it becomes current, in its lobby.
    await byTestId(host, 'wall-carry-go').click();
    await byTestId(host, 'vote-open').waitFor({ timeout: UI_TIMEOUT });
    await waitUntil(async () => (await byTestId(host, 'vote-host-option').count()) === 38);
    await inView(host, 'vote-lobby-38');
    await byTestId(host, 'vote-open').click();
    await byTestId(host, 'vote-close').waitFor({ timeout: UI_TIMEOUT });
    await inView(host, 'vote-open');
    await byTestId(host, 'vote-reveal').click();
    await byTestId(host, 'run-phase').and(host.locator('[data-phase="revealed"]')).waitFor({ timeout: UI_TIMEOUT });
    await inView(host, 'vote-revealed');

    // --- Pitches: five teams, every phase.
    await showTab(host, 'agenda');
    await byTestId(host, 'agenda-item').filter({ hasText: 'Pitches' }).locator('[data-testid="make-current"]').click();
    await byTestId(host, 'pitch-start').waitFor({ timeout: UI_TIMEOUT });
    await inView(host, 'pitches-lobby');
    await byTestId(host, 'pitch-start').click();
    for (let team = 0; team < 5; team++) {
      await byTestId(host, 'pitch-open-feedback').click();
      await byTestId(host, 'pitch-close-feedback').waitFor({ timeout: UI_TIMEOUT });
      if (team === 0) await inView(host, 'pitches-feedback');
      await byTestId(host, 'pitch-close-feedback').click();
      await byTestId(host, 'run-phase').and(host.locator('[data-phase="closed"]')).waitFor({ timeout: UI_TIMEOUT });
      if (team === 0) await inView(host, 'pitches-closed');
      await byTestId(host, 'pitch-next').click();
      if (team < 4) await byTestId(host, 'pitch-open-feedback').waitFor({ timeout: UI_TIMEOUT });
      if (team === 0) await inView(host, 'pitches-pitch');
    }
    await byTestId(host, 'run-phase').and(host.locator('[data-phase="results"]')).waitFor({ timeout: UI_TIMEOUT });
    await inView(host, 'pitches-results');

    // The console at a phone's width: nothing sideways, cards not squeezed.
    await assertConsoleFitsPhone(host);
    await screenshot(host, 'console-pitches-results-360', []);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('"copy link" copies over plain http on a school server\'s name (not a secure context), or says to press Ctrl+C', { timeout: 60_000 }, async () => {
  const server = await startServer();
  // A LAN name for the loopback server: http on a name other than localhost is not a secure
  // context, so the page has no clipboard API (as on a school's server).
  const browser = await launch(['--host-resolver-rules=MAP kring.school.test 127.0.0.1']);
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url.replace('127.0.0.1', 'kring.school.test');
    const host = await (await browser.newContext({ locale: 'nl-NL', viewport: LAPTOP })).newPage();
    watch(host, problems, 'host');
    await host.goto(`${base}/host`);
    await byTestId(host, 'create-title').fill('MZ2B');
    await byTestId(host, 'create-submit').click();
    await seeText(byTestId(host, 'room-code'), /^[A-HJKMNP-Z2-9]{6}$/);
    assert.equal(await host.evaluate(() => window.isSecureContext), false, 'not a secure context');
    assert.equal(await host.evaluate(() => 'clipboard' in navigator && navigator.clipboard !== undefined), false, 'no clipboard API');
    await showTab(host, 'room');
    const link = await byTestId(host, 'co-facilitator-link').inputValue();
    assert.match(link, /^http:\/\/kring\.school\.test:\d+\/host\?room=[A-Z0-9]{6}#mod=/);
    // What the page copies (the legacy copy fires a `copy` event with the selection).
    await host.evaluate(() => {
      /** @type {any} */ (window).copied = null;
      document.addEventListener('copy', () => { /** @type {any} */ (window).copied = String(getSelection()); });
    });
    await byTestId(host, 'co-facilitator-link-copy').click();
    await seeText(byTestId(host, 'co-facilitator-link-copy'), 'Gekopieerd');
    assert.equal(await host.evaluate(() => /** @type {any} */ (window).copied), link, 'the link was copied');
    // A browser that refuses even the legacy copy: the link stays selected, and the teacher
    // is told to press Ctrl+C (never a button that does nothing).
    await host.evaluate(() => { document.execCommand = () => false; });
    await host.waitForTimeout(2200);
    await byTestId(host, 'co-facilitator-link-copy').click();
    await seeText(byTestId(host, 'co-facilitator-link-select-hint'), 'Ctrl+C');
    const selected = await host.evaluate(() => {
      const input = /** @type {HTMLInputElement} */ (document.activeElement);
      return input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0);
    });
    assert.equal(selected, link, 'the whole link is selected');
    await screenshot(host, 'console-copy-ctrl-c', ['[data-testid="co-facilitator-link-select-hint"]']);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('console details: the expected-size field shows its placeholder, participant rows line up, one primary step forward', { timeout: 90_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, code } = await openRoom(browser, base, 'MZ2B', problems);
    const key = await hostKeyOf(host, code);
    await socketPhones(host, code, ['Aleksandra Wilhelmina vd', 'Bo', 'Mohammed Abdelkader El A', 'Zoë']);
    for (const lang of ['nl', 'en']) {
      await byTestId(host, `lang-${lang}`).click();
      await showTab(host, 'participants');
      await waitUntil(async () => (await byTestId(host, 'participant').count()) === 4);
      // The placeholder ("geen grens" / "no limit") is shown whole, not cut.
      const fits = await byTestId(host, 'expected-size').evaluate((el) => {
        const input = /** @type {HTMLInputElement} */ (el);
        const style = getComputedStyle(input);
        const canvas = document.createElement('canvas').getContext('2d');
        if (!canvas) return false;
        canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return canvas.measureText(input.placeholder).width <= room;
      });
      assert.ok(fits, `${lang}: the expected-size placeholder is cut`);
      // Each row's buttons stay together on one line, right-aligned like the other rows'.
      const rows = await byTestId(host, 'participant').evaluateAll((items) => items.map((li) => {
        const buttons = [...li.querySelectorAll('button')].map((b) => b.getBoundingClientRect());
        return { tops: buttons.map((b) => Math.round(b.top)), right: Math.round(Math.max(...buttons.map((b) => b.right))) };
      }));
      for (const r of rows) assert.equal(new Set(r.tops).size, 1, `${lang}: a row's buttons wrap: ${JSON.stringify(r)}`);
      assert.equal(new Set(rows.map((r) => r.right)).size, 1, `${lang}: rows end at different places: ${JSON.stringify(rows)}`);
      await screenshot(host, `console-participants-${lang}`, ['[data-testid="expected-size"]']);
    }

    // Pitches: one primary button, the step forward; "next team" is not it while the
    // feedback is open, and at the results "back to the previous team" is small.
    await byTestId(host, 'lang-nl').click();
    await showTab(host, 'teams');
    await byTestId(host, 'team-method-byCount').check();
    await byTestId(host, 'team-count').fill('2');
    await byTestId(host, 'form-teams').click();
    await waitUntil(async () => (await byTestId(host, 'host-team').count()) === 2);
    await addActivityApi(base, code, key, { kind: 'pitches', title: 'Pitches', pitchSecs: null, feedbackSecs: null });
    await showTab(host, 'agenda');
    // Words a student (and a teacher) uses, in the editors and the kinds' names.
    /** @type {string[]} */
    const seen = [];
    for (const kind of ['pitches', 'brainstorm', 'dotVote']) {
      await byTestId(host, `new-${kind}`).click();
      seen.push((await byTestId(host, 'tab-panel-agenda').textContent()) ?? '');
    }
    const words = seen.join(' ');
    for (const word of ['een like gaf', 'Stemmen met stickers', 'Stickers per student']) {
      assert.ok(words.includes(word), `the console says "${word}"`);
    }
    assert.doesNotMatch(words, /mag leeg|likete|Dotvoting|stippen|Concretiseerder/i);
    await byTestId(host, 'make-current').click();
    await seeText(byTestId(host, 'pitch-shuffle'), 'Volgorde loten');
    await byTestId(host, 'pitch-start').click();
    /** The primary buttons among the controls that run the session (and the run panel's head). */
    const primaries = async () => host.locator('[data-testid="run-panel"] :is([data-testid="flow-controls"], .run-head) button.primary')
      .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-testid')));
    await byTestId(host, 'pitch-open-feedback').click();
    await byTestId(host, 'pitch-close-feedback').waitFor({ timeout: UI_TIMEOUT });
    assert.deepEqual(await primaries(), ['pitch-close-feedback'], 'while the feedback is open');
    await byTestId(host, 'teacher-rating').locator('summary').click();
    await seeText(byTestId(host, 'teacher-rating'), '(optioneel)');
    assert.doesNotMatch((await byTestId(host, 'teacher-rating').textContent()) ?? '', /mag leeg/);
    await byTestId(host, 'pitch-close-feedback').click();
    await byTestId(host, 'run-phase').and(host.locator('[data-phase="closed"]')).waitFor({ timeout: UI_TIMEOUT });
    assert.deepEqual(await primaries(), ['pitch-next'], 'once it is closed');
    await byTestId(host, 'pitch-next').click();
    await byTestId(host, 'pitch-open-feedback').click();
    await byTestId(host, 'pitch-close-feedback').click();
    await byTestId(host, 'run-phase').and(host.locator('[data-phase="closed"]')).waitFor({ timeout: UI_TIMEOUT });
    await byTestId(host, 'pitch-next').click();
    await byTestId(host, 'run-phase').and(host.locator('[data-phase="results"]')).waitFor({ timeout: UI_TIMEOUT });
    // The last activity: the step forward is back to the lobby.
    assert.deepEqual(await primaries(), ['back-to-lobby'], 'at the results');
    assert.ok(await byTestId(host, 'pitch-back').evaluate((b) => b.classList.contains('small') && !b.classList.contains('primary')));
    await screenshot(host, 'console-pitches-results-nl', ['[data-testid="back-to-lobby"]']);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
