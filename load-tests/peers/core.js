// The comparison peers' shared core: rooms, the quiz state machine and the JSON subset of the
// Kring protocol that kring-load's scenarios use (docs/PROTOCOL.md). No sockets here: the Bun
// adapter (bun-server.js) and the Node `ws` adapter (node-server.js) hand connections in and
// provide `fanout`, the one place a broadcast leaves.
//
// What it does, like Kring:
// - `POST /api/rooms`, `POST /api/rooms/{code}/activities` (bearer host key, quiz spec).
// - `join` / `resume` / `host` / `screen` → `welcome` with the same fields as Kring's.
// - Host acts `setCurrent`, `addActivity`, quiz `startQuestion` / `closeQuestion` /
//   `showLeaderboard` / `showPodium` → `ack`, then an `activity` broadcast to everyone
//   (serialised once), `agenda` to hosts, and after a reveal or the podium a `you` to every
//   phone (score and rank).
// - Phone `answer` → `ack` (the `ack` alone confirms it, as with Kring since c9526a2); the
//   question locks when every connected phone answered, or at its deadline.
// - `progress {activity, responded, of}` and `participants` counts (hosts also get the list in
//   rooms of up to 1,000) go to hosts and projectors, coalesced: at most one per 50 ms, and only
//   when changed.
// - Every action id is applied at most once per sender (a repeat gets `duplicate: true`).
//
// What it leaves out, unlike Kring: durability by default (everything lives in memory; Kring
// acknowledges only after an fsync'ed SQLite commit; `bun-server.js --durable FILE` commits
// every applied action to SQLite before its ack, as Kring does), the nickname profanity filter, generated nicknames
// (a `null` nickname becomes "Guest N"), rate limits, and removing participants.

import { randomBytes, randomInt } from "node:crypto";

/** How often coalesced aggregates go out, at most (Kring's AGGREGATE_INTERVAL). */
export const AGGREGATE_INTERVAL_MS = 50;
/** Participants per room (Kring's default `--max-participants`). */
export const MAX_PARTICIPANTS = 20_000;
/** Rooms up to this size send the host the full participant list, larger ones counts only
 * (Kring's MAX_LISTED). */
export const MAX_LISTED = 1000;
/** Largest WebSocket message accepted, in bytes (Kring's MAX_WS_MESSAGE_BYTES). */
export const MAX_MESSAGE_BYTES = 16 * 1024;
/** Close code for a connection that fell behind (Kring's close::SLOW_CONSUMER). */
export const CLOSE_SLOW_CONSUMER = 4008;

const ROOM_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const MAX_NICKNAME_CHARS = 24;
const MAX_ID_BYTES = 64;
const TOP_N = 5;

/** Audiences a broadcast can go to; adapters map them to topics or sets. */
export const Audience = Object.freeze({
  ALL: "all",
  WATCHERS: "watchers",
  HOSTS: "hosts",
  SCREENS: "screens",
});

/** Which audiences each role belongs to. */
export const AUDIENCES_OF = Object.freeze({
  participant: [Audience.ALL],
  host: [Audience.ALL, Audience.WATCHERS, Audience.HOSTS],
  screen: [Audience.ALL, Audience.WATCHERS, Audience.SCREENS],
});

const now = () => Date.now();

class ActError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function errorMsg(code, message, ref = null) {
  return JSON.stringify({ type: "error", code, message, ref });
}

/** Points for an answer: round(1000 × (1 − t / (2T))), t clamped to T; 0 when wrong. */
export function points(correct, elapsedMs, limitMs) {
  if (!correct) return 0;
  const t = Math.min(elapsedMs, limitMs);
  return Math.round(1000 * (1 - t / (2 * limitMs)));
}

/** Competition ranks (1, 2, 2, 4), best first, ties by id: [[id, score, rank], ...]. */
export function rank(scores) {
  const sorted = scores.slice().sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const ranked = new Array(sorted.length);
  let r = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i - 1][1] !== sorted[i][1]) r = i + 1;
    ranked[i] = [sorted[i][0], sorted[i][1], r];
  }
  return ranked;
}

