// Browser tests of cluster mode's page side (issue 28): every page's WebSocket carries its
// room's code (`&room=CODE`), so a proxy in front of a cluster can route it to the room's node;
// and a socket closed with 4011 (ROOM_MOVED: the node lost or handed over the room) makes the
// phone reconnect at once, resume as the same student and re-send its answer that was not
// acknowledged, which then counts once.
//
// Run: `cd web-client && node --test tests/cluster.test.mjs` (after `cargo build -p kring-server`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, UI_TIMEOUT, startServer, launch, watch, seeText, byTestId, screenshot } from './helpers.mjs';

/**
 * A JSON API call from the test itself.
 * @param {string} base @param {string} path @param {unknown} body @param {string} [key]
 */
async function post(base, path, body, key) {
  /** @type {Record<string, string>} */
  const headers = { 'Content-Type': 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  const res = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

test('sockets carry the room code, and a 4011 close reconnects and re-sends what was not acknowledged', { timeout: 60_000 }, async () => {
  const server = await startServer();
  const browser = await launch();
  /** @type {string[]} */
  const problems = [];
  try {
    const base = server.url;
    const room = await post(base, '/api/rooms', { title: 'Cluster' });
    await post(base, `/api/rooms/${room.code}/activities`, {
      kind: 'quiz', title: 'Sommen', noRanking: false,
      questions: [{ text: 'How much is 2 + 2?', options: ['3', '4', '5', '22'], correct: [1], timeLimitSecs: 300 }],
    }, room.hostKey);

    /** @type {string[]} */
    const urls = [];
    const hostCtx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 768 } });
    const host = await hostCtx.newPage();
    watch(host, problems, 'host');
    host.on('websocket', (ws) => urls.push(`host ${ws.url()}`));
    await host.goto(`${base}/host?room=${room.code}#key=${room.hostKey}`);
    await seeText(byTestId(host, 'room-code'), room.code);

    const screenCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const screen = await screenCtx.newPage();
    watch(screen, problems, 'screen');
    screen.on('websocket', (ws) => urls.push(`screen ${ws.url()}`));
    await screen.goto(`${base}/screen?room=${room.code}`);

    // The phone's sockets go through the test: while `moveNext` is set, the next answer the
    // phone sends is held back and its socket closed with 4011, as a node that lost its lease
    // closes it (the answer never reached a node that could store it).
    const ctx = await browser.newContext({ ...PHONE, locale: 'en-GB' });
    const phone = await ctx.newPage();
    watch(phone, problems, 'phone');
    let sockets = 0;
    let moveNext = false;
    let answersSent = 0;
    await phone.routeWebSocket(/\/ws/, (ws) => {
      sockets += 1;
      urls.push(`phone ${ws.url()}`);
      const upstream = ws.connectToServer();
      ws.onMessage((message) => {
        const act = typeof message === 'string' && JSON.parse(message).type === 'act';
        if (act && moveNext) {
          moveNext = false;
          ws.close({ code: 4011, reason: 'room moved' });
          upstream.close();
          return;
        }
        if (act) answersSent += 1;
        upstream.send(message);
      });
      upstream.onMessage((message) => ws.send(message));
      ws.onClose(() => upstream.close());
      upstream.onClose((code, reason) => ws.close({ code, reason }));
    });
    await phone.goto(`${base}/?room=${room.code}`);
    await byTestId(phone, 'join-nickname').fill('Dana');
    await byTestId(phone, 'join-submit').click();
    await byTestId(phone, 'lobby').waitFor({ timeout: UI_TIMEOUT });

    for (const who of ['host', 'screen', 'phone']) {
      const mine = urls.filter((u) => u.startsWith(`${who} `));
      assert.ok(mine.length > 0, `${who} opened a socket`);
      for (const url of mine) assert.match(url, new RegExp(`/ws\\?v=1&room=${room.code}$`), `${who}: ${url}`);
    }

    await byTestId(host, 'make-current').click();
    await byTestId(phone, 'quiz-lobby').waitFor({ timeout: UI_TIMEOUT });
    await byTestId(host, 'next-question').click();
    await seeText(byTestId(phone, 'question-text'), 'How much is 2 + 2?');

    // The answer's socket is closed with 4011 before the answer arrives anywhere.
    moveNext = true;
    const before = sockets;
    await byTestId(phone, 'option-1').click();
    // The phone reconnects by itself (a new socket, with the code), resumes as Dana and
    // re-sends the answer: it counts, once.
    // (The only student answered, so the question locks at once: the result shows that the
    // answer counted.)
    await seeText(byTestId(phone, 'result'), 'Correct');
    await screenshot(phone, 'cluster-moved-phone-acknowledged');
    assert.ok(sockets > before, `a new socket after 4011 (${sockets})`);
    assert.equal(answersSent, 1, 'the answer reached the server once, after the reconnect');
    assert.match(urls[urls.length - 1], new RegExp(`&room=${room.code}$`));
    const state = await fetch(`${base}/api/rooms/${room.code}`, { headers: { Authorization: `Bearer ${room.hostKey}` } });
    const body = await state.json();
    assert.equal(body.participants.length, 1, 'the same student after the reconnect, not a new one');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
