// Running a class from the big screen (issue 16): presenter mode, layouts that fit with the
// longest content the protocol allows (phones at 360×740 and 360×640, the console at 1366×768,
// projectors at 1920×1080, 1280×800 and 1024×768), "select all that apply", the end without
// ranking, the console's own rough edges, and a graceful restart during a question. Every
// screenshot() also checks WCAG AA text contrast with axe-core.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHONE, UI_TIMEOUT, assertConsoleFitsPhone, startServer, launch, watch, seeText, byTestId, screenshot, checkContrast, waitUntil,
  createRoom, showTab,
} from './helpers.mjs';

/** Text of exactly `n` characters made of real words (so wrapping at word boundaries shows). */
function words(n, seed) {
  const vocab = ['bloeddruk', 'hartslag', 'ademhaling', 'spierkracht', 'uithoudingsvermogen', 'voeding', 'slaap', 'stress', 'beweging', 'water'];
  let out = seed;
  for (let i = 0; out.length < n; i++) out += ` ${vocab[i % vocab.length]}`;
  return out.slice(0, n - 1).trimEnd().padEnd(n - 1, 'x') + '?';
}

/** The longest quiz content the protocol allows: 300-character questions, six 120-character options. */
const LONG_Q = words(300, 'Welke van deze metingen zegt het meest over je conditie als je twee weken lang elke dag traint');
const LONG_OPTIONS = Array.from({ length: 6 }, (_, i) => words(120, `Antwoord ${i + 1}: de`));
/** Nicknames of 24 characters, the most the server allows, with spaces as real names have. */
const NAMES = ['Marieke van den Heuvelen', 'Sterke Leeuw Hilversum 2', 'Bloeddrukmeter Kampioen1', 'Jan-Willem de Boer Smits', 'Fatima el Amrani Bouzid1'];

const PROJECTORS = [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }, { width: 1024, height: 768 }];

/**
 * Adds an activity over the API with the console's key.
 * @param {string} base @param {string} code @param {string} key @param {object} spec
 */
