// Browser test of the projector with many teams: every screen of every kind that shows teams
// (the teams board with role cards, the team-name brainstorm, the brainstorm wall by team, the
// dot-vote of the teams' ideas, the pitch round, the quiz in team mode) must show every team,
// member and name inside the screen, unclipped, without scrolling and names in type no smaller
// than the readable floor (18 px on a screen 1080 px high), at 1920×1080 and 1280×800, with 1,
// 5, 8 and 12 teams of 6 (and 30 teams of 1 where teams are formed). One server and one
// projector page; a room per team count, driven over sockets from the projector page itself
// (students and the host need no page of their own). Screenshots go to /tmp/shots/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import {
  UI_TIMEOUT, addActivityApi, byTestId, createRoom, launch, seeText, socketAct, socketPhones, startServer, waitUntil, watch,
} from './helpers.mjs';

const SIZES = [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }];
const CASES = [{ teams: 1, size: 6 }, { teams: 5, size: 6 }, { teams: 8, size: 6 }, { teams: 12, size: 6 }, { teams: 30, size: 1 }];
/** Long real names: the longest a class brings. */
const FIRST = ['Aleksandra', 'Mohammed', 'Wilhelmina', 'Fatima', 'Bartel', 'Joost', 'Esmeralda', 'Priscilla', 'Maximiliaan', 'Yasmina', 'Christiaan', 'Dewi'];
const LAST = ['van den Berg', 'El Amrani', 'Kowalczyk', 'de Vries', 'Öztürk', 'Janssen'];

/**
 * The host over a plain WebSocket from inside `page`, kept with the socket phones (see
 * `socketPhones`) so that `socketAct` sends its acts; resolves once welcomed.
 * @param {import('playwright-core').Page} page
 * @param {string} code
 * @param {string} hostKey
 */
async function hostSocket(page, code, hostKey) {
  await page.evaluate(async ({ code, hostKey }) => {
    const ws = new WebSocket(`ws://${location.host}/ws?v=1`);
    await new Promise((resolve, reject) => {
      ws.onopen = () => ws.send(JSON.stringify({ type: 'host', room: code, hostKey }));
      ws.onerror = reject;
      ws.onmessage = (ev) => { if (JSON.parse(ev.data).type === 'welcome') resolve(null); };
    });
    /** @type {any} */
    const w = window;
    w.kringPhones ??= [];
    /** @type {any} */
    const host = { index: w.kringPhones.length, teams: [] };
    w.kringPhones.push({ ws, id: null, n: 0 });
    ws.addEventListener('message', (ev) => {
      const msg = JSON.parse(ev.data);
      if (msg.type === 'teams') host.teams = msg.teams.teams.map((/** @type {{ id: number }} */ t) => t.id);
    });
    w.kringHost = host;
  }, { code, hostKey });
}

/**
 * Sends a host act over the socket of `hostSocket`; fails unless the server acknowledges it.
 * @param {import('playwright-core').Page} page
 * @param {object} act
 */
async function hostAct(page, act) {
  const index = await page.evaluate(() => /** @type {any} */ (window).kringHost.index);
  const msg = await socketAct(page, index, act);
  assert.equal(msg.type, 'ack', `${JSON.stringify(act)}: ${JSON.stringify(msg)}`);
}

/**
 * Fails unless every element matching `tiles` lies inside the viewport; every element matching
 * `names` (`:scope`: the tile itself) lies inside its tile and the viewport, unclipped, in type
 * at least the readable floor; every element matching `others` lies inside its tile and the
 * viewport; the fitted boxes and the page do not scroll. Saves a screenshot under /tmp/shots/.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {number} count  tiles expected
 * @param {string} tiles
 * @param {string} names
 * @param {string} [others]
 */
