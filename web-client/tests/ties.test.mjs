// Browser test of team names that tie or clash: the host console, the projector and six phones
// (360×740, Dutch) against the real server. Team A clearly picks "Nachtuilen"; team B wants the
// same name (written "NACHTUILEN"), which A proposed first, and ties between its other two.
// Nothing is revealed while B ties: the projector shows no name, the console offers a run-off,
// lots or a pick; B's phones vote again; then the reveal shows two different names and B's
// phones say why they did not get theirs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UI_TIMEOUT, byTestId, launch, screenshot, seeText, showTab, startServer, teamOfPhones, twoTeams, waitUntil,
} from './helpers.mjs';

const NAMES = ['Ada', 'Bo', 'Cas', 'Dina', 'Aleksandra Wilhelmina vd', 'Mohammed Abdelkader El A'];

/**
 * A phone proposes a name and waits for the answer; returns the status it shows.
 * @param {import('playwright-core').Page} phone
 * @param {string} name
 */
async function propose(phone, name) {
  await byTestId(phone, 'names-input').fill(name);
  await byTestId(phone, 'names-propose-submit').click();
  await phone.locator('[data-testid="names-status"], [data-testid="names-status-error"]').waitFor({ timeout: UI_TIMEOUT });
  await waitUntil(async () => !(((await byTestId(phone, 'names-status').textContent().catch(() => '')) ?? '').includes('Versturen')));
  return (await phone.locator('[data-testid="names-status"], [data-testid="names-status-error"]').textContent()) ?? '';
}

/**
 * A phone taps a name in the vote (or the run-off) and waits for "received".
 * @param {import('playwright-core').Page} phone
 * @param {string} name
 * @param {'names-vote' | 'names-runoff'} which
 */
async function vote(phone, name, which) {
  await phone.locator(`[data-testid="${which}-option"]`, { hasText: name }).click();
  await seeText(byTestId(phone, `${which}-status`), 'Ontvangen ✓');
}