/** Checks a quiz spec like Kring does; returns an error message or null. */
export function invalidQuiz(spec) {
  if (!spec || spec.kind !== "quiz") return "only quiz activities are supported";
  if (typeof spec.title !== "string") return "a quiz needs a title";
  // The peers play the individual quiz only: a team quiz or an "all correct options" question
  // is refused loudly rather than played wrongly.
  if (spec.teamMode) return "the comparison peers do not play team quizzes";
  if (!Array.isArray(spec.questions) || spec.questions.length === 0) {
    return "a quiz needs at least one question";
  }
  for (const q of spec.questions) {
    if (!q || typeof q.text !== "string") return "every question needs a text";
    if (!Array.isArray(q.options) || q.options.length < 2 || q.options.length > 6) {
      return "a question has 2 to 6 options";
    }
    if (!Array.isArray(q.correct) || q.correct.length === 0) return "mark a correct option";
    if (q.correct.some((c) => !Number.isInteger(c) || c < 0 || c >= q.options.length)) {
      return "a correct option does not exist";
    }
    if ((q.mode ?? "one") !== "one") return "the comparison peers play one-answer questions only";
    const limit = q.timeLimitSecs ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > 3600) return "bad time limit";
  }
  return null;
}

/** A quiz: its spec, phase, answers and scores. */
class Quiz {
  constructor(id, spec) {
    this.id = id;
    this.spec = {
      kind: "quiz",
      title: spec.title,
      noRanking: Boolean(spec.noRanking),
      teamMode: false,
      questions: spec.questions.map((q) => ({
        text: q.text,
        options: q.options.slice(),
        correct: q.correct.slice(),
        timeLimitSecs: q.timeLimitSecs ?? 20,
        mode: "one",
      })),
    };
    /** {phase: "lobby" | "question" | "reveal" | "leaderboard" | "podium", index, startedAt, deadline} */
    this.phase = { phase: "lobby" };
    /** Per question: participant id → {choice, at, points}. */
    this.answers = this.spec.questions.map(() => new Map());
    this.openedAt = this.spec.questions.map(() => null);
    this.scores = new Map();
    this.ranks = new Map();
    this.board = [];
  }

  started() {
    return this.phase.phase !== "lobby";
  }

  /** Index of the question shown (open, revealed or on the leaderboard), or null. */
  shownIndex() {
    const p = this.phase.phase;
    return p === "question" || p === "reveal" || p === "leaderboard" ? this.phase.index : null;
  }

  responded() {
    const index = this.shownIndex();
    return index === null ? 0 : this.answers[index].size;
  }

  questionView(index) {
    const q = this.spec.questions[index];
    return { text: q.text, options: q.options, timeLimitMs: q.timeLimitSecs * 1000, mode: "one" };
  }

  top(nickname) {
    if (this.spec.noRanking) return [];
    return this.board.slice(0, TOP_N).map(([id, score, r]) => ({
      rank: r,
      nickname: nickname(id),
      score,
    }));
  }

  /** The quiz as everyone sees it (an ActivityView). */
  view(nickname) {
    const p = this.phase;
    let phase;
    switch (p.phase) {
      case "lobby":
        phase = { phase: "lobby" };
        break;
      case "question":
        phase = {
          phase: "question",
          index: p.index,
          question: this.questionView(p.index),
          startedAt: p.startedAt,
          deadline: p.deadline,
        };
        break;
      case "reveal": {
        const spec = this.spec.questions[p.index];
        const counts = spec.options.map(() => 0);
        for (const a of this.answers[p.index].values()) counts[a.choice] += 1;
        phase = {
          phase: "reveal",
          index: p.index,
          question: this.questionView(p.index),
          correct: spec.correct,
          counts,
          answered: this.answers[p.index].size,
        };
        break;
      }
      case "leaderboard":
        phase = { phase: "leaderboard", index: p.index, top: this.top(nickname), teams: [] };
        break;
      case "podium":
        phase = {
          phase: "podium",
          top: this.top(nickname),
          teams: [],
          questions: this.spec.questions.map((q, i) => {
            const counts = q.options.map(() => 0);
            let correct = 0;
            for (const a of this.answers[i].values()) {
              counts[a.choice] += 1;
              if (q.correct.includes(a.choice)) correct++;
            }
            return {
              correct,
              answered: this.answers[i].size,
              text: q.text,
              optionCount: q.options.length,
              counts,
              right: q.correct,
              asked: this.openedAt[i] !== null,
            };
          }),
        };
        break;
    }
    return {
      kind: "quiz",
      id: this.id,
      title: this.spec.title,
      questionCount: this.spec.questions.length,
      noRanking: this.spec.noRanking,
      teamMode: false,
      phase,
    };
  }

