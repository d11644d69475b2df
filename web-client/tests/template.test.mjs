// Browser test of a whole template session (issue 27): the console (1366×768, English) inserts
// the Dutch *Student voice* and runs every one of its seven activities in order with the big
// "next activity" button, five phones (360×740, Dutch) answer, place and add through each kind,
// and the projector (1920×1080) follows and shows the class's result, whose counts must match
// what the phones did. Then the console shows planned against actual time for every activity
// and the session, the report and the JSON export hold every activity, and the next day a
// student who was absent adds an answer to the last question left open, which the console
// shows as from the empty chair. A projector screenshot per step.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UI_TIMEOUT, byTestId, hostKeyOf, joinPhones, launch, openRoom, screenshot, seeText, showTab, startServer, waitUntil, watch, PHONE,
} from './helpers.mjs';

/** The Dutch Student voice's activities, in order, with their planned minutes. */
const PLAN = [
  ['checkIn', 'Hoe gaat het met je vandaag?', 5],
  ['timer', 'Kennismaken in tweetallen', 10],
  ['statementScale', 'Gesprek op voeten', 20],
  ['openQuestion', 'Wat helpt jou om er wél bij te zijn?', 15],
  ['brainstorm', 'De lege stoel: wat zou een klasgenoot die er vandaag niet is, willen zeggen?', 15],
  ['brainstorm', 'Greatest hits: welke les wilde je echt niet missen, en waarom?', 15],
  ['openQuestion', 'Wat neem je mee uit vandaag?', 10],
];

/** Its five statements. */
const STATEMENTS = [
  'Ik kom graag naar school.', 'Als ik te laat ben, durf ik nog gewoon binnen te komen.', 'Docenten merken het als ik er niet ben.',
  'In deze klas kan ik zeggen wat ik denk.', 'Ik weet bij wie ik terecht kan als het even niet gaat.',
];

/**
 * The stacks of a statement's spread: position → dots.
 * @param {import('playwright-core').Locator} line
 */
async function stacks(line) {
  return JSON.stringify(await line.locator('[data-testid="scale-stack"]').evaluateAll((nodes) => Object.fromEntries(
    nodes.map((n) => [Number(n.getAttribute('data-position')), Number(n.getAttribute('data-count'))]))));
}

