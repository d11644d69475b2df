// The peers' shared core without sockets: `node --test test/` in load-tests/peers.

import assert from "node:assert/strict";
import { test } from "node:test";
import { Audience, Hub, invalidQuiz, points, rank } from "../core.js";

test("points and ranks follow Kring's rules", () => {
  assert.equal(points(true, 0, 10_000), 1000);
  assert.equal(points(true, 5_000, 10_000), 750);
  assert.equal(points(true, 20_000, 10_000), 500);
  assert.equal(points(false, 0, 10_000), 0);
  const ranked = rank([[0, 500], [1, 900], [2, 500], [3, 100]]);
  assert.deepEqual(ranked.map(([id, , r]) => [id, r]), [[1, 1], [0, 2], [2, 2], [3, 4]]);
});

test("quiz specs are checked", () => {
  const q = { text: "?", options: ["A", "B"], correct: [1], timeLimitSecs: 10 };
  assert.equal(invalidQuiz({ kind: "quiz", title: "t", questions: [q] }), null);
  assert.notEqual(invalidQuiz({ kind: "quiz", title: "t", questions: [] }), null);
  assert.notEqual(invalidQuiz({ kind: "quiz", title: "t", questions: [{ ...q, correct: [2] }] }), null);
});

/** A hub whose connections record what they were sent, as parsed JSON. */
function harness(journal = null) {
  const sent = [];
  const hub = new Hub({
    baseUrl: "http://test",
    journal,
    fanout(room, audience, text) {
      const all = [...room.phones.values(), ...room.hosts, ...room.screens];
      const to = {
        [Audience.ALL]: all,
        [Audience.WATCHERS]: [...room.hosts, ...room.screens],
        [Audience.HOSTS]: [...room.hosts],
        [Audience.SCREENS]: [...room.screens],
      }[audience];
      for (const conn of to) conn.send(text);
    },
  });
  const conn = (name) => {
    const c = {
      name,
      inbox: [],
      send(text) {
        c.inbox.push(JSON.parse(text));
        sent.push([name, text]);
      },
      close(code) {
        c.closed = code;
      },
      take(type) {
        const i = c.inbox.findIndex((m) => m.type === type);
        assert.ok(i >= 0, `${name} got no ${type}: ${JSON.stringify(c.inbox.map((m) => m.type))}`);
        return c.inbox.splice(i, 1)[0];
      },
    };
    return c;
  };
  return { hub, conn, sent };
}

test("a quiz round: welcome, start, answers, early lock, reveal, podium", async () => {
  const { hub, conn } = harness();
  const [status, created] = hub.createRoom({ title: "Class" });
  assert.equal(status, 201);
  assert.match(created.code, /^[A-Z2-9]{6}$/);
  const spec = {
    kind: "quiz",
    title: "Quiz",
    questions: [{ text: "1+1", options: ["1", "2"], correct: [1], timeLimitSecs: 10 }],
  };
  assert.equal(hub.addActivityHttp(created.code, "Bearer nope", spec)[0], 401);
  const [added, { id }] = hub.addActivityHttp(created.code, `Bearer ${created.hostKey}`, spec);
  assert.equal(added, 201);

  const host = conn("host");
  const screen = conn("screen");
  const phones = [conn("p0"), conn("p1")];
  hub.message(host, JSON.stringify({ type: "host", room: created.code, hostKey: created.hostKey }));
  hub.message(screen, JSON.stringify({ type: "screen", room: created.code.toLowerCase() }));
  phones.forEach((p, i) =>
    hub.message(p, JSON.stringify({ type: "join", room: created.code, nickname: `P${i}`, lang: "en" })),
  );
  assert.equal(host.take("welcome").agenda.length, 1);
  const welcome = phones[1].take("welcome");
  assert.equal(welcome.role, "participant");
  assert.equal(welcome.me.id, 1);
  assert.equal(welcome.room.participantCount, 2);
  const again = conn("again");
  hub.message(again, JSON.stringify({ type: "join", room: created.code, nickname: "p0" }));
  assert.equal(again.take("error").code, "nicknameTaken");

  const act = (c, actId, a) => hub.message(c, JSON.stringify({ type: "act", id: actId, act: a }));
  const quiz = (input) => ({ type: "activity", activity: id, input: { kind: "quiz", ...input } });
  act(host, "h1", { type: "setCurrent", activity: id });
  assert.deepEqual(host.take("ack"), { type: "ack", id: "h1", duplicate: false });
  act(host, "h2", quiz({ type: "startQuestion", question: 0 }));
  host.take("ack");
  phones[0].inbox.length = 0;
  act(host, "h2", quiz({ type: "startQuestion", question: 0 }));
  assert.equal(host.take("ack").duplicate, true);

  act(phones[0], "a0", quiz({ type: "answer", question: 0, choice: 1 }));
  assert.equal(phones[0].take("ack").id, "a0");
  assert.equal(phones[0].inbox.filter((m) => m.type === "you").length, 0, "the ack alone confirms");
  act(phones[0], "a0-again", quiz({ type: "answer", question: 0, choice: 0 }));
  assert.equal(phones[0].take("error").code, "alreadyAnswered");

  act(phones[1], "a0", quiz({ type: "answer", question: 0, choice: 0 }));
  phones[1].take("ack");
  const reveal = screen.inbox.filter((m) => m.type === "activity").at(-1);
  assert.equal(reveal.current.phase.phase, "reveal");
  assert.deepEqual(reveal.current.phase.counts, [1, 1]);
  const mine = phones[0].inbox.filter((m) => m.type === "you").at(-1).me.personal;
  assert.equal(mine.rank, 1);
  assert.ok(mine.result.correct && mine.score > 500);

  await new Promise((resolve) => setTimeout(resolve, 120));
  const progress = screen.inbox.filter((m) => m.type === "progress").at(-1);
  assert.deepEqual(progress, { type: "progress", activity: id, responded: 2, of: 2 });
  assert.equal(screen.inbox.filter((m) => m.type === "participants").at(-1).list, null);
  assert.equal(host.inbox.filter((m) => m.type === "participants").at(-1).list.length, 2);

  act(host, "h3", quiz({ type: "showPodium" }));
  const podium = phones[1].inbox.filter((m) => m.type === "activity").at(-1).current.phase;
  assert.equal(podium.phase, "podium");
  assert.deepEqual(podium.questions, [
    { correct: 1, answered: 2, text: "1+1", optionCount: 2, counts: [1, 1], right: [1], asked: true },
  ]);
  assert.equal(podium.top[0].nickname, "P0");

  hub.closed(phones[0]);
  await new Promise((resolve) => setTimeout(resolve, 120));
  const count = screen.inbox.filter((m) => m.type === "participants").at(-1);
  assert.deepEqual([count.count, count.online], [2, 1]);
  clearTimeout(hub.rooms.get(created.code).deadlineTimer);
});

