// The phone in a real class (issue 23): the role card stays in reach (folded to one line)
// during every activity; a reload keeps what was typed but not yet sent (an idea, a team name, a
// rating with its top and tip), quick taps on a dot-vote's "+" are never lost, and a live update
// never takes the text, focus or caret of what is being typed; words wrap at spaces, never
// mid-word. Phones are 360×740, one Dutch and one English.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launch, byTestId, seeText, screenshot, waitUntil, createRoom, addActivityApi, joinPhones,
  socketPhones, socketAct, UI_TIMEOUT,
} from './helpers.mjs';

/**
 * Opens a host socket on `page` for the test to drive the room without a console: kept among
 * the page's socket phones (`socketPhones`), at `index`, with the latest teams and activity it
 * was sent (`kringHost`).
 * @param {import('playwright-core').Page} page
 * @param {string} code
 * @param {string} hostKey
 * @returns {Promise<number>} its index for `socketAct`
 */
async function hostSocket(page, code, hostKey) {
  return page.evaluate(({ code, hostKey }) => new Promise((resolve, reject) => {
    /** @type {any} */
    const w = window;
    const ws = new WebSocket(`ws://${location.host}/ws?v=1`);
    const host = { ws, id: null, n: 0, teams: null, current: null };
    w.kringHost = host;
    w.kringPhones ??= [];
    ws.onopen = () => ws.send(JSON.stringify({ type: 'host', room: code, hostKey }));
    ws.onerror = reject;
    ws.onmessage = (ev) => {
      const msg = JSON.parse(ev.data);
      if (msg.type === 'welcome') {
        host.teams = msg.room.teams;
        host.current = msg.room.current;
        resolve(w.kringPhones.push(host) - 1);
      }
      if (msg.type === 'teams') host.teams = msg.teams;
      if (msg.type === 'activity') host.current = msg.current;
      if (msg.type === 'error' && msg.ref === null) reject(new Error(msg.code));
    };
  }), { code, hostKey });
}

/** The index of the host socket among the driver page's sockets (after two socket phones). */
const HOST = 2;

/**
 * Sends a host action over `hostSocket`; fails unless the server acknowledges it.
 * @param {import('playwright-core').Page} page
 * @param {object} act
 */
async function hostAct(page, act) {
  const answer = await socketAct(page, HOST, act);
  assert.equal(answer.type, 'ack', `host ${JSON.stringify(act)}: ${JSON.stringify(answer)}`);
}

/**
 * Makes `activity` current and starts it with `input`.
 * @param {import('playwright-core').Page} driver
 * @param {number} activity
 * @param {object[]} inputs
 */
async function run(driver, activity, ...inputs) {
  await hostAct(driver, { type: 'setCurrent', activity });
  for (const input of inputs) await hostAct(driver, { type: 'activity', activity, input });
}

const WALL = { kind: 'brainstorm', title: 'Wat zou school beter maken?', perPerson: 5, maxChars: 140, anonymous: true };
const NAMES = { kind: 'teamNames', title: 'Onze teamnaam', perPerson: 3 };
const VOTE = {
  kind: 'dotVote', title: 'Stemmen met stickers', dots: 8, maxPerOption: null, liveResults: false,
  options: ['Huiswerkbegeleiding', 'Een stiltelokaal', 'Langere pauzes'].map((text) => ({ text, team: null, card: null })),
};
const PITCHES = { kind: 'pitches', title: 'Pitches', pitchSecs: null, feedbackSecs: null };

/**
 * A room with a wall, a team-name brainstorm, a dot-vote and a pitch round; Noor (Dutch) and
 * Eli (English) on phones, each in a team of two with a socket student, roles dealt.
 * @param {import('playwright-core').Browser} browser
 * @param {string} base
 * @param {string[]} problems
 */