test('Student voice end to end: seven activities with five phones, the projector following, planned against actual, report and the empty chair', { timeout: 120_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'MZ2B — Student voice', problems);
    const phones = await joinPhones(browser, base, code, ['Ada', 'Bo', 'Cas', 'Dina', 'Eli'], problems);
    const shot = (/** @type {string} */ name, /** @type {string[]} */ selectors = []) => screenshot(screen, `template-${name}-1920`, selectors);
    const next = async (/** @type {number} */ i) => {
      await byTestId(host, 'run-next-activity').click();
      await seeText(host.locator('.run-head h2'), PLAN[i][1]);
      // The projector follows: what comes, big (a timer shows its face at once).
      if (PLAN[i][0] !== 'timer') await seeText(byTestId(screen, 'screen-coming-title'), PLAN[i][1]);
    };

    // --- Insert the Dutch Student voice from the picker: seven activities, each planned.
    await byTestId(host, 'open-templates').click();
    await byTestId(host, 'template-lang').click();
    const cards = host.locator('[data-testid="built-in-templates"] [data-testid="template-card"]');
    await seeText(byTestId(host, 'built-in-templates'), 'De ideale les');
    await cards.filter({ hasText: 'Student voice' }).locator('[data-testid="insert-template"]').click();
    await waitUntil(async () => (await byTestId(host, 'agenda-item').count()) === PLAN.length);
    const items = host.locator('[data-testid="agenda-item"]');
    for (const [i, [, title, minutes]] of PLAN.entries()) {
      await seeText(items.nth(i), title);
      await seeText(items.nth(i).locator('[data-testid="activity-time"]'), `0:00 / ${minutes} min`);
    }

    // --- 1. Check-in: five faces (two with a word); the projector's bars count five (its
    // privacy floor is five: one face fewer would show nothing).
    await next(0);
    await byTestId(host, 'checkin-open').click();
    for (const [i, phone] of phones.entries()) {
      await byTestId(phone, 'checkin-phone').waitFor({ timeout: UI_TIMEOUT });
      await byTestId(phone, 'checkin-face').nth([4, 3, 3, 1, 4][i]).click();
      if (i < 2) await byTestId(phone, 'checkin-word').fill(['Zon', 'Moe'][i]);
      await byTestId(phone, 'checkin-send').click();
      await seeText(byTestId(phone, 'checkin-status'), 'Ontvangen ✓');
    }
    await seeText(byTestId(screen, 'screen-checkin-counts'), '5 responded');
    await byTestId(host, 'checkin-close').click();
    await byTestId(screen, 'checkin-result').waitFor({ timeout: UI_TIMEOUT });
    const bars = await byTestId(screen, 'checkin-bar').evaluateAll((rows) => rows.map((r) => Number(r.querySelector('.checkin-count')?.textContent)));
    assert.equal(bars.reduce((a, b) => a + b, 0), 5, `the bars count every face: ${bars}`);
    await seeText(byTestId(screen, 'checkin-words'), 'zon');
    await shot('1-checkin', ['[data-testid="checkin-result"]']);

    // --- 2. The timer: started, every phone counts down, stopped early.
    await next(1);
    await byTestId(host, 'timer-start').click();
    for (const phone of phones) await seeText(byTestId(phone, 'timer-digits'), /^\d+:\d\d$/);
    await byTestId(screen, 'screen-timer-face').waitFor({ timeout: UI_TIMEOUT });
    // It runs: the projector's clock leaves 10:00.
    await seeText(byTestId(screen, 'screen-timer-face-digits'), /^9:5\d$/);
    await shot('2-timer', ['[data-testid="screen-timer-face"]']);
    await byTestId(host, 'timer-stop').click();

    // --- 3. Five statements: dots placed (one skip each time), revealed one by one; the
    // projector's spread is what the phones placed.
    await next(2);
    for (let s = 0; s < 5; s += 1) {
      await byTestId(host, 'scale-next').click();
      await seeText(byTestId(screen, 'screen-scale-statement'), STATEMENTS[s]);
      /** @type {Record<number, number>} */
      const want = {};
      for (const [i, phone] of phones.entries()) {
        await seeText(byTestId(phone, 'scale-statement'), STATEMENTS[s]);
        if (i === s) {
          await byTestId(phone, 'scale-skip').click();
          await byTestId(phone, 'scale-skipped-own').waitFor({ timeout: UI_TIMEOUT });
          continue;
        }
        const position = (i + s) % 5;
        want[position] = (want[position] ?? 0) + 1;
        await byTestId(phone, 'scale-step').nth(position).click();
        await waitUntil(async () => (await byTestId(phone, 'scale-step').nth(position).getAttribute('aria-checked')) === 'true');
      }
      // A skip is an answer too.
      await seeText(byTestId(screen, 'screen-scale-answered'), '5 answered');
      await byTestId(host, 'scale-reveal').click();
      await waitUntil(async () => (await stacks(byTestId(screen, 'screen-scale-line'))) === JSON.stringify(want));
      await seeText(byTestId(screen, 'scale-skipped'), '1 skipped');
      if (s === 0) await shot('3-scale', ['[data-testid="screen-scale-statement"]', '[data-testid="screen-scale-line"]']);
    }
    await byTestId(host, 'scale-next').click();

    // --- 4. An open question shown as cards: one answer per phone, five cards.
    await next(3);
    const answer = async (/** @type {import('playwright-core').Page} */ phone, /** @type {string} */ text) => {
      await byTestId(phone, 'oq-input').fill(text);
      await byTestId(phone, 'oq-send').click();
      await seeText(byTestId(phone, 'oq-status'), 'Ontvangen ✓');
    };
    await byTestId(host, 'oq-open').click();
    const helps = ['Een docent die groet', 'Vrienden in de klas', 'Les die op tijd begint', 'Uitleg die ik snap', 'Een rustig lokaal'];
    for (const [i, phone] of phones.entries()) {
      await byTestId(phone, 'oq-phone').waitFor({ timeout: UI_TIMEOUT });
      await answer(phone, helps[i]);
    }
    await waitUntil(async () => (await byTestId(screen, 'oq-screen-card').count()) === 5);
    await byTestId(host, 'oq-close').click();
    await seeText(byTestId(screen, 'oq-screen-card').first(), /\S/);
    await shot('4-cards', ['[data-testid="oq-screen-card"]', '[data-testid="oq-screen-question"]']);

    // --- 5 and 6. Two walls: ideas from every phone (two from one), counted on the projector.
    /** @type {[string, string[]][]} */
    const walls = [
      ['5-chair', ['Ik was ziek, vertel wat ik miste', 'Stuur het huiswerk door', 'Ik durfde niet te laat binnen te komen', 'Bel me even op', 'Wacht op mij', 'Ik voel me buitengesloten']],
      ['6-hits', ['De les over geld', 'Het bedrijfsbezoek', 'De quiz over gezondheid', 'Stage-voorbereiding', 'Koken met de klas']],
    ];
    for (const [w, [name, ideas]] of walls.entries()) {
      await next(4 + w);
      await byTestId(host, 'wall-open').click();
      for (const [i, text] of ideas.entries()) {
        const phone = phones[i % phones.length];
        await byTestId(phone, 'wall-input').fill(text);
        await byTestId(phone, 'wall-add').click();
        await waitUntil(async () => (await byTestId(phone, 'wall-own-idea').count()) === Math.floor(i / phones.length) + 1);
      }
      await seeText(byTestId(screen, 'screen-wall-count'), `${ideas.length} ideas`);
      await waitUntil(async () => (await byTestId(screen, 'screen-wall-card').count()) === ideas.length);
      await byTestId(host, 'wall-close').click();
      await shot(name, ['[data-testid="screen-wall-card"]', '[data-testid="screen-wall-prompt"]']);
    }

    // --- 7. A word cloud: Dutch spellings merge (leuk, leuke), so five answers give three words.
    await next(6);
    await byTestId(host, 'oq-open').click();
    for (const [i, phone] of phones.entries()) {
      await byTestId(phone, 'oq-phone').waitFor({ timeout: UI_TIMEOUT });
      await answer(phone, ['leuk', 'gezellig', 'leuke', 'leerzaam', 'gezellig'][i]);
    }
    await waitUntil(async () => (await byTestId(screen, 'oq-cloud-word').count()) === 3);
    await byTestId(host, 'oq-close').click();
    await shot('7-cloud', ['[data-testid="oq-cloud-word"]', '[data-testid="oq-screen-question"]']);

    // --- Planned against actual: every activity shows its time against its plan, and each
    // ran (the console's own agenda state: the badge rounds to seconds).
    await byTestId(host, 'back-to-lobby').click();
    await byTestId(screen, 'screen-lobby').waitFor({ timeout: UI_TIMEOUT });
    for (const [i, [, , minutes]] of PLAN.entries()) {
      await seeText(items.nth(i).locator('[data-testid="activity-time"]'), new RegExp(`^\\d+:\\d\\d / ${minutes} min$`));
    }
    const actual = await host.evaluate(async () => {
      const { state } = await import('/assets/js/host/state.js');
      return state.agenda.map((a) => a.actualMs);
    });
    assert.equal(actual.length, PLAN.length);
    assert.ok(actual.every((ms) => ms > 0), `every activity ran: ${actual}`);
    await seeText(byTestId(host, 'session-time'), /Session: \d+:\d\d \/ 90 min/);
    await host.locator('[data-testid="session"]').first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(host, 'template-console-done-1366', ['[data-testid="session-time"]']);

    // --- The report and the JSON export hold every activity, with the class's results.
    const key = await hostKeyOf(host, code);
    const res = await fetch(`${base}/api/rooms/${code}/export.json`, { headers: { Authorization: `Bearer ${key}` } });
    assert.equal(res.status, 200);
    const exported = await res.json();
    assert.deepEqual(exported.activities.map((/** @type {any} */ a) => [a.kind, a.title]), PLAN.map(([kind, title]) => [kind, title]));
    await showTab(host, 'room');
    const [report] = await Promise.all([host.context().waitForEvent('page'), byTestId(host, 'export-report-html').click()]);
    for (const [, title] of PLAN) await seeText(report.locator('body'), title);
    await seeText(report.locator('body'), 'Uitleg die ik snap');
    await report.close();

    // --- The next day: the last question stays open; Fenna, absent today, adds her voice.
    await showTab(host, 'agenda');
    const last = items.nth(PLAN.length - 1);
    const d = new Date(Date.now() + 86_400_000);
    await last.locator('[data-testid="leave-open"]').click();
    await last.locator('[data-testid="chair-date"]').fill(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);
    await last.locator('[data-testid="chair-confirm"]').click();
    await seeText(last.locator('[data-testid="chair-badge"]'), '0 late');
    const late = await (await browser.newContext({ ...PHONE, locale: 'nl-NL' })).newPage();
    watch(late, problems, 'late phone');
    await late.goto(`${base}/?room=${code}`);
    await byTestId(late, 'join-nickname').fill('Fenna');
    await byTestId(late, 'join-submit').click();
    await seeText(byTestId(late, 'empty-chair'), 'De lege stoel');
    const input = byTestId(late, 'chair-input').first();
    await input.locator('[data-testid="oq-input"]').fill('gezellig');
    await input.locator('[data-testid="oq-send"]').click();
    await seeText(input.locator('[data-testid="oq-status"]'), 'Ontvangen ✓');
    await seeText(last.locator('[data-testid="chair-badge"]'), '1 late');
    await seeText(byTestId(host, 'chair-count').first(), '1');
    // One late voice stays off the projector, and the live cloud is as the class left it.
    assert.equal(await byTestId(screen, 'screen-chair').count(), 0);
    await screenshot(host, 'template-chair-console-1366');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
