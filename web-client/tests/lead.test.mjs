// Browser tests of driving and templates (issue 27). Two consoles: the organiser's hands the
// lead to a co-facilitator's, which then runs the session (the phone and the projector follow),
// and takes it back; each console says who leads and offers the one button that moves the
// wheel. Templates: the console's picker lists the built-in sessions (title, description,
// activities, planned minutes), inserts one whose first activity then runs with a phone; the
// agenda is saved as a template (kept in the room and downloaded), a bad file is refused with
// the field named, and the downloaded file imports again. Screenshots at 390×844, 1366×768 and
// 1920×1080.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UI_TIMEOUT, addActivityApi, byTestId, downloadFrom, hostKeyOf, joinPhones, launch, openRoom, screenshot, seeText,
  showTab, startServer, waitUntil, watch,
} from './helpers.mjs';

const PHONE_390 = { width: 390, height: 844 };

test('two consoles: the organiser hands over the lead, the co-facilitator drives, the organiser takes it back', { timeout: 120_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'MZ2B — Student voice', problems);
    const key = await hostKeyOf(host, code);
    await addActivityApi(base, code, key, { kind: 'checkIn', title: 'Hoe gaat het met je?' });
    await addActivityApi(base, code, key, { kind: 'openQuestion', title: 'Wat helpt jou om er te zijn?' });
    const [ada] = await joinPhones(browser, base, code, ['Ada'], problems);

    // The organiser's console leads; it offers the hand-over.
    await seeText(byTestId(host, 'lead-title'), 'You lead now');
    await showTab(host, 'room');
    const coLink = await byTestId(host, 'co-facilitator-link').inputValue();
    const co = await (await browser.newContext({ locale: 'nl-NL', viewport: { width: 1366, height: 768 } })).newPage();
    watch(co, problems, 'co-facilitator');
    await co.goto(coLink);
    await seeText(byTestId(co, 'lead-title'), 'De docent leidt nu');
    await seeText(byTestId(co, 'co-facilitator-banner'), 'mededocent');
    assert.equal(await byTestId(co, 'hand-over').count(), 0, 'only the console that leads hands over');
    assert.equal(await byTestId(co, 'take-lead').count(), 0, 'only the organiser takes the lead back');
    assert.equal(await byTestId(co, 'tab-agenda').count(), 0, 'no agenda while the teacher leads');

    // Hand over: the co-facilitator's console gets the session's controls, the organiser's the
    // button to take the lead back.
    await byTestId(host, 'hand-over').click();
    await seeText(byTestId(co, 'lead-title'), 'Jij leidt nu');
    await seeText(byTestId(host, 'lead-title'), 'The co-facilitator leads now');
    await byTestId(host, 'take-lead').waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await byTestId(host, 'tab-agenda').count(), 0, 'the organiser no longer runs the agenda');
    assert.equal(await byTestId(host, 'open-presenter').count(), 0, 'nor presents');
    await byTestId(host, 'tab-room').waitFor({ timeout: UI_TIMEOUT });
    await showTab(co, 'agenda');
    await co.locator('[data-testid="agenda-item"]').first().locator('[data-testid="make-current"]').click();
    // Phone and projector follow the co-facilitator.
    await seeText(byTestId(screen, 'screen-coming-title'), 'Hoe gaat het met je?');
    await byTestId(co, 'checkin-open').click();
    await byTestId(ada, 'checkin-phone').waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await byTestId(host, 'back-to-lobby').count(), 0, 'the organiser has no flow buttons now');
    await screenshot(co, 'lead-co-drives-1366', ['[data-testid="lead-bar"]', '[data-testid="hand-over"]']);
    await screenshot(host, 'lead-organiser-moderates-1366', ['[data-testid="lead-bar"]', '[data-testid="take-lead"]']);
    await host.setViewportSize(PHONE_390);
    await byTestId(host, 'take-lead').scrollIntoViewIfNeeded();
    await screenshot(host, 'lead-organiser-moderates-390', ['[data-testid="take-lead"]']);
    await host.setViewportSize({ width: 1366, height: 768 });
    await host.evaluate(() => window.scrollTo(0, 0));
    await co.setViewportSize(PHONE_390);
    await byTestId(co, 'hand-over').scrollIntoViewIfNeeded();
    await screenshot(co, 'lead-co-drives-390', ['[data-testid="hand-over"]']);
    await co.setViewportSize({ width: 1366, height: 768 });
    await co.evaluate(() => window.scrollTo(0, 0));
    await screenshot(screen, 'lead-screen-follows-1920');

    // The organiser takes the lead back, at any time; the co-facilitator moderates again.
    await byTestId(host, 'take-lead').click();
    await seeText(byTestId(host, 'lead-title'), 'You lead now');
    await seeText(byTestId(co, 'lead-title'), 'De docent leidt nu');
    await waitUntil(async () => (await byTestId(co, 'tab-agenda').count()) === 0);
    await byTestId(host, 'back-to-lobby').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(host, 'back-to-lobby').click();
    await byTestId(ada, 'lobby').waitFor({ timeout: UI_TIMEOUT });
    await screenshot(host, 'lead-organiser-leads-1366', ['[data-testid="lead-bar"]', '[data-testid="hand-over"]']);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('a built-in template goes on the agenda and runs; the agenda is saved, exported and imported as a template', { timeout: 120_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const { host, screen, code } = await openRoom(browser, base, 'MZ2B — periode 2', problems);
    const [ada] = await joinPhones(browser, base, code, ['Ada'], problems);

    // The picker: the built-in sessions in the console's language (English here), each with
    // its description, activities and planned minutes; the Dutch ones one tap away.
    await byTestId(host, 'open-templates').click();
    const cards = host.locator('[data-testid="built-in-templates"] [data-testid="template-card"]');
    await waitUntil(async () => (await cards.count()) === 4);
    const voice = cards.filter({ hasText: 'Student voice' });
    await seeText(voice.locator('[data-testid="template-facts"]'), '7 activities · 90 minutes planned');
    await byTestId(host, 'template-lang').click();
    await seeText(byTestId(host, 'built-in-templates'), 'De ideale les');
    await seeText(byTestId(host, 'built-in-templates'), 'Vragen van VIPs');
    await byTestId(host, 'template-lang').scrollIntoViewIfNeeded();
    await screenshot(host, 'templates-picker-1366', ['[data-testid="template-lang"]']);
    await host.setViewportSize(PHONE_390);
    await byTestId(host, 'template-lang').scrollIntoViewIfNeeded();
    await screenshot(host, 'templates-picker-390', ['[data-testid="template-lang"]']);
    await host.setViewportSize({ width: 1366, height: 768 });
    await host.evaluate(() => window.scrollTo(0, 0));
    await byTestId(host, 'template-lang').click();

    // Insert Student voice: seven activities at once, editable; the first runs with a phone.
    await voice.locator('[data-testid="insert-template"]').click();
    await waitUntil(async () => (await byTestId(host, 'agenda-item').count()) === 7);
    assert.equal(await byTestId(host, 'templates-panel').count(), 0, 'the picker closes');
    assert.equal(await byTestId(host, 'edit-activity').count(), 7, 'every activity can still be edited');
    await host.locator('[data-testid="agenda-item"]').first().locator('[data-testid="make-current"]').click();
    await seeText(byTestId(screen, 'screen-coming-title'), 'How are you today?');
    await byTestId(host, 'checkin-open').click();
    await byTestId(ada, 'checkin-face').nth(3).click();
    await byTestId(ada, 'checkin-send').click();
    await seeText(byTestId(ada, 'checkin-status'), 'Ontvangen ✓');
    await screenshot(screen, 'templates-first-activity-1920');

    // Save the agenda as a template: kept in the room and downloaded.
    await byTestId(host, 'open-templates').click();
    await byTestId(host, 'template-save-title').fill('Onze student voice');
    const file = await downloadFrom(host, byTestId(host, 'save-template'));
    assert.match(file.name, /^kring-onze-student-voice\.json$/);
    const saved = JSON.parse(file.bytes.toString('utf8'));
    assert.equal(saved.kring, 'template');
    assert.equal(saved.version, 1);
    assert.equal(saved.items.length, 7);
    await seeText(byTestId(host, 'kept-templates'), 'Onze student voice');

    // A bad file is refused with the field named; the downloaded one imports again.
    const bad = structuredClone(saved);
    bad.items[2].spec.statements = [];
    await byTestId(host, 'import-template').setInputFiles({ name: 'kapot.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    await seeText(byTestId(host, 'template-error'), 'items[2].spec');
    await screenshot(host, 'templates-import-error-1366', ['[data-testid="template-error"]']);
    saved.title = 'Student voice, periode 3';
    await byTestId(host, 'import-template').setInputFiles({ name: 'periode3.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
    await seeText(byTestId(host, 'kept-templates'), 'Student voice, periode 3');
    await waitUntil(async () => (await host.locator('[data-testid="kept-templates"] [data-testid="template-card"]').count()) === 2);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
