// The connection's retry delays: quick first retries after a dropped socket (a graceful server
// restart), back-off with jitter for longer outages. Pure function, no browser needed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retryDelay } from '../js/conn.js';

test('the first retries are quick and jittered, later ones back off up to 10 s', () => {
  for (let attempt = 0; attempt < 6; attempt++) {
    const delays = Array.from({ length: 50 }, () => retryDelay(attempt));
    assert.ok(delays.every((d) => d >= 150 && d < 500), `attempt ${attempt}: ${Math.max(...delays)} ms`);
    assert.ok(new Set(delays).size > 1, 'jittered, so a class of phones does not knock at once');
  }
  const later = Array.from({ length: 12 }, (_, i) => retryDelay(6 + i));
  assert.ok(later[0] >= 500, 'then backs off');
  assert.ok(later.every((d) => d <= 10_000), 'never more than 10 s');
  assert.ok(retryDelay(30) >= 5_000, 'a long outage waits 5-10 s between tries');
});
