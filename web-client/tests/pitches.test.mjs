// Browser test of a pitch round: two teams pitch, six phones (360×740) rate the other team's
// pitch, a teacher rates from the console, the host hides a mean tip and sends the rest, and
// each team's phones show their own feedback cards only; the projector shows the order, the
// pitching team and every team's results side by side. Screenshots at phone, laptop and
// projector sizes with the longest content allowed (6 criteria of 40 characters, 24-character
// team names and nicknames, 140-character tops).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UI_TIMEOUT, assertConsoleFitsPhone, startServer, launch, seeText, byTestId, screenshot, teamOfPhones, waitUntil, twoTeams,
  showTab,
} from './helpers.mjs';

/** @typedef {import('playwright-core').Page} Page */

const NAMES = ['Ada', 'Bo', 'Cas', 'Dina', 'Aleksandra Wilhelmina vd', 'Mohammed Abdelkader El A'];
const LONG_TEAM_NAME = 'De Allerbeste Uitvinders';
const RENAMED = 'De Allerbeste Bedenkers!';
/** Three criteria of the 40 characters allowed, after the three built-in ones. */
const LONG_CRITERIA = [
  'Onderbouwd met bronnen en een goed plan!',
  'Past bij de wensen van de opdrachtgever.',
  'Iedereen in het team deed actief mee ja.',
];
const LONG_TOP = 'Jullie lieten heel duidelijk zien welk probleem jullie oplossen en waarom dat voor studenten in de eerste klas zo belangrijk is. Echt top!!!';
const MEAN_TIP = 'Jullie pitch was echt waardeloos en saai';