async function assertAllFit(page, name, count, tiles, names, others = '') {
  await mkdir('/tmp/shots', { recursive: true });
  await waitUntil(async () => (await page.locator(tiles).count()) === count).catch(async (e) => {
    await page.screenshot({ path: `/tmp/shots/${name}-failed.png` });
    throw new Error(`${name}: ${count} of ${tiles}: ${e.message}`);
  });
  // Let the fit run (after the render, or at most 250 ms after the last fit; at once on a
  // resize) and any flourish end.
  await page.waitForTimeout(350);
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  await page.screenshot({ path: `/tmp/shots/${name}.png` });
  const found = await page.evaluate(([tileSel, nameSel, otherSel]) => {
    const w = innerWidth;
    const h = innerHeight;
    const floor = (18 * h) / 1080 - 0.5;
    /** @type {string[]} */
    const bad = [];
    /** @param {DOMRect} r @param {{top: number, left: number, bottom: number, right: number}} o */
    const inside = (r, o) => r.top >= o.top - 1 && r.left >= o.left - 1 && r.bottom <= o.bottom + 1 && r.right <= o.right + 1;
    const view = { top: 0, left: 0, bottom: h, right: w };
    /** @param {Element} tile @param {string} sel */
    const within = (tile, sel) => (sel === ':scope' ? [tile] : sel ? [...tile.querySelectorAll(sel)] : []);
    /**
     * The first line of `el` that ends inside a word (not after a space, a hyphen or a soft
     * hyphen), as "…end|start…", or null. (This Chromium has no hyphenation dictionaries, so
     * `hyphens: auto` never breaks a word here: any break inside a word is a cut.)
     * @param {Element} el
     */
    const cutWord = (el) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const s = node.textContent ?? '';
        const range = document.createRange();
        let lastTop = null;
        for (let i = 0; i < s.length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (!rect) continue;
          if (lastTop !== null && rect.top > lastTop + 2 && i > 0 && !/[\s\-\u00ad]/.test(s[i - 1]) && !/\s/.test(s[i])) {
            return `${s.slice(Math.max(0, i - 12), i)}|${s.slice(i, i + 6)}`;
          }
          lastTop = rect.top;
        }
      }
      return null;
    };
    let shown = 0;
    for (const tile of document.querySelectorAll(tileSel)) {
      const t = tile.getBoundingClientRect();
      if (!inside(t, view)) bad.push(`tile at ${Math.round(t.top)}–${Math.round(t.bottom)} outside ${w}×${h}`);
      for (const [el, isName] of [...within(tile, nameSel).map((el) => [el, true]), ...within(tile, otherSel).map((el) => [el, false])]) {
        const e = /** @type {HTMLElement} */ (el);
        shown++;
        const r = e.getBoundingClientRect();
        const text = (e.textContent ?? '').slice(0, 40);
        if (r.height === 0) bad.push(`"${text}" not shown`);
        else if (!inside(r, t)) bad.push(`"${text}" at ${Math.round(r.top)}–${Math.round(r.bottom)} outside its tile ${Math.round(t.top)}–${Math.round(t.bottom)}`);
        else if (!inside(r, view)) bad.push(`"${text}" outside the screen`);
        const cut = cutWord(e);
        if (cut) bad.push(`"${text}" broken mid-word: "${cut}"`);
        if (!isName) continue;
        if (e.scrollWidth > e.clientWidth + 1) bad.push(`"${text}" clipped sideways`);
        const px = parseFloat(getComputedStyle(e).fontSize);
        if (px < floor) bad.push(`"${text}" in ${px.toFixed(1)} px type (floor ${floor.toFixed(1)})`);
      }
    }
    for (const box of document.querySelectorAll('.screen-fit')) {
      if (box.scrollHeight > box.clientHeight + 1) bad.push(`a fitted box scrolls: ${box.scrollHeight} in ${box.clientHeight}`);
    }
    if (document.documentElement.scrollHeight > h + 1) bad.push(`the page scrolls: ${document.documentElement.scrollHeight} in ${h}`);
    if (document.documentElement.scrollWidth > w + 1) bad.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} in ${w}`);
    const boxes = [...document.querySelectorAll('.screen-fit')].map((box) => {
      const b = /** @type {HTMLElement} */ (box);
      return `${b.className} ${b.style.fontSize}${b.dataset.squeeze ? ` squeeze ${b.dataset.squeeze}` : ''}${b.dataset.overlong !== undefined ? ' overlong' : ''}`;
    });
    return { bad: bad.length ? [...bad.slice(0, 8), `fitted: ${boxes.join(', ')}`] : [], shown };
  }, [tiles, names, others]);
  assert.ok(found.shown > 0, `${name}: names on the screen`);
  assert.deepEqual(found.bad, [], `${name}: ${found.bad.join('; ')}`);
}

/**
 * Checks the current screen at each projector size (and leaves the page at the first).
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {number} count
 * @param {string} tiles
 * @param {string} names
 * @param {string} [others]
 */
async function atEverySize(page, name, count, tiles, names, others) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await assertAllFit(page, `${name}-${size.width}x${size.height}`, count, tiles, names, others);
  }
  await page.setViewportSize(SIZES[0]);
}

/** @type {{ server: Awaited<ReturnType<typeof startServer>>, browser: import('playwright-core').Browser, screen: import('playwright-core').Page, problems: string[] }} */
let env;

before(async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  const ctx = await browser.newContext({ locale: 'nl-NL', viewport: SIZES[0] });
  const screen = await ctx.newPage();
  watch(screen, problems, 'screen');
  env = { server, browser, screen, problems };
});

after(async () => {
  await env?.browser.close();
  await env?.server.stop();
  assert.deepEqual(env?.problems ?? [], []);
});

/** Long team names a class comes up with (at most 24 characters). */
const TEAM_NAMES = ['Huiswerkbegeleiders', 'De Nachtuilen van 3B', 'Koffie en Code', 'Zonnebloemen',
  'Onderwijsvernieuwers', 'Team Superkrachtig', 'De Stille Denkers', 'Brandweerlieden',
  'Schoolverbeteraars', 'Pizzabakkers United', 'Kantinecommissie', 'De Laatste Rij'];

/**
 * A room on the projector page with `teams` teams of `size` (long names), roles dealt, the
 * host's socket open, and the teams renamed unless `keepNames`.
 * @param {number} teams
 * @param {number} size
 * @param {boolean} [keepNames]
 * @returns {Promise<{ code: string, hostKey: string, names: string[], teamIds: number[] }>}
 */
async function teamsRoom(teams, size, keepNames = false) {
  const { screen, server } = env;
  const { code, hostKey } = await createRoom(server.url, 'MZ2B — De ideale les');
  await screen.goto(`${server.url}/screen?room=${code}`);
  await byTestId(screen, 'screen-code').waitFor({ timeout: UI_TIMEOUT });
  const names = Array.from({ length: teams * size }, (_, i) => `${FIRST[i % 12]} ${LAST[Math.floor(i / 12) % 6]}`);
  await socketPhones(screen, code, names);
  await hostSocket(screen, code, hostKey);
  await hostAct(screen, { type: 'formTeams', formation: { type: 'byCount', count: teams } });
  await hostAct(screen, { type: 'dealRoles' });
  await waitUntil(async () => (await screen.evaluate(() => /** @type {any} */ (window).kringHost.teams.length)) === teams);
  /** @type {number[]} */
  const teamIds = await screen.evaluate(() => /** @type {any} */ (window).kringHost.teams);
  if (!keepNames) {
    for (const [i, team] of teamIds.entries()) await hostAct(screen, { type: 'renameTeam', team, name: TEAM_NAMES[i % 12] });
  }
  return { code, hostKey, names, teamIds };
}

/**
 * An activity's input as the socket acts send it.
 * @param {number} activity
 * @param {string} kind
 * @param {object} body
 */
function input(activity, kind, body) {
  return { type: 'activity', activity, input: { kind, ...body } };
}

/**
 * Sends `act(i)` from every socket phone; fails unless each is acknowledged.
 * @param {number} n
 * @param {(i: number) => object} act
 */
async function everyPhone(n, act) {
  for (let i = 0; i < n; i++) {
    const ack = await socketAct(env.screen, i, act(i));
    assert.equal(ack.type, 'ack', JSON.stringify(ack));
  }
}

const TEAM_COUNTS = [1, 5, 8, 12];

test('the teams board and every phase of the team names fit the projector with 1 to 12 teams of 6 and 30 of 1', { timeout: 300_000 }, async () => {
  const { screen } = env;
  for (const { teams, size } of CASES) {
    const label = `${teams}x${size}`;
    const { code, hostKey, names } = await teamsRoom(teams, size, true);
    await atEverySize(screen, `teams-${label}`, teams, '[data-testid="screen-team"]', '.nick, [data-testid="screen-team-name"]');

    const activity = await addActivityApi(env.server.url, code, hostKey, { kind: 'teamNames', title: 'Onze teamnaam', perPerson: 1, randomTies: false });
    await hostAct(screen, { type: 'setCurrent', activity });
    await hostAct(screen, input(activity, 'teamNames', { type: 'startProposing' }));
    await everyPhone(names.length, (i) => input(activity, 'teamNames', { type: 'propose', name: `Huiswerkbegeleiders ${'ABCDEFGHJKLMNPQRSTUVWXYZ'[i % 24]}${'abc'[Math.floor(i / 24)]}` }));
    await atEverySize(screen, `names-propose-${label}`, teams, '[data-testid="screen-names-team"]', '.name-tile-name, [data-testid="screen-names-members"]');
    // What to do now is read from the back: at least 36 px on a 1920×1080 projector (it was 22).
    const instruction = await screen.locator('.screen-names .q-text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(instruction >= 36, `the team-name instruction in ${instruction} px type`);
    await hostAct(screen, input(activity, 'teamNames', { type: 'startVoting' }));
    await atEverySize(screen, `names-vote-${label}`, teams, '[data-testid="screen-names-team"]', '.name-tile-name, [data-testid="screen-names-members"]');
    await hostAct(screen, input(activity, 'teamNames', { type: 'reveal' }));
    if (size > 1) {
      // Nobody voted: every team of several is tied, and the teacher decides before the reveal.
      await atEverySize(screen, `names-decide-${label}`, teams, '[data-testid="screen-decide-team"]', '.name-tile-name, .name-tile-note');
      await hostAct(screen, input(activity, 'teamNames', { type: 'drawLots' }));
      await hostAct(screen, input(activity, 'teamNames', { type: 'reveal' }));
    }
    await atEverySize(screen, `names-reveal-${label}`, teams, '[data-testid="screen-name-result"]', '.name-tile-name');
  }
});

test('the brainstorm wall by team fits the projector with 1 to 12 teams of 6', { timeout: 300_000 }, async () => {
  const { screen } = env;
  for (const teams of TEAM_COUNTS) {
    const { code, hostKey, names } = await teamsRoom(teams, 6);
    const activity = await addActivityApi(env.server.url, code, hostKey, {
      kind: 'brainstorm', title: 'Wat zou school beter maken?', perPerson: 5, maxChars: 140, byTeam: true, anonymous: false,
    });
    await hostAct(screen, { type: 'setCurrent', activity });
    await hostAct(screen, input(activity, 'brainstorm', { type: 'open' }));
    await everyPhone(names.length, (i) => input(activity, 'brainstorm', {
      type: 'add', text: i % 3 ? 'Huiswerkbegeleiding na het zesde uur' : 'Meer stilteplekken om te leren',
    }));
    await atEverySize(screen, `wall-${teams}x6`, teams, '[data-testid="screen-wall-column"]', '.wall-column-name', '[data-testid="screen-wall-card"]');
  }
});

test('the dot-vote of the teams\' ideas, live and revealed by team, fits the projector with 1 to 12 teams of 6', { timeout: 300_000 }, async () => {
  const { screen } = env;
  for (const teams of TEAM_COUNTS) {
    const { code, hostKey, names, teamIds } = await teamsRoom(teams, 6);
    // Two ideas of every team (a dot-vote needs two options).
    const options = teamIds.flatMap((team, i) => [
      { text: `Huiswerkbegeleiding na het zesde uur (${i + 1})`, team },
      { text: `Meer stilteplekken om te leren (${i + 1})`, team },
    ]);
    const activity = await addActivityApi(env.server.url, code, hostKey, {
      kind: 'dotVote', title: 'Wat pakken we eerst aan?', options, dots: 3, byTeam: true,
    });
    await hostAct(screen, { type: 'setCurrent', activity });
    await hostAct(screen, input(activity, 'dotVote', { type: 'open' }));
    await atEverySize(screen, `vote-open-${teams}x6`, options.length, '[data-testid="screen-vote-option"]', ':scope');
    await everyPhone(names.length, (i) => input(activity, 'dotVote', { type: 'place', ballot: [{ option: i % options.length, dots: 2 }, { option: (i * 7 + 1) % options.length, dots: 1 }] }));
    await hostAct(screen, input(activity, 'dotVote', { type: 'reveal' }));
    await atEverySize(screen, `vote-results-${teams}x6`, options.length, '[data-testid="screen-vote-result"]', '.rank-text', '.bar-seg .team-badge');
  }
});

test('the pitch round (order, a pitch, results) fits the projector with 1 to 12 teams of 6', { timeout: 300_000 }, async () => {
  const { screen } = env;
  for (const teams of TEAM_COUNTS) {
    const { code, hostKey } = await teamsRoom(teams, 6);
    const activity = await addActivityApi(env.server.url, code, hostKey, { kind: 'pitches', title: 'Pitches: de ideale les', pitchSecs: null, feedbackSecs: null });
    await hostAct(screen, { type: 'setCurrent', activity });
    await atEverySize(screen, `pitch-order-${teams}x6`, teams, '[data-testid="screen-order-team"]', ':scope');
    await hostAct(screen, input(activity, 'pitches', { type: 'start' }));
    await atEverySize(screen, `pitch-now-${teams}x6`, 1, '[data-testid="screen-pitch-team"]', ':scope');
    for (let i = 0; i < teams; i++) await hostAct(screen, input(activity, 'pitches', { type: 'next' }));
    await atEverySize(screen, `pitch-results-${teams}x6`, teams, '[data-testid="screen-pitch-result"]', '[data-testid="screen-result-team"]', 'td');
    // The column heads ("Beoordeeld door") wrap at spaces, never mid-word.
    await atEverySize(screen, `pitch-results-head-${teams}x6`, 1, 'table.pitch-board thead', '', 'th');
  }
});

test('the quiz in team mode (leaderboard, podium) fits the projector with 1 to 12 teams of 6', { timeout: 300_000 }, async () => {
  const { screen } = env;
  for (const teams of TEAM_COUNTS) {
    const { code, hostKey, names } = await teamsRoom(teams, 6);
    const activity = await addActivityApi(env.server.url, code, hostKey, {
      kind: 'quiz', title: 'Kennisquiz', teamMode: true,
      questions: [{ text: 'Wat is de hoofdstad van Nederland?', options: ['Amsterdam', 'Rotterdam', 'Den Haag'], correct: [0], timeLimitSecs: 600 }],
    });
    await hostAct(screen, { type: 'setCurrent', activity });
    await hostAct(screen, input(activity, 'quiz', { type: 'startQuestion', question: 0 }));
    // Everyone answered: the question closes by itself.
    await everyPhone(names.length, (i) => input(activity, 'quiz', { type: 'answer', question: 0, choice: i % 3 }));
    await hostAct(screen, input(activity, 'quiz', { type: 'showLeaderboard' }));
    await atEverySize(screen, `quiz-leaderboard-${teams}x6`, teams, '[data-testid="team-board-entry"]', '[data-testid="team-board-name"]');
    await hostAct(screen, input(activity, 'quiz', { type: 'showPodium' }));
    await atEverySize(screen, `quiz-podium-${teams}x6`, Math.min(3, teams), '[data-testid="podium-step"]', '[data-testid="podium-nickname"]');
    if (teams > 3) await atEverySize(screen, `quiz-podium-rest-${teams}x6`, teams - 3, '[data-testid="podium-rest"]', '.nick');
  }
});

/**
 * Whether the element matching `selector` is shown (not `visibility: hidden`).
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 */
async function shown(page, selector) {
  return page.locator(selector).first().evaluate((el) => getComputedStyle(el).visibility !== 'hidden' && el.getBoundingClientRect().height > 0);
}

test('controls leave the projected picture when the mouse rests; the presenter bar never covers lobby names', { timeout: 120_000 }, async () => {
  const { screen, server } = env;
  const { code } = await createRoom(server.url, 'MZ2B — De ideale les');
  // A plain projector: full screen and NL/EN go after a few seconds without the mouse, and come back with it.
  await screen.goto(`${server.url}/screen?room=${code}`);
  await byTestId(screen, 'screen-code').waitFor({ timeout: UI_TIMEOUT });
  await screen.mouse.move(10, 10);
  await screen.mouse.move(20, 20);
  assert.ok(await shown(screen, '[data-testid="lang-toggle"]'), 'NL/EN while the mouse moves');
  await waitUntil(async () => !(await shown(screen, '[data-testid="lang-toggle"]')));
  assert.equal(await shown(screen, '[data-testid="fullscreen"]'), false, 'no full-screen button on the idle picture');
  await screen.mouse.move(200, 200);
  await waitUntil(async () => shown(screen, '[data-testid="lang-toggle"]'));
  assert.ok(await shown(screen, '[data-testid="fullscreen"]'), 'full screen is back with the mouse');

  // Presenter mode with 60 names in the lobby: with the bar up, no name is under it.
  await screen.goto(`${server.url}/screen?room=${code}&present=1`);
  await byTestId(screen, 'screen-code').waitFor({ timeout: UI_TIMEOUT });
  const names = Array.from({ length: 60 }, (_, i) => `${FIRST[i % 12]} ${LAST[Math.floor(i / 12) % 6]}`);
  await socketPhones(screen, code, names);
  await waitUntil(async () => (await screen.locator('[data-testid="lobby-name"]').count()) >= 40);
  for (const size of SIZES) {
    await screen.setViewportSize(size);
    await screen.waitForTimeout(800);
    await screen.mouse.move(size.width / 2, size.height / 3);
    await screen.mouse.move(size.width / 2 + 5, size.height / 3);
    await waitUntil(async () => shown(screen, '[data-testid="presenter-bar"]'));
    await screen.screenshot({ path: `/tmp/shots/present-lobby-${size.width}x${size.height}.png` });
    const covered = await screen.evaluate(() => {
      const bar = /** @type {Element} */ (document.querySelector('[data-testid="presenter-bar"]')).getBoundingClientRect();
      return [...document.querySelectorAll('[data-testid="lobby-name"], [data-testid="lobby-more"]')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.height > 0 && r.left < bar.right && r.right > bar.left && r.top < bar.bottom && r.bottom > bar.top;
      }).map((el) => el.textContent);
    });
    assert.deepEqual(covered, [], `${size.width}×${size.height}: names under the presenter bar`);
  }
  await screen.setViewportSize(SIZES[0]);
});

test('an activity about to start shows what comes: its title big, what to do, the code smaller', { timeout: 120_000 }, async () => {
  const { screen, server } = env;
  const { code, hostKey } = await createRoom(server.url, 'MZ2B — De ideale les');
  await screen.goto(`${server.url}/screen?room=${code}`);
  await byTestId(screen, 'screen-code').waitFor({ timeout: UI_TIMEOUT });
  await hostSocket(screen, code, hostKey);
  const kinds = [
    { spec: { kind: 'brainstorm', title: 'Wat zou school beter maken?', perPerson: 3, maxChars: 140 }, nl: 'Schrijf je ideeën op je telefoon', en: 'Write your ideas on your phone' },
    { spec: { kind: 'dotVote', title: 'Wat pakken we eerst aan?', options: [{ text: 'Stilteplekken' }, { text: 'Huiswerkbegeleiding' }] }, nl: 'Stem op je telefoon met stickers', en: 'Vote with stickers on your phone' },
    { spec: { kind: 'teamNames', title: 'Onze teamnaam', perPerson: 1 }, nl: 'Bedenk op je telefoon een naam voor je team', en: 'Think up a name for your team' },
    { spec: { kind: 'quiz', title: 'Kennisquiz over de ideale les', questions: [{ text: 'Wat?', options: ['A', 'B'], correct: [0], timeLimitSecs: 30 }] }, nl: 'Beantwoord de vragen op je telefoon', en: 'Answer the questions on your phone' },
  ];
  for (const { spec, nl, en } of kinds) {
    const activity = await addActivityApi(server.url, code, hostKey, spec);
    await hostAct(screen, { type: 'setCurrent', activity });
    await seeText(byTestId(screen, 'screen-coming-title'), spec.title);
    await seeText(byTestId(screen, 'screen-coming-todo'), nl);
    for (const size of SIZES) {
      await screen.setViewportSize(size);
      await screen.waitForTimeout(300);
      await screen.screenshot({ path: `/tmp/shots/coming-${spec.kind}-${size.width}x${size.height}.png` });
      const m = await screen.evaluate(() => {
        const px = (/** @type {string} */ id) => {
          const el = /** @type {Element} */ (document.querySelector(`[data-testid="${id}"]`));
          const r = el.getBoundingClientRect();
          return { px: parseFloat(getComputedStyle(el).fontSize), inside: r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth };
        };
        return {
          title: px('screen-coming-title'), todo: px('screen-coming-todo'), code: px('screen-code'), qr: px('screen-qr'),
          scrolls: document.documentElement.scrollHeight > innerHeight + 1,
        };
      });
      const where = `${spec.kind} at ${size.width}×${size.height}`;
      assert.ok(m.title.inside && m.todo.inside && m.code.inside && m.qr.inside && !m.scrolls, `${where}: all on the screen ${JSON.stringify(m)}`);
      assert.ok(m.title.px >= (48 * size.height) / 1080, `${where}: the title is big (${m.title.px} px)`);
      assert.ok(m.todo.px >= (28 * size.height) / 1080, `${where}: what to do is read from the back (${m.todo.px} px)`);
      assert.ok(m.code.px < m.title.px, `${where}: the code is smaller than the title`);
    }
    await screen.setViewportSize(SIZES[0]);
    await screen.mouse.move(30, 30);
    await screen.mouse.move(40, 40);
    await byTestId(screen, 'lang-en').click();
    await seeText(byTestId(screen, 'screen-coming-todo'), en);
    await byTestId(screen, 'lang-nl').click();
  }
});