async function classroom(browser, base, problems) {
  const { code, hostKey } = await createRoom(base, 'MZ2B — De ideale les');
  const ids = {
    wall: await addActivityApi(base, code, hostKey, WALL),
    names: await addActivityApi(base, code, hostKey, NAMES),
    vote: await addActivityApi(base, code, hostKey, VOTE),
    pitches: await addActivityApi(base, code, hostKey, PITCHES),
  };
  const [noor] = await joinPhones(browser, base, code, ['Noor'], problems);
  const [eli] = await joinPhones(browser, base, code, ['Eli'], problems, 'en-GB');
  const driver = await (await browser.newContext()).newPage();
  await driver.goto(`${base}/healthz`);
  await socketPhones(driver, code, ['Sam', 'Jip']);
  assert.equal(await hostSocket(driver, code, hostKey), HOST);
  await hostAct(driver, { type: 'formTeams', formation: { type: 'byCount', count: 2 } });
  await waitUntil(async () => (await driver.evaluate(() => /** @type {any} */ (window).kringHost.teams.teams.length)) === 2);
  /** @type {{ id: number, members: { id: number, nickname: string }[] }[]} */
  const teams = await driver.evaluate(() => /** @type {any} */ (window).kringHost.teams.teams);
  const idOf = (/** @type {string} */ nick) => teams.flatMap((t) => t.members).find((m) => m.nickname === nick)?.id;
  const [one, two] = teams.map((t) => t.id);
  for (const [nick, team] of /** @type {[string, number][]} */ ([['Noor', one], ['Sam', one], ['Eli', two], ['Jip', two]])) {
    await hostAct(driver, { type: 'moveToTeam', participant: idOf(nick), team });
  }
  await hostAct(driver, { type: 'dealRoles' });
  await byTestId(noor, 'my-role').waitFor({ timeout: UI_TIMEOUT });
  await byTestId(eli, 'my-role').waitFor({ timeout: UI_TIMEOUT });
  return { code, hostKey, ids, noor, eli, driver, teams: { noor: one, eli: two } };
}

test('the role card stays on the phone, folded to one line, during every activity (nl and en)', { timeout: 120_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const { ids, noor, eli, driver, teams } = await classroom(browser, server.url, problems);
    const roleOf = async (/** @type {import('playwright-core').Page} */ p) => ((await byTestId(p, 'my-role-name').textContent()) ?? '').trim();
    const roles = { noor: await roleOf(noor), eli: await roleOf(eli) };
    const kinds = /** @type {[string, number, object[], string][]} */ ([
      ['wall', ids.wall, [{ kind: 'brainstorm', type: 'open' }], 'wall-phone'],
      ['names', ids.names, [{ kind: 'teamNames', type: 'startProposing' }], 'names-propose'],
      ['vote', ids.vote, [{ kind: 'dotVote', type: 'open' }], 'vote-phone'],
      ['pitches', ids.pitches, [{ kind: 'pitches', type: 'setOrder', teams: [teams.eli, teams.noor] }, { kind: 'pitches', type: 'start' }, { kind: 'pitches', type: 'openFeedback' }], 'pitch-form'],
    ]);
    for (const [kind, id, inputs, shown] of kinds) {
      await run(driver, id, ...inputs);
      for (const [who, page] of /** @type {['noor' | 'eli', import('playwright-core').Page][]} */ ([['noor', noor], ['eli', eli]])) {
        const lang = who === 'noor' ? 'nl' : 'en';
        if (kind !== 'pitches' || who === 'noor') await byTestId(page, shown).waitFor({ timeout: UI_TIMEOUT });
        else await byTestId(page, 'pitch-own').waitFor({ timeout: UI_TIMEOUT });
        // Folded: one line with the role's name, the card's text out of sight.
        const strip = byTestId(page, 'role-strip');
        await seeText(byTestId(page, 'role-strip-name'), roles[who]);
        assert.equal(await byTestId(page, 'role-strip-card').isVisible(), false, `${kind} ${lang}: the role card is folded`);
        const box = await byTestId(page, 'role-strip-toggle').boundingBox();
        assert.ok(box && box.height <= 56 && box.y < 740, `${kind} ${lang}: one line at the top (${JSON.stringify(box)})`);
        await screenshot(page, `phone-${kind}-role-${lang}`, ['[data-testid="role-strip-name"]']);
        // A tap opens the whole card; it stays open through a live update.
        await byTestId(page, 'role-strip-toggle').tap();
        await byTestId(page, 'role-strip-card').waitFor({ timeout: UI_TIMEOUT });
        await seeText(byTestId(page, 'role-strip-card'), who === 'noor' ? /Komt met|Werkt de|Checkt/ : /Comes up|Turns the|Checks/);
        await screenshot(page, `phone-${kind}-role-open-${lang}`, ['[data-testid="role-strip-card"]']);
        await byTestId(page, 'role-strip-toggle').tap();
        await waitUntil(async () => !(await byTestId(page, 'role-strip-card').isVisible()));
        assert.equal(await strip.count(), 1);
      }
    }
    // Without dealt roles there is no strip.
    await hostAct(driver, { type: 'dissolveTeams' });
    await waitUntil(async () => (await byTestId(noor, 'role-strip').count()) === 0);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

/**
 * The draft keys this page keeps in its storage.
 * @param {import('playwright-core').Page} page
 */
async function draftKeys(page) {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('kring.draft.')));
}