  /** One phone's own state (a Personal). */
  personal(who) {
    const shown = this.shownIndex();
    const given = shown === null ? undefined : this.answers[shown].get(who);
    const answer = given ? { question: shown, choice: given.choice, choices: [given.choice] } : null;
    let result = null;
    if (this.phase.phase === "reveal" || this.phase.phase === "leaderboard") {
      const spec = this.spec.questions[shown];
      result = {
        question: shown,
        correct: Boolean(given) && spec.correct.includes(given.choice),
        answered: Boolean(given),
        points: given ? given.points : 0,
      };
    }
    return {
      kind: "quiz",
      score: this.scores.get(who) ?? 0,
      rank: this.spec.noRanking ? null : (this.ranks.get(who) ?? null),
      teamScore: null,
      teamRank: null,
      answer,
      result,
    };
  }

  /** Applies one input; returns {phase: bool, personal: bool} or {answered: id}. */
  handle(who, input, at, roster) {
    switch (input.type) {
      case "answer":
        if (who === "host") throw new ActError("forbidden", "only phones answer");
        return this.answer(who, input.question, input.choice, at);
      case "startQuestion":
        this.hostOnly(who);
        return this.start(input.question, at);
      case "closeQuestion":
        this.hostOnly(who);
        return this.close(roster);
      case "showLeaderboard":
        this.hostOnly(who);
        if (this.phase.phase !== "reveal") {
          throw new ActError("wrongPhase", "the leaderboard comes after a question is revealed");
        }
        this.phase = { phase: "leaderboard", index: this.phase.index };
        return { personal: false };
      case "showPodium":
        this.hostOnly(who);
        if (this.phase.phase !== "reveal" && this.phase.phase !== "leaderboard") {
          throw new ActError("wrongPhase", "the podium comes after a question is revealed");
        }
        this.phase = { phase: "podium" };
        return { personal: true };
      default:
        throw new ActError("badMessage", `unknown quiz input ${JSON.stringify(input.type)}`);
    }
  }

  hostOnly(who) {
    if (who !== "host") throw new ActError("forbidden", "only the host may do this");
  }

  start(question, at) {
    const q = this.spec.questions[question];
    if (!Number.isInteger(question) || !q) throw new ActError("invalidChoice", "no such question");
    if (this.phase.phase === "question") throw new ActError("wrongPhase", "close the open question first");
    if (this.phase.phase === "podium") throw new ActError("wrongPhase", "the quiz has ended");
    if (this.openedAt[question] !== null) {
      throw new ActError("wrongPhase", "this question has been asked already");
    }
    this.openedAt[question] = at;
    this.phase = {
      phase: "question",
      index: question,
      startedAt: at,
      deadline: at + q.timeLimitSecs * 1000,
    };
    return { personal: false };
  }

  answer(who, question, choice, at) {
    const p = this.phase;
    if (p.phase !== "question") throw new ActError("questionClosed", "no question is open");
    if (question !== p.index) throw new ActError("questionClosed", "that question is no longer open");
    if (at >= p.deadline) throw new ActError("questionClosed", "time is up for this question");
    const spec = this.spec.questions[p.index];
    if (!Number.isInteger(choice) || choice < 0 || choice >= spec.options.length) {
      throw new ActError("invalidChoice", "that option does not exist");
    }
    const answers = this.answers[p.index];
    if (answers.has(who)) throw new ActError("alreadyAnswered", "you already answered this question");
    const correct = spec.correct.includes(choice);
    answers.set(who, { choice, at, points: points(correct, at - p.startedAt, p.deadline - p.startedAt) });
    return { answered: who };
  }

  close(roster) {
    if (this.phase.phase !== "question") throw new ActError("wrongPhase", "no question is open");
    const index = this.phase.index;
    for (const [who, a] of this.answers[index]) {
      this.scores.set(who, (this.scores.get(who) ?? 0) + a.points);
    }
    this.board = rank(roster.map((id) => [id, this.scores.get(id) ?? 0]));
    this.ranks = new Map(this.board.map(([id, , r]) => [id, r]));
    this.phase = { phase: "reveal", index };
    return { personal: true };
  }