test("rooms over 1,000 participants send the host counts, not the list", () => {
  const { hub, conn } = harness();
  const [, created] = hub.createRoom({ title: "Hall" });
  const host = conn("host");
  hub.message(host, JSON.stringify({ type: "host", room: created.code, hostKey: created.hostKey }));
  for (let i = 0; i <= 1000; i++) {
    hub.message(conn(`p${i}`), JSON.stringify({ type: "join", room: created.code, nickname: `P${i}` }));
  }
  const room = hub.rooms.get(created.code);
  clearTimeout(room.flushTimer);
  hub.flush(room);
  const update = host.inbox.filter((m) => m.type === "participants").at(-1);
  assert.deepEqual([update.count, update.online, update.list], [1001, 1001, null]);
  const again = conn("host2");
  hub.message(again, JSON.stringify({ type: "host", room: created.code, hostKey: created.hostKey }));
  assert.equal(again.take("welcome").participants, null);
});

test("with a journal, an action and its repeat are acknowledged only after the commit", () => {
  /** bun-server.js's journal without SQLite: records wait here until `commit()`. */
  const journal = {
    pending: [],
    records: [],
    append(record, done) {
      this.pending.push([record, done]);
    },
    commit() {
      const batch = this.pending.splice(0);
      for (const [record] of batch) if (record !== null) this.records.push(record);
      for (const [, done] of batch) done();
    },
  };
  const { hub, conn } = harness(journal);
  const [, created] = hub.createRoom({ title: "Class" });
  const spec = { kind: "quiz", title: "Q", questions: [{ text: "?", options: ["a", "b"], correct: [0] }] };
  const [, { id }] = hub.addActivityHttp(created.code, `Bearer ${created.hostKey}`, spec);
  const host = conn("host");
  hub.message(host, JSON.stringify({ type: "host", room: created.code, hostKey: created.hostKey }));
  host.take("welcome");
  const act = JSON.stringify({ type: "act", id: "h1", act: { type: "setCurrent", activity: id } });
  hub.message(host, act);
  hub.message(host, act);
  assert.deepEqual(host.inbox.filter((m) => m.type === "ack"), [], "nothing acknowledged before the commit");
  journal.commit();
  assert.deepEqual(
    host.inbox.filter((m) => m.type === "ack").map((m) => m.duplicate),
    [false, true],
  );
  assert.equal(journal.records.length, 1);
  assert.deepEqual(journal.records[0].slice(0, 3), [created.code, "host", "h1"]);
  clearTimeout(hub.rooms.get(created.code).flushTimer);
});
