// Browser test of teams, role cards and the team-name brainstorm, then a quiz in team mode:
// the host console, the projector and six phones (360×740) against the real server, with
// screenshots at phone, laptop and projector sizes (the longest names the protocol allows).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UI_TIMEOUT, assertConsoleFitsPhone, startServer, launch, seeText, byTestId, screenshot, teamOfPhones, waitUntil, twoTeams,
  showTab,
} from './helpers.mjs';

/** Nicknames at the 24-character limit next to short ones. */
const NAMES = ['Ada', 'Bo', 'Cas', 'Dina', 'Aleksandra Wilhelmina vd', 'Mohammed Abdelkader El A'];
const LONG_TEAM_NAME = 'De Allerbeste Uitvinders';

test('six phones form two teams, get role cards, name their teams, then play a team quiz', { timeout: 120_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, phones, code } = await twoTeams(browser, base, NAMES, problems);

    // --- Two teams at random, balanced; each phone shows its team.
    const sizes = await host.locator('[data-testid="host-team"]').evaluateAll((teams) =>
      teams.map((t) => t.querySelectorAll('[data-testid="team-member"]').length));
    assert.deepEqual(sizes, [3, 3]);
    for (const phone of phones) await seeText(byTestId(phone, 'my-team-name'), /^\s*\d\s+Team [12]$/);

    // Re-forming asks first.
    await byTestId(host, 'form-teams').click();
    await byTestId(host, 'form-teams-confirm').waitFor({ timeout: UI_TIMEOUT });
    await host.locator('.confirm button.secondary').click();

    // Moving by hand: tap a name, then "move here" on the other team; or drag the name there.
    const hostTeams = host.locator('[data-testid="host-team"]');
    const sizesNow = () => hostTeams.evaluateAll((teams) => teams.map((t) => t.querySelectorAll('[data-testid="team-member"]').length));
    const tapped = hostTeams.nth(0).locator('[data-testid="team-member"]').first();
    const tappedName = ((await tapped.textContent()) ?? '').trim();
    await tapped.click();
    await hostTeams.nth(1).locator('[data-testid="move-here"]').click();
    await waitUntil(async () => JSON.stringify(await sizesNow()) === '[2,4]');
    await seeText(hostTeams.nth(1), tappedName);
    const dragged = hostTeams.nth(1).locator('[data-testid="team-member"]').first();
    const draggedName = ((await dragged.textContent()) ?? '').trim();
    const from = await dragged.boundingBox();
    const to = await hostTeams.nth(0).boundingBox();
    assert.ok(from && to);
    await host.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await host.mouse.down();
    await host.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    assert.equal(await host.locator('.team-box.drop-over').count(), 1, 'the team under the name is marked');
    await host.mouse.up();
    await waitUntil(async () => JSON.stringify(await sizesNow()) === '[3,3]');
    await seeText(hostTeams.nth(0), draggedName);
    assert.equal(await host.locator('.drag-ghost').count(), 0, 'nothing left behind');
    assert.equal(await host.locator('button.member.moving').count(), 0, 'a drag is not a tap');
    // A drag that a second console interrupts (it moves the same student away, so the dragged
    // name leaves the page) ends cleanly on release: no ghost left, nothing moved back.
    const other = await host.context().newPage();
    await other.goto(`${base}/host?room=${code}`);
    await showTab(other, 'teams');
    const held = hostTeams.nth(0).locator('[data-testid="team-member"]').first();
    const heldId = await held.getAttribute('data-id');
    const heldBox = await held.boundingBox();
    assert.ok(heldBox);
    await host.mouse.move(heldBox.x + heldBox.width / 2, heldBox.y + heldBox.height / 2);
    await host.mouse.down();
    await host.mouse.move(heldBox.x + heldBox.width / 2 + 30, heldBox.y + heldBox.height / 2 + 20, { steps: 4 });
    assert.equal(await host.locator('.drag-ghost').count(), 1, 'the drag is under way');
    await other.locator(`[data-testid="team-member"][data-id="${heldId}"]`).click();
    await other.locator('[data-testid="host-team"]').nth(1).locator('[data-testid="move-here"]').click();
    await waitUntil(async () => JSON.stringify(await sizesNow()) === '[2,4]');
    await host.mouse.move(5, 5, { steps: 4 });
    await host.mouse.up();
    await waitUntil(async () => (await host.locator('.drag-ghost, .drop-over, .dragging').count()) === 0);
    assert.deepEqual(await sizesNow(), [2, 4]);
    await other.close();
    await host.locator(`[data-testid="team-member"][data-id="${heldId}"]`).click();
    await hostTeams.nth(0).locator('[data-testid="move-here"]').click();
    await waitUntil(async () => JSON.stringify(await sizesNow()) === '[3,3]');

    // --- Role cards: every phone shows its own, in its language (Dutch here).
    await byTestId(host, 'deal-roles').click();
    for (const phone of phones) await seeText(byTestId(phone, 'my-role-name'), /Ontwerper|Uitwerker|Realist/);
    const team1 = await teamOfPhones(phones);
    for (const members of Object.values(team1)) {
      const roles = await Promise.all(members.map((p) => p.locator('[data-testid="my-role-name"]').textContent()));
      assert.equal(new Set(roles).size, 3, `each role once in a team of three: ${roles}`);
    }
    await screenshot(phones[4], 'teams-phone-lobby', ['[data-testid="my-team"]', '[data-testid="my-role"]']);
    await screenshot(host, 'teams-host-1366', ['[data-testid="deal-roles"]']);
    await assertConsoleFitsPhone(host);
    await host.setViewportSize({ width: 1366, height: 768 });
    await seeText(byTestId(screen, 'screen-teams'), 'Team 2');
    for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
      await screen.setViewportSize(size);
      await screenshot(screen, `teams-screen-${size.width}`, ['[data-testid="screen-team"]']);
    }

    // --- The team-name brainstorm.
    await showTab(host, 'agenda');
    await byTestId(host, 'new-teamNames').click();
    await byTestId(host, 'names-title').fill('Onze teamnaam');
    await byTestId(host, 'save-activity').click();
    await seeText(host.locator('[data-testid="agenda-item"]').last(), 'Onze teamnaam');
    await host.locator('[data-testid="agenda-item"]').last().locator('[data-testid="make-current"]').click();
    await byTestId(host, 'names-start').click();

    const [teamA, teamB] = Object.values(team1);
    const proposals = [
      [teamA[0], LONG_TEAM_NAME], [teamA[1], 'Team Koffie'], [teamA[2], 'Slechte Naam'],
      [teamB[0], 'De Bliksems'], [teamB[1], 'Nachtuilen'],
    ];
    for (const [phone, name] of proposals) {
      await byTestId(/** @type {any} */ (phone), 'names-input').fill(/** @type {string} */ (name));
      await byTestId(/** @type {any} */ (phone), 'names-propose-submit').click();
      await seeText(byTestId(/** @type {any} */ (phone), 'names-status'), 'Ontvangen ✓');
    }
    // A rude name is refused with a plain reason, and nothing else happens.
    await byTestId(teamB[2], 'names-input').fill('kut');
    await byTestId(teamB[2], 'names-propose-submit').click();
    await byTestId(teamB[2], 'names-status-error').waitFor({ timeout: UI_TIMEOUT });

    // Each team sees its own proposals live, never the other team's.
    await seeText(byTestId(teamA[1], 'names-proposals'), LONG_TEAM_NAME);
    await seeText(byTestId(teamA[1], 'names-proposals'), 'Slechte Naam');
    assert.ok(!((await byTestId(teamA[1], 'names-proposals').textContent()) ?? '').includes('Bliksems'));
    await seeText(byTestId(teamB[2], 'names-proposals'), 'Nachtuilen');
    assert.ok(!((await byTestId(teamB[2], 'names-proposals').textContent()) ?? '').includes('Koffie'));

    // What a student is typing survives a live update.
    const typing = byTestId(teamA[1], 'names-input');
    await typing.fill('Half getyp');
    await typing.focus();
    await byTestId(teamA[0], 'names-input').fill('Derde idee');
    await byTestId(teamA[0], 'names-propose-submit').click();
    await seeText(byTestId(teamA[1], 'names-proposals'), 'Derde idee');
    assert.equal(await typing.inputValue(), 'Half getyp', 'the draft survives');
    assert.equal(await teamA[1].evaluate(() => document.activeElement?.getAttribute('data-testid')), 'names-input', 'focus stays');
    await screenshot(teamA[1], 'names-phone-propose', ['[data-testid="names-input"]', '[data-testid="names-propose-submit"]']);

    // The host vetoes one: it disappears from the team's phones and its proposer is told kindly.
    const bad = host.locator('[data-testid="host-proposal"]', { hasText: 'Slechte Naam' });
    await bad.locator('[data-testid="names-veto"]').click();
    await byTestId(teamA[2], 'vetoed-notice').waitFor({ timeout: UI_TIMEOUT });
    await seeText(byTestId(teamA[2], 'vetoed-notice'), 'Slechte Naam');
    await waitUntil(async () => !((await byTestId(teamA[1], 'names-proposals').textContent()) ?? '').includes('Slechte'));
    await screenshot(host, 'names-host-1366', ['[data-testid="names-start-vote"]']);
    await assertConsoleFitsPhone(host);
    await host.setViewportSize({ width: 1366, height: 768 });

    // --- Vote, then reveal.
    await byTestId(host, 'names-start-vote').click();
    for (const phone of teamA) {
      await phone.locator('[data-testid="names-vote-option"]', { hasText: 'Team Koffie' }).click();
      await seeText(byTestId(phone, 'names-vote-status'), 'Ontvangen ✓');
    }
    for (const phone of teamB) {
      await phone.locator('[data-testid="names-vote-option"]', { hasText: 'De Bliksems' }).click();
      await seeText(byTestId(phone, 'names-vote-status'), 'Ontvangen ✓');
    }
    await screenshot(teamB[0], 'names-phone-vote', ['[data-testid="names-vote-option"]']);
    await byTestId(host, 'names-reveal').click();
    for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
      await screen.setViewportSize(size);
      await seeText(byTestId(screen, 'screen-names-reveal'), 'Team Koffie');
      await seeText(byTestId(screen, 'screen-names-reveal'), 'De Bliksems');
      await screen.waitForTimeout(1200); // the flourish ends
      await screenshot(screen, `names-screen-reveal-${size.width}`, ['[data-testid="screen-name-result"]']);
    }
    await seeText(byTestId(teamA[0], 'names-my-team-name'), 'Team Koffie');
    await screenshot(teamA[0], 'names-phone-reveal', ['[data-testid="names-my-team-name"]']);

    // --- A quiz in team mode ends with the team podium.
    await byTestId(host, 'new-quiz').click();
    await byTestId(host, 'quiz-title').fill('Teamquiz');
    await byTestId(host, 'quiz-teammode').check();
    await byTestId(host, 'q-text-0').fill('Hoeveel is 2 + 2?');
    for (const [i, text] of ['3', '4', '5', '22'].entries()) await byTestId(host, `q-option-0-${i}`).fill(text);
    await byTestId(host, 'q-correct-0-1').check();
    await byTestId(host, 'save-quiz').click();
    await seeText(host.locator('[data-testid="agenda-item"]').last(), 'Teamquiz');
    await host.locator('[data-testid="agenda-item"]').last().locator('[data-testid="make-current"]').click();
    await byTestId(host, 'next-question').click();
    for (const phone of phones) {
      // Team Koffie answers right, the other team wrong. The last answer locks the question at
      // once, so that phone may go straight to its result.
      const right = teamA.includes(phone);
      await byTestId(phone, right ? 'option-1' : 'option-0').click();
      await phone.locator('[data-testid="ack-check"], [data-testid="reveal"]').first().waitFor({ timeout: UI_TIMEOUT });
    }
    await byTestId(host, 'run-phase').and(host.locator('[data-phase="reveal"]')).waitFor({ timeout: UI_TIMEOUT });
    await byTestId(host, 'show-leaderboard').click();
    await seeText(byTestId(screen, 'screen-team-board'), 'Team Koffie');
    await byTestId(host, 'show-podium').click();
    await seeText(byTestId(screen, 'screen-podium'), 'Team Koffie');
    const winner = await screen.locator('.step.first [data-testid="podium-nickname"]').textContent();
    assert.equal(winner, 'Team Koffie', 'the team podium');
    await seeText(byTestId(teamA[0], 'team-rank'), /1/);
    for (const size of [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }]) {
      await screen.setViewportSize(size);
      await screenshot(screen, `quiz-team-podium-${size.width}`, ['[data-testid="podium-step"]']);
    }
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