test('a tie is settled before anything is revealed, and two teams never get the same name', { timeout: 150_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, phones } = await twoTeams(browser, base, NAMES, problems);
    const teams = await teamOfPhones(phones);
    const [teamA, teamB] = [teams['1 Team 1'] ?? Object.values(teams)[0], teams['2 Team 2'] ?? Object.values(teams)[1]];
    assert.equal(teamA.length, 3);

    await showTab(host, 'agenda');
    await byTestId(host, 'new-teamNames').click();
    await byTestId(host, 'names-title').fill('Onze teamnaam');
    await byTestId(host, 'save-activity').click();
    await byTestId(host, 'make-current').click();
    await byTestId(host, 'names-start').click();

    // Another team's name now is refused at once, in plain words.
    assert.match(await propose(teamA[0], 'TEAM 2'), /Een ander team heeft die naam al/);
    assert.match(await propose(teamA[0], 'Nachtuilen'), /Ontvangen/);
    await propose(teamA[1], 'Koffie');
    await propose(teamA[2], 'Thee');
    // B's "NACHTUILEN" is the same name by the look-alike key; B does not know A has it.
    assert.match(await propose(teamB[0], 'NACHTUILEN'), /Ontvangen/);
    await propose(teamB[1], 'Bliksems');
    await propose(teamB[2], 'Donder');

    await byTestId(host, 'names-start-vote').click();
    await vote(teamA[0], 'Nachtuilen', 'names-vote');
    await vote(teamA[1], 'Nachtuilen', 'names-vote');
    await vote(teamA[2], 'Thee', 'names-vote');
    await vote(teamB[0], 'NACHTUILEN', 'names-vote');
    await vote(teamB[1], 'Bliksems', 'names-vote');
    await vote(teamB[2], 'Donder', 'names-vote');

    // Closing the vote: A has its name, B's first choice went to A (proposed first) and the
    // rest ties. Nothing is revealed: no name on the projector, none renamed.
    await byTestId(host, 'names-reveal').click();
    await byTestId(host, 'names-tie').waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await byTestId(host, 'names-tie').count(), 1);
    await seeText(byTestId(host, 'names-tie'), 'Team 2');
    await seeText(byTestId(host, 'names-tie'), 'Bliksems');
    await seeText(byTestId(host, 'names-tie'), 'Donder');
    await seeText(host.locator('[data-testid="host-names-team"]', { hasText: /“NACHTUILEN”/ }), 'goes to a team that proposed it first');
    await byTestId(screen, 'screen-names-decide').waitFor({ timeout: UI_TIMEOUT });
    const onScreen = (await byTestId(screen, 'screen-names-decide').textContent()) ?? '';
    for (const name of ['Nachtuilen', 'NACHTUILEN', 'Bliksems', 'Donder', 'Thee', 'Koffie']) {
      assert.ok(!onScreen.includes(name), `the projector shows "${name}" before the reveal`);
    }
    await seeText(byTestId(screen, 'screen-names-decide'), 'Team 1');
    await seeText(byTestId(teamA[0], 'names-decide'), 'staat vast');
    await seeText(byTestId(teamB[0], 'names-decide'), 'Gelijkspel');
    // Revealing now is refused: the tie is open.
    await byTestId(host, 'names-runoff').waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await byTestId(host, 'names-reveal').count(), 0, 'no reveal while a team ties');
    await screenshot(host, 'ties-host-decide-1366', ['[data-testid="names-runoff"]', '[data-testid="names-draw-lots"]', '[data-testid="names-break-tie"]']);
    for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
      await screen.setViewportSize(size);
      await screenshot(screen, `ties-screen-decide-${size.width}`, ['[data-testid="screen-decide-team"]']);
    }

    // A run-off on B's phones only, among B's tied names.
    await byTestId(host, 'names-runoff').click();
    await byTestId(teamB[0], 'names-runoff').waitFor({ timeout: UI_TIMEOUT });
    const options = await byTestId(teamB[0], 'names-runoff-option').allTextContents();
    assert.deepEqual(options.map((o) => o.trim()).sort(), ['Bliksems', 'Donder']);
    await seeText(byTestId(teamA[0], 'names-decide'), 'staat vast');
    await seeText(byTestId(screen, 'screen-names-decide'), 'Vote again');
    await vote(teamB[0], 'Donder', 'names-runoff');
    await vote(teamB[1], 'Donder', 'names-runoff');
    await seeText(byTestId(host, 'names-runoff-voted'), '2 of 3');
    await screenshot(teamB[0], 'ties-phone-runoff', ['[data-testid="names-runoff-option"]', '[data-testid="names-runoff-status"]']);
    await byTestId(host, 'names-close-runoff').click();
    await byTestId(host, 'names-ties-settled').waitFor({ timeout: UI_TIMEOUT });

    // The reveal: two different names, at once.
    await byTestId(host, 'names-reveal').click();
    await seeText(byTestId(screen, 'screen-names-reveal'), 'Nachtuilen');
    await seeText(byTestId(screen, 'screen-names-reveal'), 'Donder');
    await seeText(byTestId(screen, 'screen-names-reveal'), 'after a run-off');
    for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
      await screen.setViewportSize(size);
      await screen.waitForTimeout(1200); // the flourish ends
      await screenshot(screen, `ties-screen-reveal-${size.width}`, ['[data-testid="screen-name-result"]']);
    }
    await seeText(byTestId(teamA[0], 'names-my-team-name'), 'Nachtuilen');
    await seeText(byTestId(teamB[2], 'names-my-team-name'), 'Donder');
    await seeText(byTestId(teamB[2], 'names-taken'), 'NACHTUILEN');
    await screenshot(teamB[2], 'ties-phone-reveal', ['[data-testid="names-my-team-name"]', '[data-testid="names-taken"]']);
    await showTab(host, 'teams');
    const names = await host.locator('[data-testid="host-team-name"]').allTextContents();
    assert.equal(new Set(names.map((n) => n.trim().toLowerCase())).size, 2, `two different names: ${names}`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