  /** Whether every online phone (at least one) answered the open question. */
  everyoneAnswered(online) {
    if (this.phase.phase !== "question") return false;
    const answers = this.answers[this.phase.index];
    if (online.size === 0 || answers.size < online.size) return false;
    for (const id of online.keys()) if (!answers.has(id)) return false;
    return true;
  }
}

/**
 * The core's view of one socket: which room, role and participant it is. An adapter extends it
 * with `send(text)` for its transport; `close(code)` closes the wrapped socket.
 */
export class Conn {
  constructor(ws) {
    this.ws = ws;
    this.room = null;
    this.role = null;
    this.participant = null;
  }

  close(code) {
    this.ws.close(code);
  }
}

/**
 * All rooms and connections of one server. `fanout(room, audience, text)` sends one encoded
 * message to every ready connection of `audience` in `room`; `subscribe(conn, room, audience)`
 * tells the adapter a connection joined an audience (Bun maps both to pub/sub topics).
 * `journal`, when given, makes every applied action durable before it is acknowledged:
 * `journal.append([room, sender, actionId, actJson, at], done)` calls `done` once the record
 * is committed (bun-server.js `--durable FILE`: bun:sqlite, WAL, synchronous=FULL);
 * `journal.append(null, done)` calls `done` once everything appended before is committed.
 *
 * A connection handed in by an adapter is an object with `send(text)` and `close(code)`; the
 * core adds its own fields (`room`, `role`, `participant`).
 */
export class Hub {
  constructor({ baseUrl, fanout, subscribe = () => {}, journal = null }) {
    this.baseUrl = baseUrl;
    this.journal = journal;
    this.fanout = fanout;
    this.subscribe = subscribe;
    /** code → room */
    this.rooms = new Map();
  }

  // ---- HTTP API ------------------------------------------------------------------------

  /** `POST /api/rooms`: returns [status, body object]. */
  createRoom(body) {
    const title = typeof body?.title === "string" ? body.title.slice(0, 120) : "";
    let code;
    do {
      code = "";
      for (let i = 0; i < 6; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
    } while (this.rooms.has(code));
    const room = {
      code,
      title,
      hostKey: randomBytes(16).toString("hex"),
      joinUrl: `${this.baseUrl}/?room=${code}`,
      seq: 0,
      participants: [],
      nicknames: new Set(),
      tokens: new Map(),
      roster: [],
      agenda: [],
      nextActivity: 1,
      current: null,
      hostSeen: new Set(),
      /** participant id → connection (online phones) */
      phones: new Map(),
      hosts: new Set(),
      screens: new Set(),
      dirtyProgress: false,
      dirtyParticipants: false,
      lastFlush: 0,
      flushTimer: null,
      deadlineTimer: null,
    };
    this.rooms.set(code, room);
    return [
      201,
      {
        code,
        hostKey: room.hostKey,
        joinUrl: room.joinUrl,
        hostUrl: `${this.baseUrl}/host?room=${code}#key=${room.hostKey}`,
        screenUrl: `${this.baseUrl}/screen?room=${code}`,
      },
    ];
  }

  /** `POST /api/rooms/{code}/activities`: returns [status, body object]. */
  addActivityHttp(code, authorization, spec) {
    const room = this.rooms.get(String(code).toUpperCase());
    if (!room) return [404, { code: "roomNotFound", message: "there is no room with this code" }];
    const key = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1];
    if (key !== room.hostKey) return [401, { code: "unauthorized", message: "wrong host key" }];
    try {
      const id = this.addActivity(room, spec);
      room.seq++;
      this.sendAgenda(room);
      return [201, { id }];
    } catch (e) {
      if (e instanceof ActError) return [400, { code: e.code, message: e.message }];
      throw e;
    }
  }

  addActivity(room, spec) {
    const invalid = invalidQuiz(spec);
    if (invalid) throw new ActError("invalidSpec", invalid);
    const id = room.nextActivity++;
    room.agenda.push(new Quiz(id, spec));
    return id;
  }

  // ---- WebSocket sessions ---------------------------------------------------------------