/**
 * Reloads a phone and waits for `testid`.
 * @param {import('playwright-core').Page} page
 * @param {string} testid
 */
async function reload(page, testid) {
  await page.reload();
  await byTestId(page, testid).waitFor({ timeout: UI_TIMEOUT });
}

test('a reload keeps a half-typed idea, team name and rating; a live update keeps text, focus and caret; quick + taps all count', { timeout: 150_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const { ids, noor, eli, driver, teams } = await classroom(browser, server.url, problems);

    // The wall: typing, while another student's idea arrives live.
    await run(driver, ids.wall, { kind: 'brainstorm', type: 'open' });
    const idea = byTestId(noor, 'wall-input');
    await idea.waitFor({ timeout: UI_TIMEOUT });
    await idea.fill('Meer planten in de aula');
    await idea.evaluate((el) => /** @type {HTMLTextAreaElement} */ (el).setSelectionRange(5, 5));
    assert.equal((await socketAct(driver, 0, { type: 'activity', activity: ids.wall, input: { kind: 'brainstorm', type: 'add', text: 'Een stiltelokaal' } })).type, 'ack');
    await seeText(byTestId(noor, 'wall-cards'), 'Een stiltelokaal');
    const typing = await idea.evaluate((el) => ({
      focused: document.activeElement === el,
      value: /** @type {HTMLTextAreaElement} */ (el).value,
      caret: /** @type {HTMLTextAreaElement} */ (el).selectionStart,
    }));
    assert.deepEqual(typing, { focused: true, value: 'Meer planten in de aula', caret: 5 }, 'a live update keeps what is typed');
    await reload(noor, 'wall-input');
    assert.equal(await byTestId(noor, 'wall-input').inputValue(), 'Meer planten in de aula', 'the half-typed idea is back after a reload');
    await byTestId(noor, 'wall-add').click();
    await seeText(byTestId(noor, 'wall-status'), 'Ontvangen');
    await waitUntil(async () => (await byTestId(noor, 'wall-input').inputValue()) === '');
    assert.deepEqual(await draftKeys(noor), [], 'an acknowledged idea is no draft any more');
    await reload(noor, 'wall-input');
    assert.equal(await byTestId(noor, 'wall-input').inputValue(), '');
    // A change to the own idea, half typed, is back after a reload too.
    await byTestId(noor, 'wall-edit').click();
    await byTestId(noor, 'wall-edit-input').fill('Meer planten en banken in de aula');
    await reload(noor, 'wall-edit-input');
    assert.equal(await byTestId(noor, 'wall-edit-input').inputValue(), 'Meer planten en banken in de aula', 'the half-typed change is back');
    await byTestId(noor, 'wall-edit-save').click();
    await seeText(byTestId(noor, 'wall-edit-status'), 'Ontvangen');
    await seeText(byTestId(noor, 'wall-mine'), 'Meer planten en banken in de aula');
    assert.deepEqual(await draftKeys(noor), []);

    // The team-name brainstorm.
    await run(driver, ids.names, { kind: 'teamNames', type: 'startProposing' });
    await byTestId(eli, 'names-input').fill('Night owls');
    await reload(eli, 'names-input');
    assert.equal(await byTestId(eli, 'names-input').inputValue(), 'Night owls', 'the half-typed team name is back');
    await byTestId(eli, 'names-propose-submit').click();
    await seeText(byTestId(eli, 'names-status'), 'Received');
    await seeText(byTestId(eli, 'names-proposals'), 'Night owls');
    assert.deepEqual(await draftKeys(eli), []);
    await reload(eli, 'names-input');
    assert.equal(await byTestId(eli, 'names-input').inputValue(), '');

    // The dot-vote: two taps within the send delay, then more around the moment it sends.
    await run(driver, ids.vote, { kind: 'dotVote', type: 'open' });
    await byTestId(eli, 'vote-more').first().waitFor({ timeout: UI_TIMEOUT });
    const more = eli.locator('[data-testid="vote-more"]');
    const mine = async () => (await eli.locator('[data-testid="vote-mine"] .vote-mine-n').allTextContents()).map(Number);
    // Two taps, and the page goes before they were sent: they are sent after the reload.
    await more.nth(0).tap();
    await more.nth(0).tap();
    await eli.reload();
    await byTestId(eli, 'vote-phone').waitFor({ timeout: UI_TIMEOUT });
    await seeText(byTestId(eli, 'vote-status'), 'Received');
    assert.deepEqual(await mine(), [2, 0, 0], 'two quick taps before a reload both count');
    await more.nth(0).tap();
    await more.nth(0).tap();
    await eli.waitForTimeout(330);
    await more.nth(1).tap();
    await eli.waitForTimeout(40);
    await more.nth(1).tap();
    await seeText(byTestId(eli, 'vote-status'), 'Received');
    await eli.waitForTimeout(400);
    assert.deepEqual(await mine(), [4, 2, 0]);
    await more.nth(2).tap();
    await seeText(byTestId(eli, 'vote-status'), 'Received');
    await hostAct(driver, { type: 'activity', activity: ids.vote, input: { kind: 'dotVote', type: 'close' } });
    await hostAct(driver, { type: 'activity', activity: ids.vote, input: { kind: 'dotVote', type: 'reveal' } });
    await waitUntil(async () => driver.evaluate(() => /** @type {any} */ (window).kringHost.current?.phase?.phase === 'revealed'));
    /** @type {{ option: number, dots: number }[]} */
    const results = await driver.evaluate(() => /** @type {any} */ (window).kringHost.current.phase.results);
    assert.deepEqual(Object.fromEntries(results.map((r) => [r.option, r.dots])), { 0: 4, 1: 2, 2: 1 }, 'every tap counts on the server');
    assert.deepEqual(await draftKeys(eli), []);

    // The pitch round: a rating with its top and tip, half done.
    await run(driver, ids.pitches, { kind: 'pitches', type: 'setOrder', teams: [teams.eli, teams.noor] },
      { kind: 'pitches', type: 'start' }, { kind: 'pitches', type: 'openFeedback' });
    await byTestId(noor, 'pitch-form').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(noor, 'rate-star-0-4').tap();
    await byTestId(noor, 'rate-star-1-2').tap();
    await byTestId(noor, 'rate-top').fill('Sterk begin');
    await byTestId(noor, 'rate-tip').fill('Praat wat langzamer');
    await reload(noor, 'pitch-form');
    assert.equal(await byTestId(noor, 'rate-star-0-4').getAttribute('aria-pressed'), 'true', 'the stars are back');
    assert.equal(await byTestId(noor, 'rate-star-1-2').getAttribute('aria-pressed'), 'true');
    assert.equal(await byTestId(noor, 'rate-top').inputValue(), 'Sterk begin', 'the top is back');
    assert.equal(await byTestId(noor, 'rate-tip').inputValue(), 'Praat wat langzamer', 'the tip is back');
    await byTestId(noor, 'rate-star-2-5').tap();
    await byTestId(noor, 'rate-submit').click();
    await seeText(byTestId(noor, 'rate-status'), 'Ontvangen');
    assert.deepEqual(await draftKeys(noor), []);
    await reload(noor, 'pitch-form');
    assert.equal(await byTestId(noor, 'rate-top').inputValue(), 'Sterk begin', 'the sent rating shows');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

/**
 * The words on `page` that are broken across two lines (inside `main`); a break right after a
 * hyphen or at a soft hyphen is a proper one and not counted. (This chromium has no
 * hyphenation dictionaries, so every other break is one without a hyphen.)
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string[]>}
 */
async function brokenWords(page) {
  return page.evaluate(() => {
    /** @type {string[]} */
    const broken = [];
    const walker = document.createTreeWalker(document.querySelector('main') ?? document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const m of text.matchAll(/[^\s\u00AD-]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index ?? 0);
        range.setEnd(node, (m.index ?? 0) + m[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom)));
        if (lines.size > 1) broken.push(`${m[0]} (${node.parentElement?.className ?? ''})`);
      }
    }
    return broken;
  });
}