test('two teams pitch, six phones rate, a mean tip is hidden and each team gets its own cards', { timeout: 150_000 }, async () => {
  assert.equal(LONG_TOP.length, 140);
  assert.equal(RENAMED.length, 24);
  for (const c of LONG_CRITERIA) assert.equal(c.length, 40);
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, phones } = await twoTeams(browser, base, NAMES, problems);

    // --- Two teams; the first gets the longest name.
    const first = host.locator('[data-testid="host-team"]').first();
    await first.locator('[data-testid="rename-team"]').click();
    await byTestId(host, 'rename-team-input').fill(LONG_TEAM_NAME);
    await byTestId(host, 'rename-team-save').click();
    for (const phone of phones) await seeText(byTestId(phone, 'my-team-name'), /Team 2|De Allerbeste/);
    const byTeam = await teamOfPhones(phones);
    const second = Object.keys(byTeam).find((name) => name.includes('Team 2')) ?? '';
    // Team 2 pitches first (the host moves it up); the other team rates it.
    const teamA = byTeam[second];
    const teamB = Object.entries(byTeam).find(([name]) => name !== second)?.[1] ?? [];

    // --- The round: six criteria (three built in, three of 40 characters), no timers.
    await showTab(host, 'agenda');
    await byTestId(host, 'new-pitches').click();
    await byTestId(host, 'pitches-title').fill('Pitches: de ideale les');
    for (const [i, name] of LONG_CRITERIA.entries()) {
      await byTestId(host, 'criterion-add').click();
      await byTestId(host, `criterion-${3 + i}`).fill(name);
    }
    await byTestId(host, 'pitches-pitch-secs').fill('');
    await byTestId(host, 'pitches-feedback-secs').fill('');
    await byTestId(host, 'save-activity').click();
    await seeText(host.locator('[data-testid="agenda-item"]').last(), 'Pitches: de ideale les');
    await host.locator('[data-testid="agenda-item"]').last().locator('[data-testid="make-current"]').click();

    // The host moves the second team up; the projector shows the order.
    await byTestId(host, 'pitch-order').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(host, 'pitch-up-1').click();
    await waitUntil(async () => ((await screen.locator('[data-testid="screen-order-team"]').first().textContent()) ?? '').includes('Team 2'));
    for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
      await screen.setViewportSize(size);
      await screenshot(screen, `pitches-screen-order-${size.width}`, ['[data-testid="screen-order-team"]']);
    }
    await byTestId(host, 'pitch-start').click();

    // --- Team 2 pitches: its phones say so, the others listen.
    const pitching = (await seeText(byTestId(screen, 'screen-pitch-team'), 'Team 2')).trim();
    assert.match(pitching, /Team 2/);
    for (const phone of teamA) await byTestId(phone, 'pitch-own').waitFor({ timeout: UI_TIMEOUT });
    for (const phone of teamB) await byTestId(phone, 'pitch-listen').waitFor({ timeout: UI_TIMEOUT });
    await screenshot(teamA[0], 'pitches-phone-own', ['[data-testid="pitch-own"]']);
    await screenshot(teamB[0], 'pitches-phone-listen', ['[data-testid="pitch-team"]']);
    for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
      await screen.setViewportSize(size);
      await screenshot(screen, `pitches-screen-pitch-${size.width}`, ['[data-testid="screen-pitch-team"]']);
    }

    // --- Feedback: team B rates (one leaves a mean tip); team A's phones keep "you are pitching".
    await byTestId(host, 'pitch-open-feedback').click();
    const [r0, r1, r2] = teamB;
    await rate(r0, [5, 4, 3, 4, 5, 4], LONG_TOP, 'Praat iets langzamer');
    await rate(r1, [2, 2, 2, 2, 2, 2], 'Goede dia’s', MEAN_TIP);
    // What a student is typing survives a live update (the host renames a team meanwhile).
    await rate(r2, [4, 4, 4, 4, 4, 4], 'Sterk begin', '');
    const tip = byTestId(r2, 'rate-tip');
    await tip.fill('Meer plaatjes');
    await tip.focus();
    await showTab(host, 'teams');
    await host.locator('[data-testid="host-team"]').first().locator('[data-testid="rename-team"]').click();
    await byTestId(host, 'rename-team-input').fill(RENAMED);
    await byTestId(host, 'rename-team-save').click();
    await seeText(byTestId(r2, 'pitch-team'), 'Team 2');
    await seeText(byTestId(r2, 'team-strip'), RENAMED);
    assert.equal(await tip.inputValue(), 'Meer plaatjes', 'the draft survives');
    assert.equal(await r2.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'rate-tip', 'focus stays');
    await byTestId(r2, 'rate-submit').click();
    await seeText(byTestId(r2, 'rate-status'), 'Ontvangen ✓');
    for (const phone of teamA) {
      await byTestId(phone, 'pitch-own').waitFor({ timeout: UI_TIMEOUT });
      assert.equal(await byTestId(phone, 'pitch-form').count(), 0, 'a team never gets the form for its own pitch');
    }
    await screenshot(r0, 'pitches-phone-rated', ['[data-testid="rate-status"]', '[data-testid="rate-submit"]']);
    await r0.evaluate(() => window.scrollTo(0, 0));
    await screenshot(r0, 'pitches-phone-form-top', ['[data-testid="pitch-team"]', '[data-testid="rate-star-0-5"]']);

    // A teacher rates from the console, shown apart.
    await byTestId(host, 'teacher-rating').locator('summary').click();
    await byTestId(host, 'teacher-name').fill('Mevr. Jansen');
    for (let c = 0; c < 6; c++) await byTestId(host, `teacher-star-${c}-4`).click();
    await byTestId(host, 'teacher-top').fill('Helder doel');
    await byTestId(host, 'teacher-submit').click();
    await byTestId(host, 'teacher-status').waitFor({ timeout: UI_TIMEOUT });
    await seeText(byTestId(screen, 'screen-rating-count'), '4 ratings');
    for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
      await screen.setViewportSize(size);
      await screenshot(screen, `pitches-screen-feedback-${size.width}`, ['[data-testid="screen-pitch-team"]', '[data-testid="screen-rating-count"]']);
    }

    // --- The host hides the mean tip, closes the feedback and sends the rest to team A.
    const box = host.locator('[data-testid="host-pitch-team"]').first();
    const mean = box.locator('[data-testid="host-card"]', { hasText: MEAN_TIP });
    await mean.locator('[data-testid="card-hide"]').click();
    await seeText(mean.locator('[data-testid="host-card-state"]'), 'hidden');
    await byTestId(host, 'pitch-close-feedback').click();
    await byTestId(r0, 'pitch-closed').waitFor({ timeout: UI_TIMEOUT });
    await seeText(box.locator('[data-testid="pitch-release"]'), 'Send 6 cards');
    await screenshot(host, 'pitches-host-1366', ['[data-testid="pitch-next"]']);
    await assertConsoleFitsPhone(host, '[data-testid="host-card"]', '.card-text');
    await mean.scrollIntoViewIfNeeded();
    await screenshot(host, 'pitches-host-360', [`[data-testid="host-card"][data-id="${await mean.getAttribute('data-id')}"]`]);
    await host.setViewportSize({ width: 1366, height: 768 });
    await box.locator('[data-testid="pitch-release"]').click();
    for (const phone of teamA) {
      await seeText(byTestId(phone, 'my-feedback'), 'Praat iets langzamer');
      const text = (await byTestId(phone, 'my-feedback').textContent()) ?? '';
      assert.ok(text.includes(LONG_TOP) && text.includes('Helder doel') && text.includes('Meer plaatjes'), text);
      assert.ok(!text.includes(MEAN_TIP), 'the hidden tip never reaches the team');
      assert.equal(await phone.locator('[data-testid="feedback-card"]').count(), 6);
    }
    await teamA[0].locator('[data-testid="my-feedback"]').scrollIntoViewIfNeeded();
    await screenshot(teamA[0], 'pitches-phone-feedback', ['[data-testid="my-feedback"] h2']);
    for (const phone of teamB) assert.equal(await byTestId(phone, 'my-feedback').count(), 0, 'other teams get none of it');

    // --- Team B pitches; team A rates it; then the results.
    await byTestId(host, 'pitch-next').click();
    for (const phone of teamB) await byTestId(phone, 'pitch-own').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(host, 'pitch-open-feedback').click();
    for (const [i, phone] of teamA.entries()) await rate(phone, [3, 4, 5, 3, 4, 5], `Top ${i}`, `Tip ${i}`);
    await byTestId(host, 'pitch-close-feedback').click();
    await host.locator('[data-testid="host-pitch-team"]').nth(1).locator('[data-testid="pitch-release"]').click();
    for (const phone of teamB) {
      await seeText(byTestId(phone, 'my-feedback'), 'Top 0');
      const text = (await byTestId(phone, 'my-feedback').textContent()) ?? '';
      assert.ok(!text.includes('Praat iets langzamer'), 'team B sees only its own cards');
    }
    await byTestId(host, 'pitch-next').click();
    await byTestId(screen, 'screen-pitch-results').waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await screen.locator('[data-testid="screen-pitch-result"]').count(), 2);
    const results = (await byTestId(screen, 'screen-pitch-results').textContent()) ?? '';
    assert.ok(results.includes('Onderbouwd met bronnen'), results);
    for (const name of NAMES) assert.ok(!results.includes(name), `no nickname on the results: ${name}`);
    for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
      await screen.setViewportSize(size);
      await screenshot(screen, `pitches-screen-results-${size.width}`, ['[data-testid="screen-pitch-result"]']);
    }
    await byTestId(teamA[0], 'pitch-my-results').waitFor({ timeout: UI_TIMEOUT });
    // Team 2 was rated 5, 2, 4 on "Creatief" by the students and 4 by the teacher.
    await seeText(byTestId(teamA[0], 'pitch-my-scores'), '3,7');
    await screenshot(teamA[0], 'pitches-phone-results', ['[data-testid="pitch-my-results"] h2', '[data-testid="pitch-my-scores-item"] >> nth=0']);
    await screenshot(host, 'pitches-host-results-1366', ['[data-testid="pitch-back"]']);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

/**
 * Rates the open pitch on a phone (stars per criterion, a top and a tip) and waits for "received".
 * @param {Page} phone
 * @param {number[]} stars
 * @param {string} top
 * @param {string} tip
 */
async function rate(phone, stars, top, tip) {
  await byTestId(phone, 'pitch-form').waitFor({ timeout: UI_TIMEOUT });
  for (const [c, n] of stars.entries()) await byTestId(phone, `rate-star-${c}-${n}`).click();
  await byTestId(phone, 'rate-top').fill(top);
  await byTestId(phone, 'rate-tip').fill(tip);
  await byTestId(phone, 'rate-submit').click();
  await seeText(byTestId(phone, 'rate-status'), 'Ontvangen ✓');
}