  /** A text message from a connection. */
  message(conn, text) {
    let msg;
    try {
      msg = JSON.parse(text);
    } catch {
      conn.send(errorMsg("badMessage", "not valid JSON"));
      return;
    }
    if (!msg || typeof msg !== "object" || typeof msg.type !== "string") {
      conn.send(errorMsg("badMessage", 'a message is a JSON object with a "type"'));
      return;
    }
    switch (msg.type) {
      case "ping":
        conn.send(JSON.stringify({ type: "pong", t: msg.t, serverNow: now() }));
        return;
      case "join":
      case "resume":
      case "host":
      case "screen":
        if (conn.room) {
          conn.send(errorMsg("badMessage", "this connection has already joined a room"));
        } else {
          this.attach(conn, msg);
        }
        return;
      case "act":
        if (!conn.room) {
          conn.send(errorMsg("notJoined", "join a room first", msg.id ?? null));
        } else {
          this.act(conn, msg.id, msg.act);
        }
        return;
      case "sync":
        if (conn.room) conn.send(this.welcome(conn.room, conn.role, conn.participant));
        else conn.send(errorMsg("notJoined", "join a room first"));
        return;
      default:
        conn.send(errorMsg("unknownType", `unknown message type ${JSON.stringify(msg.type)}`));
    }
  }

  /** A connection closed. */
  closed(conn) {
    const room = conn.room;
    if (!room) return;
    conn.room = null;
    if (conn.role === "host") room.hosts.delete(conn);
    else if (conn.role === "screen") room.screens.delete(conn);
    else if (room.phones.get(conn.participant) === conn) {
      room.phones.delete(conn.participant);
      this.markDirty(room, true, true);
    }
  }

  attach(conn, msg) {
    const room = this.rooms.get(String(msg.room ?? "").trim().toUpperCase());
    if (!room) {
      conn.send(errorMsg("roomNotFound", "there is no room with this code"));
      conn.close(4004);
      return;
    }
    let participant = null;
    switch (msg.type) {
      case "join": {
        if (room.roster.length >= MAX_PARTICIPANTS) {
          conn.send(errorMsg("roomFull", "this room is full"));
          return;
        }
        let nickname;
        if (msg.nickname === null || msg.nickname === undefined) {
          do nickname = `Guest ${randomInt(1, 100_000)}`;
          while (room.nicknames.has(nickname.toLowerCase()));
        } else {
          nickname = String(msg.nickname).split(/\s+/).filter(Boolean).join(" ");
          const chars = [...nickname].length;
          if (chars === 0 || chars > MAX_NICKNAME_CHARS) {
            conn.send(errorMsg("nicknameInvalid", `a nickname has 1 to ${MAX_NICKNAME_CHARS} characters`));
            return;
          }
          if (room.nicknames.has(nickname.toLowerCase())) {
            conn.send(errorMsg("nicknameTaken", "someone in this room already has that nickname"));
            return;
          }
        }
        participant = room.participants.length;
        const token = randomBytes(16).toString("hex");
        room.participants.push({ id: participant, nickname, token, seen: new Set(), joinedAt: now() });
        room.nicknames.add(nickname.toLowerCase());
        room.tokens.set(token, participant);
        room.roster.push(participant);
        room.seq++;
        this.markDirty(room, false, true);
        break;
      }
      case "resume": {
        participant = room.tokens.get(msg.token);
        if (participant === undefined) {
          conn.send(errorMsg("badToken", "this device's place in the room is unknown; join again"));
          conn.close(4401);
          return;
        }
        const old = room.phones.get(participant);
        if (old) {
          old.room = null;
          old.close(4002);
        }
        this.markDirty(room, true, true);
        break;
      }
      case "host":
        if (msg.hostKey !== room.hostKey) {
          conn.send(errorMsg("badHostKey", "wrong host key for this room"));
          conn.close(4401);
          return;
        }
        room.hosts.add(conn);
        break;
      case "screen":
        room.screens.add(conn);
        break;
    }
    conn.room = room;
    conn.role = msg.type === "join" || msg.type === "resume" ? "participant" : msg.type;
    conn.participant = participant;
    if (participant !== null) room.phones.set(participant, conn);
    conn.send(this.welcome(room, conn.role, participant));
    for (const audience of AUDIENCES_OF[conn.role]) this.subscribe(conn, room, audience);
  }