test('at 360 wide words wrap at spaces, never mid-word: team names, role, wall, votes (nl and en)', { timeout: 120_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const { ids, noor, eli, driver, teams } = await classroom(browser, server.url, problems);
    const phones = /** @type {[string, import('playwright-core').Page][]} */ ([['nl', noor], ['en', eli]]);
    await hostAct(driver, { type: 'renameTeam', team: teams.noor, name: 'Huiswerkbegeleiders' });
    await hostAct(driver, { type: 'renameTeam', team: teams.eli, name: 'Nachtuilen uit Zwolle' });
    /**
     * Fails when a phone shows a word broken mid-word; takes its screenshot.
     * @param {string} name
     */
    const check = async (name) => {
      for (const [lang, page] of phones) {
        await page.waitForTimeout(100);
        await screenshot(page, `phone-words-${name}-${lang}`);
        assert.deepEqual(await brokenWords(page), [], `${name} (${lang}): words broken mid-word`);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
        assert.ok(wide <= 1, `${name} (${lang}): the page scrolls sideways by ${wide} px`);
      }
    };
    await check('lobby');

    await run(driver, ids.names, { kind: 'teamNames', type: 'startProposing' });
    for (const [i, name] of ['Nachtuilen', 'Stiltelokaalbewakers'].entries()) {
      await byTestId(noor, 'names-input').fill(name);
      await byTestId(noor, 'names-propose-submit').click();
      await seeText(byTestId(noor, 'names-proposals'), name);
      await byTestId(eli, 'names-input').fill(['Night owls of Zwolle', 'Homeworkhelpers'][i]);
      await byTestId(eli, 'names-propose-submit').click();
    }
    await socketAct(driver, 0, { type: 'activity', activity: ids.names, input: { kind: 'teamNames', type: 'propose', name: 'Huiswerkbegeleidingsteam' } });
    await seeText(byTestId(noor, 'names-proposals'), 'Huiswerkbegeleidingsteam');
    await check('names-propose');
    await hostAct(driver, { type: 'activity', activity: ids.names, input: { kind: 'teamNames', type: 'startVoting' } });
    await byTestId(noor, 'names-vote').waitFor({ timeout: UI_TIMEOUT });
    await check('names-vote');

    await run(driver, ids.wall, { kind: 'brainstorm', type: 'open' });
    await socketAct(driver, 0, { type: 'activity', activity: ids.wall, input: { kind: 'brainstorm', type: 'add', text: 'Huiswerkbegeleiding na schooltijd in het stiltelokaal' } });
    await seeText(byTestId(noor, 'wall-cards'), 'Huiswerkbegeleiding');
    await check('wall');

    await run(driver, ids.vote, { kind: 'dotVote', type: 'open' });
    await byTestId(noor, 'vote-phone').waitFor({ timeout: UI_TIMEOUT });
    await check('vote');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