async function addActivity(base, code, key, spec) {
  const res = await fetch(`${base}/api/rooms/${code}/activities`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` }, body: JSON.stringify(spec),
  });
  assert.equal(res.status, 201, await res.text());
}

/**
 * Screenshots of the projector at each size, each checked for what must be on screen.
 * @param {import('playwright-core').Page} screen @param {string} name @param {string[]} selectors
 */
async function atProjectorSizes(screen, name, selectors) {
  for (const size of PROJECTORS) {
    await screen.setViewportSize(size);
    // fit.js fits again on resize; give it its frame.
    await screen.waitForTimeout(400);
    await screenshot(screen, `${name}-${size.width}`, selectors);
  }
  await screen.setViewportSize(PROJECTORS[0]);
}

test('presenter mode drives a class from the projected screen; everything fits at every size', { timeout: 170_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const hostCtx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 768 } });
    const host = await hostCtx.newPage();
    watch(host, problems, 'host');
    await host.goto(`${base}/host`);
    await screenshot(host, 'present-host-home', ['[data-testid="create-submit"]']);
    await byTestId(host, 'create-title').fill('MZ2B — periode 2');
    await byTestId(host, 'create-submit').click();
    const code = (await seeText(byTestId(host, 'room-code'), /^[A-HJKMNP-Z2-9]{6}$/)).trim();
    const key = await host.evaluate((c) => JSON.parse(localStorage.getItem('kring.hostRooms') ?? '[]').find((r) => r.code === c).hostKey, code);
    await addActivity(base, code, key, {
      kind: 'quiz', title: 'Conditie', noRanking: false,
      questions: [
        { text: LONG_Q, options: LONG_OPTIONS, correct: [1, 3], timeLimitSecs: 120 },
        { text: 'Welke getallen zijn even?', options: ['3', '4', '7', '12'], correct: [1, 3], timeLimitSecs: 120, mode: 'all' },
      ],
    });
    await addActivity(base, code, key, {
      kind: 'quiz', title: 'Zonder namen', noRanking: true,
      questions: [
        { text: LONG_Q, options: LONG_OPTIONS, correct: [0], timeLimitSecs: 120 },
        { text: 'Hoe heet de hoofdstad van Nederland?', options: ['Rotterdam', 'Amsterdam'], correct: [1], timeLimitSecs: 120 },
      ],
    });
    await addActivity(base, code, key, { kind: 'teamNames', title: 'Teamnamen', perPerson: 2, randomTies: true });
    await byTestId(host, 'agenda-item').nth(2).waitFor({ timeout: UI_TIMEOUT });

    // The presenter window: opened by the console, no key in its address or on its screen.
    const [presenter] = await Promise.all([hostCtx.waitForEvent('page'), byTestId(host, 'open-presenter').click()]);
    watch(presenter, problems, 'presenter');
    await presenter.setViewportSize(PROJECTORS[0]);
    await seeText(byTestId(presenter, 'screen-code'), code);
    assert.ok(!presenter.url().includes(key), 'no host key in the presenter\'s address');
    assert.ok(new URL(presenter.url()).searchParams.has('present'));
    assert.equal(await presenter.evaluate(() => window.opener), null, 'the projected page cannot reach the console');
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Next activity: Conditie');
    await screenshot(presenter, 'present-lobby-1920', ['[data-testid="screen-qr"]', '[data-testid="presenter-bar"]', '[data-testid="screen-code"]']);

    // Five phones with the longest nicknames; one at 360×640.
    const phones = [];
    for (const [i, name] of NAMES.entries()) {
      const ctx = await browser.newContext({ ...PHONE, ...(i === 0 ? { viewport: { width: 360, height: 640 } } : {}), locale: 'nl-NL' });
      const page = await ctx.newPage();
      watch(page, problems, `phone ${i}`);
      await page.goto(`${base}/?room=${code}`);
      if (i === 0) await screenshot(page, 'present-phone-join-640', ['[data-testid="join-submit"]']);
      await byTestId(page, 'join-nickname').fill(name);
      await byTestId(page, 'join-submit').click();
      await byTestId(page, 'lobby').waitFor({ timeout: UI_TIMEOUT });
      phones.push(page);
    }
    const [small, ...rest] = phones;
    // The whole nickname shows in the header, not "Marieke…".
    await waitUntil(async () => (await byTestId(small, 'me-nickname').evaluate((el) => el.scrollHeight <= el.clientHeight + 1)));
    await screenshot(small, 'present-phone-lobby-640', ['[data-testid="me-nickname"]', '[data-testid="room-code"]']);
    await seeText(byTestId(presenter, 'screen-joined'), '5');

    // Clickers: PageDown makes the quiz current, then opens question 1.
    await presenter.keyboard.press('PageDown');
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Start question 1');
    await presenter.keyboard.press('PageDown');
    await seeText(byTestId(presenter, 'screen-question-text'), LONG_Q.slice(0, 40));
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Close question');

    // The console keeps the correct answer hidden while the question is open; a peek shows it.
    await seeText(byTestId(host, 'run-phase'), 'Question 1');
    assert.equal(await byTestId(host, 'run-correct').count(), 0, 'no ✓ on the console while the question is open');
    await byTestId(host, 'peek-answer').click();
    await waitUntil(async () => (await byTestId(host, 'run-correct').count()) === 2);
    await byTestId(host, 'peek-answer').click();
    await waitUntil(async () => (await byTestId(host, 'run-correct').count()) === 0);
    await screenshot(host, 'present-host-question', ['[data-testid="peek-answer"]', '[data-testid="close-question"]']);
    const consoleSize = host.viewportSize();
    await assertConsoleFitsPhone(host);
    if (consoleSize) await host.setViewportSize(consoleSize);
    // The projected page never has the key or the correct answer in it.
    assert.ok(!(await presenter.content()).includes(key));
    assert.equal(await presenter.locator('.tick, [data-correct="true"]').count(), 0);

    const options = Array.from({ length: 6 }, (_, i) => `[data-testid="screen-option-${i}"]`);
    await atProjectorSizes(presenter, 'present-question', ['[data-testid="screen-question-text"]', '[data-testid="screen-countdown"]', '[data-testid="screen-answered"]', ...options]);
    // Phones: the longest question with six longest options fits 360×640 and 360×740.
    const phoneOptions = Array.from({ length: 6 }, (_, i) => `[data-testid="option-${i}"]`);
    await small.waitForTimeout(300);
    await screenshot(small, 'present-phone-question-640', [...phoneOptions, '[data-testid="answer-status"]', '[data-testid="countdown"]']);
    await screenshot(rest[0], 'present-phone-question-740', [...phoneOptions, '[data-testid="answer-status"]']);
    // No word is broken in the middle: every option's text wraps only where it has a space.
    const broken = await small.evaluate(() => [...document.querySelectorAll('.opt-text')].some((el) => {
      const range = document.createRange();
      const text = /** @type {Text} */ (el.firstChild);
      let lastTop = -1;
      for (let i = 0; i < text.length; i++) {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        const top = range.getBoundingClientRect().top;
        if (lastTop >= 0 && top > lastTop + 2 && text.data[i - 1] !== ' ' && text.data[i] !== ' ' && text.data[i - 1] !== '-') return true;
        lastTop = top;
      }
      return false;
    }));
    assert.equal(broken, false, 'options wrap at word boundaries');

    for (const phone of phones.slice(0, 3)) {
      await byTestId(phone, 'option-1').click();
      await byTestId(phone, 'ack-check').waitFor({ timeout: UI_TIMEOUT });
    }
    await seeText(byTestId(presenter, 'screen-answered'), '3/5');
    await presenter.keyboard.press('ArrowRight');
    await byTestId(presenter, 'screen-reveal').waitFor({ timeout: UI_TIMEOUT });
    await atProjectorSizes(presenter, 'present-reveal', ['[data-testid="screen-distribution"]', ...Array.from({ length: 6 }, (_, i) => `[data-testid="dist-row-${i}"]`)]);
    await byTestId(small, 'reveal').waitFor({ timeout: UI_TIMEOUT });
    await screenshot(small, 'present-phone-reveal-640', ['[data-testid="result"]']);
    await screenshot(host, 'present-host-reveal', ['[data-testid="run-options"]']);

    await presenter.keyboard.press('PageDown');
    await byTestId(presenter, 'screen-leaderboard').waitFor({ timeout: UI_TIMEOUT });
    await waitUntil(async () => (await byTestId(presenter, 'board-entry').count()) === 5);
    await atProjectorSizes(presenter, 'present-leaderboard', ['[data-testid="board-entry"]']);
    await byTestId(small, 'leaderboard').waitFor({ timeout: UI_TIMEOUT });
    await screenshot(small, 'present-phone-leaderboard-640', ['[data-testid="total"]']);
    await checkContrast(host, 'host-leaderboard');

    // Question 2 is "select all that apply": ticks and a submit; the phone says what to do.
    await presenter.keyboard.press('PageDown');
    await seeText(byTestId(presenter, 'screen-question-mode'), 'Select all that apply');
    await seeText(byTestId(small, 'question-mode'), 'Kies alle goede antwoorden');
    await seeText(byTestId(small, 'answer-status'), 'Vink alle goede antwoorden aan');
    await byTestId(small, 'option-1').click();
    await byTestId(small, 'option-3').click();
    await seeText(byTestId(small, 'submit-answer'), 'Versturen (2)');
    await screenshot(small, 'present-phone-select-all-640', ['[data-testid="submit-answer"]', '[data-testid="option-3"]']);
    await byTestId(small, 'submit-answer').click();
    await byTestId(small, 'ack-check').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(rest[0], 'option-1').click();
    await byTestId(rest[0], 'submit-answer').click();
    await byTestId(rest[0], 'ack-check').waitFor({ timeout: UI_TIMEOUT });
    await presenter.keyboard.press('PageDown');
    await byTestId(presenter, 'screen-reveal').waitFor({ timeout: UI_TIMEOUT });
    await seeText(byTestId(small, 'result'), 'Goed');
    await seeText(byTestId(rest[0], 'result'), 'Fout');
    await presenter.keyboard.press('PageDown');
    await byTestId(presenter, 'screen-leaderboard').waitFor({ timeout: UI_TIMEOUT });
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Show podium');
    await presenter.keyboard.press('PageDown');
    await byTestId(presenter, 'screen-podium').waitFor({ timeout: UI_TIMEOUT });
    await atProjectorSizes(presenter, 'present-podium', ['[data-testid="podium-step"]', '[data-testid="podium-rest"]']);
    await screenshot(small, 'present-phone-podium-640', ['[data-testid="podium"]']);

    // Blank with B, back with the next press (which does nothing else); the bar hides itself.
    await presenter.keyboard.press('b');
    await byTestId(presenter, 'blank-screen').waitFor({ timeout: UI_TIMEOUT });
    await presenter.keyboard.press('PageDown');
    await byTestId(presenter, 'blank-screen').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await byTestId(presenter, 'screen-podium').waitFor({ timeout: UI_TIMEOUT });
    await presenter.locator('[data-testid="presenter-bar"].away').waitFor({ state: 'attached', timeout: UI_TIMEOUT });
    await presenter.mouse.move(200, 200);
    await presenter.locator('[data-testid="presenter-bar"]:not(.away)').waitFor({ timeout: UI_TIMEOUT });

    // The next activity: a quiz without ranking, driven with the bar's button.
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Next activity: Zonder namen');
    await byTestId(presenter, 'presenter-next').click();
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Start question 1');
    await byTestId(presenter, 'presenter-next').click();
    await byTestId(presenter, 'screen-question').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(small, 'option-0').click();
    await byTestId(small, 'ack-check').waitFor({ timeout: UI_TIMEOUT });
    await presenter.keyboard.press('PageDown');
    await byTestId(presenter, 'screen-reveal').waitFor({ timeout: UI_TIMEOUT });
    await presenter.keyboard.press('PageDown');
    await byTestId(presenter, 'screen-question').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(small, 'option-1').click();
    await byTestId(small, 'ack-check').waitFor({ timeout: UI_TIMEOUT });
    await presenter.keyboard.press('PageDown');
    await byTestId(presenter, 'screen-reveal').waitFor({ timeout: UI_TIMEOUT });
    // No ranking: the console says "Results", never "Podium".
    await seeText(byTestId(host, 'show-podium'), 'Show the results');
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Show the results');
    await presenter.keyboard.press('PageDown');
    await seeText(byTestId(host, 'run-phase'), 'Results');
    await waitUntil(async () => (await byTestId(presenter, 'end-question').count()) === 2);
    await seeText(byTestId(presenter, 'end-question').nth(1), 'hoofdstad');
    await atProjectorSizes(presenter, 'present-results', ['[data-testid="end-question"]']);
    await checkContrast(host, 'host-results');
    await checkContrast(small, 'phone-results');

    // The team-name brainstorm is driven the same way (teams formed in the console first).
    await showTab(host, 'teams');
    await byTestId(host, 'team-method-byCount').check();
    await byTestId(host, 'team-count').fill('2');
    await byTestId(host, 'form-teams').click();
    await host.locator('[data-testid="host-team"]').nth(1).waitFor({ timeout: UI_TIMEOUT });
    // The bar hid itself while the teacher worked in the console; a mouse move brings it back.
    await presenter.mouse.move(200, 200);
    await presenter.mouse.move(220, 210);
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Next activity: Teamnamen');
    await presenter.keyboard.press('PageDown');
    await seeText(byTestId(host, 'run-phase'), /./);
    await waitUntil(async () => (await byTestId(presenter, 'presenter-next-label').textContent()) !== 'Next activity: Teamnamen');
    const labels = [];
    for (let i = 0; i < 3; i++) {
      const label = (await byTestId(presenter, 'presenter-next-label').textContent()) ?? '';
      labels.push(label);
      await checkContrast(presenter, `team-names-screen-${i}`);
      await checkContrast(small, `team-names-phone-${i}`);
      await presenter.keyboard.press('PageDown');
      await waitUntil(async () => (await byTestId(presenter, 'presenter-next-label').textContent()) !== label);
    }
    await waitUntil(async () => (await byTestId(host, 'run-phase').getAttribute('data-phase')) === 'reveal');
    assert.equal(labels.length, 3);
    await seeText(byTestId(presenter, 'presenter-next-label'), 'Nothing more to do here');

    // Without the console the bar says so (and can do nothing).
    await host.close();
    await byTestId(presenter, 'presenter-offline').waitFor({ state: 'attached', timeout: UI_TIMEOUT });
    await presenter.mouse.move(300, 300);
    await byTestId(presenter, 'presenter-offline').waitFor({ timeout: UI_TIMEOUT });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('the console: saving shows where the teacher looks, imports keep their title, removal asks', { timeout: 60_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const host = await (await browser.newContext({ locale: 'nl-NL', viewport: { width: 1366, height: 768 } })).newPage();
    watch(host, problems, 'host');
    await host.goto(`${base}/host`);
    await byTestId(host, 'create-title').fill('MZ2B');
    await byTestId(host, 'create-submit').click();
    await seeText(byTestId(host, 'room-code'), /^[A-HJKMNP-Z2-9]{6}$/);
    await screenshot(host, 'present-host-room-nl', ['[data-testid="open-presenter"]']);
    // The projector without a room code asks for one.
    const pick = await (await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 800 } })).newPage();
    watch(pick, problems, 'pick');
    await pick.goto(`${base}/screen`);
    await screenshot(pick, 'present-screen-pick-1280', ['#screen-code']);
    await seeText(host.locator('main'), 'Studenten doen mee via');
    assert.ok(!(await host.locator('body').textContent())?.match(/organisator|leerling/i), 'docent and studenten, not organisator or leerlingen');

    // A quiz typed in the editor, with "select all that apply" and its rule shown.
    await byTestId(host, 'quiz-title').fill('Even getallen');
    await byTestId(host, 'q-text-0').fill('Welke getallen zijn even?');
    for (const [i, text] of ['3', '4', '7', '12'].entries()) await byTestId(host, `q-option-0-${i}`).fill(text);
    await byTestId(host, 'q-correct-0-1').check();
    await byTestId(host, 'q-correct-0-3').check();
    await seeText(byTestId(host, 'q-mode-hint-0'), 'elk daarvan');
    await byTestId(host, 'q-mode-0-all').check();
    await seeText(byTestId(host, 'q-mode-hint-0'), 'precies de goede antwoorden');
    await byTestId(host, 'save-quiz').scrollIntoViewIfNeeded();
    await byTestId(host, 'save-quiz').click();
    await seeText(byTestId(host, 'host-ok'), 'Toegevoegd');
    await host.locator('[data-testid="agenda-item"].just-saved').waitFor({ timeout: UI_TIMEOUT });
    await screenshot(host, 'present-host-saved', ['[data-testid="host-ok"]', '[data-testid="agenda-item"].just-saved']);
    const spec = await host.evaluate(async () => {
      const rooms = JSON.parse(localStorage.getItem('kring.hostRooms') ?? '[]');
      const res = await fetch(`/api/rooms/${rooms[0].code}`, { headers: { Authorization: `Bearer ${rooms[0].hostKey}` } });
      return (await res.json()).agenda[0].spec;
    });
    assert.equal(spec.questions[0].mode, 'all');

    // Imports: a CSV with its own title keeps it; a JSON without one is named after the file;
    // each opens in the editor so the teacher can rename it.
    const csv = 'titel;vraag;soort;juist;optie1;optie2;optie3\nKennismaking MZ2B;Welke zijn even?;alle;1|3;2;3;4\n';
    await byTestId(host, 'import-file').setInputFiles({ name: 'quiz.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await seeText(byTestId(host, 'host-ok'), 'Kennismaking MZ2B');
    await waitUntil(async () => (await byTestId(host, 'quiz-title').inputValue()) === 'Kennismaking MZ2B');
    await byTestId(host, 'quiz-title').fill('Kennismaking — week 1');
    await byTestId(host, 'save-quiz').click();
    await seeText(byTestId(host, 'agenda-item').nth(1), 'Kennismaking — week 1');
    const json = { questions: [{ text: 'Ja?', options: ['a', 'b'], correct: [0], timeLimitSecs: 10 }] };
    await byTestId(host, 'import-file').setInputFiles({ name: 'week 2.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
    await seeText(byTestId(host, 'agenda-item').nth(2), 'week 2');

    // Removing an activity asks first.
    const last = byTestId(host, 'agenda-item').nth(2);
    await last.locator('[data-testid="remove-activity"]').click();
    await seeText(last.locator('[data-testid="remove-activity"]'), 'Echt verwijderen?');
    assert.equal(await byTestId(host, 'agenda-item').count(), 3, 'nothing removed on the first click');
    await last.locator('[data-testid="remove-activity"]').click();
    await waitUntil(async () => (await byTestId(host, 'agenda-item').count()) === 2);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('a graceful restart mid-question: the banner moves nothing, the time left and the true count come back', { timeout: 60_000 }, async () => {
  let server = await startServer();
  const dataDir = server.dataDir;
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const created = await createRoom(base, 'Herstart');
    const { code, hostKey } = created;
    await addActivity(base, code, hostKey, {
      kind: 'quiz', title: 'Herstart', questions: [{ text: LONG_Q, options: LONG_OPTIONS, correct: [0], timeLimitSecs: 90 }],
    });
    const phones = [];
    for (const name of ['Noor', 'Sem', 'Lotte']) {
      const page = await (await browser.newContext({ ...PHONE, viewport: { width: 360, height: 640 }, locale: 'nl-NL' })).newPage();
      watch(page, problems, name);
      await page.goto(`${base}/?room=${code}`);
      await byTestId(page, 'join-nickname').fill(name);
      await byTestId(page, 'join-submit').click();
      await byTestId(page, 'lobby').waitFor({ timeout: UI_TIMEOUT });
      phones.push(page);
    }
    const screen = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } })).newPage();
    watch(screen, problems, 'screen');
    await screen.goto(`${base}/screen?room=${code}`);
    const host = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 768 } })).newPage();
    watch(host, problems, 'host');
    await host.goto(created.hostUrl);
    await byTestId(host, 'make-current').first().click();
    await byTestId(host, 'next-question').click();
    const [noor] = phones;
    await byTestId(noor, 'option-5').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(noor, 'option-0').click();
    await byTestId(noor, 'ack-check').waitFor({ timeout: UI_TIMEOUT });
    await seeText(byTestId(screen, 'screen-answered'), '1/3');
    const before = await byTestId(phones[1], 'options').boundingBox();
    const secondsBefore = Number(await byTestId(phones[1], 'countdown').textContent());

    const port = new URL(base).port;
    await server.kill();
    await byTestId(phones[1], 'reconnecting').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(screen, 'reconnecting').waitFor({ timeout: UI_TIMEOUT });
    assert.deepEqual(await byTestId(phones[1], 'options').boundingBox(), before, 'the banner pushes nothing down');
    await screenshot(phones[1], 'present-phone-reconnecting-640', Array.from({ length: 6 }, (_, i) => `[data-testid="option-${i}"]`));
    await seeText(byTestId(screen, 'screen-answered'), '…/…');
    server = await startServer({ addr: `127.0.0.1:${port}`, dataDir });
    await byTestId(phones[1], 'reconnecting').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await byTestId(screen, 'reconnecting').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    // The question is still open, with the time it had left (not locked, not reset).
    await byTestId(phones[1], 'option-0').waitFor({ timeout: UI_TIMEOUT });
    const secondsAfter = Number(await byTestId(phones[1], 'countdown').textContent());
    assert.ok(secondsAfter > 0 && secondsAfter <= secondsBefore, `time left kept: ${secondsBefore} → ${secondsAfter}`);
    // The projector counts the class: 1 of 3, whoever is back already.
    await seeText(byTestId(screen, 'screen-answered'), '1/3');
    await checkContrast(screen, 'restart-screen');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