  welcome(room, role, participant) {
    const isHost = role === "host";
    return JSON.stringify({
      type: "welcome",
      role,
      me: participant === null ? null : this.me(room, participant),
      room: {
        code: room.code,
        title: room.title,
        joinUrl: room.joinUrl,
        participantCount: room.roster.length,
        onlineCount: room.phones.size,
        admission: { locked: false, expectedSize: null, approveNames: false, refused: 0 },
        current: this.currentView(room),
        teams: { teams: [], roles: [], picking: null },
      },
      agenda: isHost ? this.agendaItems(room) : null,
      participants: isHost ? this.hostList(room) : null,
      hostView: null,
      teamRules: isHost ? { apart: [], together: [] } : null,
      moderatorKey: null,
      coFacilitator: false,
      lobby: role === "screen" ? [] : null,
      serverNow: now(),
      seq: room.seq,
    });
  }

  me(room, id) {
    const p = room.participants[id];
    return {
      id,
      nickname: p.nickname,
      token: p.token,
      personal: room.current ? room.current.personal(id) : null,
      team: null,
      role: null,
    };
  }

  currentView(room) {
    if (!room.current) return null;
    return room.current.view((id) => room.participants[id].nickname);
  }

  agendaItems(room) {
    return room.agenda.map((a) => ({
      id: a.id,
      spec: a.spec,
      current: room.current === a,
      started: a.started(),
    }));
  }

  /** The participant list for the host, when the room is small enough to list. */
  hostList(room) {
    return room.roster.length <= MAX_LISTED ? this.participantList(room) : null;
  }

  participantList(room) {
    return room.roster.map((id) => ({
      id,
      nickname: room.participants[id].nickname,
      online: room.phones.has(id),
      joinedAt: room.participants[id].joinedAt,
      acted: room.participants[id].seen.size > 0,
      showAt: null,
    }));
  }

  /** An action from a connection: applied at most once per id, then acknowledged. */
  act(conn, id, act) {
    const room = conn.room;
    if (typeof id !== "string" || id.length === 0 || Buffer.byteLength(id) > MAX_ID_BYTES) {
      conn.send(errorMsg("badMessage", `an action id has 1 to ${MAX_ID_BYTES} bytes`));
      return;
    }
    let who;
    let seen;
    if (conn.role === "host") {
      who = "host";
      seen = room.hostSeen;
    } else if (conn.role === "participant") {
      who = conn.participant;
      seen = room.participants[who].seen;
    } else {
      conn.send(errorMsg("forbidden", "only the host may do this", id));
      return;
    }
    if (seen.has(id)) {
      const duplicate = () => conn.send(JSON.stringify({ type: "ack", id, duplicate: true }));
      // Durable: the repeat is acknowledged only once the original is committed too.
      if (this.journal) this.journal.append(null, duplicate);
      else duplicate();
      return;
    }
    let effects;
    try {
      effects = this.apply(room, who, act);
    } catch (e) {
      if (!(e instanceof ActError)) throw e;
      conn.send(errorMsg(e.code, e.message, id));
      return;
    }
    seen.add(id);
    room.seq++;
    const settle = () => {
      conn.send(JSON.stringify({ type: "ack", id, duplicate: false }));
      this.effects(room, effects);
      if (who !== "host" && room.current?.everyoneAnswered(room.phones)) {
        const closed = room.current.close(room.roster);
        room.seq++;
        this.effects(room, { phase: true, agenda: true, personal: closed.personal });
      }
    };
    // Durable (bun-server.js --durable): the ack and what the action causes wait for the commit.
    if (this.journal) this.journal.append([room.code, String(who), id, JSON.stringify(act), now()], settle);
    else settle();
  }

  /** Applies an action; returns what to tell whom. Throws ActError when refused. */
  apply(room, who, act) {
    switch (act?.type) {
      case "activity": {
        const activity = room.agenda.find((a) => a.id === act.activity);
        if (!activity) throw new ActError("activityNotFound", "no such activity in this room");
        if (room.current !== activity) {
          throw new ActError("wrongPhase", "this activity is not running now");
        }
        if (act.input?.kind !== "quiz") throw new ActError("badMessage", "a quiz takes quiz input");
        const outcome = activity.handle(who, act.input, now(), room.roster);
        // The `ack` confirms an answer to its phone; no further message per answer.
        if (outcome.answered !== undefined) return { progress: true };
        return { phase: true, agenda: true, personal: outcome.personal };
      }
      case "setCurrent": {
        if (who !== "host") throw new ActError("forbidden", "only the host may do this");
        let activity = null;
        if (act.activity !== null && act.activity !== undefined) {
          activity = room.agenda.find((a) => a.id === act.activity);
          if (!activity) throw new ActError("activityNotFound", "no such activity in this room");
        }
        room.current = activity;
        return { phase: true, agenda: true, personal: true };
      }
      case "addActivity":
        if (who !== "host") throw new ActError("forbidden", "only the host may do this");
        this.addActivity(room, act.spec);
        return { agenda: true };
      default:
        throw new ActError("unknownType", `unsupported action ${JSON.stringify(act?.type)}`);
    }
  }

  /** Sends what an applied change causes. */
  effects(room, { phase, agenda, personal, progress }) {
    if (phase) {
      const text = JSON.stringify({
        type: "activity",
        seq: room.seq,
        serverNow: now(),
        current: this.currentView(room),
      });
      this.fanout(room, Audience.ALL, text);
      this.scheduleDeadline(room);
    }
    if (agenda) this.sendAgenda(room);
    if (personal) {
      for (const [id, conn] of room.phones) {
        conn.send(JSON.stringify({ type: "you", me: this.me(room, id) }));
      }
    }
    if (phase || progress) this.markDirty(room, true, false);
  }

  sendAgenda(room) {
    if (room.hosts.size === 0) return;
    const text = JSON.stringify({ type: "agenda", seq: room.seq, items: this.agendaItems(room) });
    this.fanout(room, Audience.HOSTS, text);
  }

  /** Locks the open question at its deadline. */
  scheduleDeadline(room) {
    clearTimeout(room.deadlineTimer);
    room.deadlineTimer = null;
    const quiz = room.current;
    if (!quiz || quiz.phase.phase !== "question") return;
    const index = quiz.phase.index;
    room.deadlineTimer = setTimeout(() => {
      room.deadlineTimer = null;
      if (room.current === quiz && quiz.phase.phase === "question" && quiz.phase.index === index) {
        quiz.close(room.roster);
        room.seq++;
        this.effects(room, { phase: true, personal: true });
      }
    }, Math.max(0, quiz.phase.deadline - now()));
  }

  /** Marks aggregates changed; they go out at once if the last went out ≥ 50 ms ago. */
  markDirty(room, progress, participants) {
    room.dirtyProgress ||= progress;
    room.dirtyParticipants ||= participants;
    if (room.flushTimer) return;
    const wait = Math.max(0, room.lastFlush + AGGREGATE_INTERVAL_MS - now());
    room.flushTimer = setTimeout(() => this.flush(room), wait);
  }

  flush(room) {
    room.flushTimer = null;
    room.lastFlush = now();
    if (room.dirtyProgress && room.current) {
      const responded = room.current.responded();
      const text = JSON.stringify({
        type: "progress",
        activity: room.current.id,
        responded,
        of: Math.max(room.phones.size, responded),
      });
      this.fanout(room, Audience.WATCHERS, text);
    }
    if (room.dirtyParticipants) {
      const count = room.roster.length;
      const online = room.phones.size;
      const counts = JSON.stringify({ type: "participants", count, online, list: null });
      const list = room.hosts.size > 0 ? this.hostList(room) : null;
      if (list === null) {
        this.fanout(room, Audience.WATCHERS, counts);
      } else {
        if (room.screens.size > 0) this.fanout(room, Audience.SCREENS, counts);
        this.fanout(room, Audience.HOSTS, JSON.stringify({ type: "participants", count, online, list }));
      }
    }
    room.dirtyProgress = false;
    room.dirtyParticipants = false;
  }
}

/** Reads `--port N` / `--host H` from argv, falling back to `PORT` / `HOST`, and
 * `--durable FILE` (null when absent). */
export function listenOptions(argv = process.argv.slice(2), env = process.env) {
  const flag = (name) => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0 && i + 1 < argv.length) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq?.slice(name.length + 3);
  };
  const port = Number(flag("port") ?? env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad port ${port}`);
  const durable = flag("durable") ?? null;
  if (durable === "") throw new Error("--durable needs a file");
  return { host: flag("host") ?? env.HOST ?? "127.0.0.1", port, durable };
}

/** Parses `/api/rooms/{code}/activities`; returns the code or null. */
export function activitiesPath(path) {
  return /^\/api\/rooms\/([A-Za-z0-9]{6})\/activities$/.exec(path)?.[1] ?? null;
}
