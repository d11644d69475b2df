// The projector: how to join (code, URL, QR), then the current activity in huge type. Read-only.

import { Conn } from './conn.js';
import { t, tn, onLangChange, langToggle } from './i18n.js';
import { el, replace, byId, optionBadge, Countdown, roomFromUrl, normaliseCode, isRoomCode } from './dom.js';

/** @typedef {import('../gen/ServerMsg').ServerMsg} ServerMsg */
/** @typedef {import('../gen/RoomView').RoomView} RoomView */
/** @typedef {import('../gen/ActivityView').ActivityView} ActivityView */
/** @typedef {import('../gen/QuizPhase').QuizPhase} QuizPhase */
/** @typedef {import('../gen/RankEntry').RankEntry} RankEntry */
/** @typedef {import('./conn.js').Status} Status */
/** @typedef {import('./conn.js').StopReason} StopReason */

const state = {
  code: roomFromUrl(),
  /** @type {Status} */
  status: /** @type {Status} */ ('connecting'),
  /** @type {StopReason | null} */
  stopped: null,
  /** @type {RoomView | null} */
  room: null,
  count: 0,
  online: 0,
  /** @type {ActivityView | null} */
  current: null,
  /** @type {Countdown | null} */
  countdown: null,
  /** @type {{ activity: number, responded: number, of: number } | null} */
  progress: null,
};

/** @type {Conn | null} */
let conn = null;

const root = byId('app');
const banner = el('div', { class: 'banner', testid: 'reconnecting', role: 'status', hidden: true });
const main = el('main', { class: 'screen' });
replace(root, banner, main);

function render() {
  document.title = state.room ? `${state.room.code} · Kring` : t('screenTitle');
  banner.hidden = !(state.status === 'reconnecting' || (state.status === 'connecting' && state.room !== null));
  replace(banner, t('reconnecting'));
  if (!state.code || !isRoomCode(state.code) || state.stopped) {
    replace(main, pickRoom());
    return;
  }
  if (!state.room) {
    replace(main, el('div', { class: 'screen-wait' }, el('p', null, t('connecting')), langToggle()));
    return;
  }
  const quiz = state.current;
  const phase = quiz?.phase;
  if (!quiz || !phase || phase.phase === 'lobby') replace(main, lobby(quiz));
  else replace(main, strip(), activity(quiz, phase));
  tick();
}

/** Asks for a room code (the projector was opened without one, or the room is gone). */
function pickRoom() {
  const input = el('input', {
    id: 'screen-code', class: 'code-input', value: state.code, maxlength: 12, autocomplete: 'off',
    oninput: (ev) => {
      const i = /** @type {HTMLInputElement} */ (ev.target);
      i.value = normaliseCode(i.value);
    },
  });
  return el('form', {
    class: 'screen-pick',
    onsubmit: (ev) => {
      ev.preventDefault();
      const code = normaliseCode(input.value);
      if (!isRoomCode(code)) return;
      location.href = `/screen?room=${encodeURIComponent(code)}`;
    },
  },
  state.stopped ? el('p', { class: 'error', role: 'alert', testid: 'screen-error' },
    state.stopped === 'roomNotFound' ? t('roomNotFoundCode', { code: state.code }) : t('connectionRefused')) : null,
  el('label', { for: 'screen-code' }, t('roomCode')), input,
  el('button', { type: 'submit', class: 'primary' }, t('show')), langToggle());
}

/** How to join: huge code, URL and QR code, and how many joined. */
/** @param {ActivityView | null} quiz */
function lobby(quiz) {
  const room = /** @type {RoomView} */ (state.room);
  return el('div', { class: 'screen-lobby' },
    el('div', { class: 'join-info' },
      el('p', { class: 'screen-title' }, quiz ? quiz.title : room.title),
      el('p', { class: 'join-how' }, t('goTo')),
      el('p', { class: 'join-url', testid: 'screen-join-url' }, displayUrl(room.joinUrl)),
      el('p', { class: 'join-how' }, t('enterCode')),
      el('p', { class: 'huge-code', testid: 'screen-code' }, room.code),
      el('p', { class: 'joined', testid: 'screen-joined' }, tn('joinedCountOne', 'joinedCount', state.count))),
    el('div', { class: 'qr' },
      el('img', {
        src: `/api/rooms/${encodeURIComponent(room.code)}/qr.svg`, alt: t('qrAlt', { url: room.joinUrl }),
        testid: 'screen-qr',
      })),
    el('div', { class: 'corner' }, langToggle()));
}

/**
 * The join URL as people type it: no scheme, no `?room=` (they type the code), no trailing slash.
 * @param {string} url
 */
function displayUrl(url) {
  return url.replace(/^https?:\/\//, '').replace(/\?.*$/, '').replace(/\/$/, '');
}

/** A thin top strip during activities, so latecomers can still join. */
function strip() {
  const room = /** @type {RoomView} */ (state.room);
  return el('div', { class: 'strip' },
    el('span', null, displayUrl(room.joinUrl)),
    el('span', { class: 'strip-code', testid: 'screen-code' }, room.code),
    el('span', { testid: 'screen-joined' }, tn('joinedCountOne', 'joinedCount', state.count)),
    el('img', { class: 'strip-qr', src: `/api/rooms/${encodeURIComponent(room.code)}/qr.svg`, alt: '' }),
    langToggle());
}

/**
 * @param {ActivityView} quiz
 * @param {QuizPhase} phase
 */
function activity(quiz, phase) {
  switch (phase.phase) {
    case 'question': return question(quiz, phase);
    case 'reveal': return reveal(quiz, phase);
    case 'leaderboard': return leaderboard(quiz, phase.top);
    case 'podium': return podium(quiz, phase);
    default: return el('div');
  }
}

/**
 * "answered n/N" for the open or just revealed question.
 * @param {ActivityView} quiz
 */
function answeredText(quiz) {
  const phase = quiz.phase;
  const responded = phase.phase === 'reveal' ? phase.answered
    : state.progress && state.progress.activity === quiz.id ? state.progress.responded : 0;
  const of = state.progress?.of ?? state.online;
  return t('answeredOf', { n: responded, of });
}

/**
 * Long questions get a smaller size so that everything fits a 16:9 screen.
 * @param {string} text
 */
function textClass(text) {
  return text.length > 90 ? 'q-text long' : 'q-text';
}

/**
 * @param {ActivityView} quiz
 * @param {Extract<QuizPhase, { phase: 'question' }>} phase
 */
function question(quiz, phase) {
  return el('section', { class: 'screen-q', testid: 'screen-question' },
    el('div', { class: 'q-top' },
      el('span', { class: 'q-count' }, t('questionOf', { n: phase.index + 1, total: quiz.questionCount })),
      el('span', { class: 'timer', testid: 'screen-countdown' }, ''),
      el('span', { class: 'answered', testid: 'screen-answered' }, answeredText(quiz))),
    el('h1', { class: textClass(phase.question.text), testid: 'screen-question-text' }, phase.question.text),
    el('div', { class: phase.question.options.length > 4 ? 'screen-options many' : 'screen-options' }, phase.question.options.map((o, i) =>
      el('div', { class: `opt opt-${i}`, testid: `screen-option-${i}` }, optionBadge(i), el('span', { class: 'opt-text' }, o)))));
}

/**
 * Distribution per option as bars, the correct option(s) highlighted.
 * @param {ActivityView} quiz
 * @param {Extract<QuizPhase, { phase: 'reveal' }>} phase
 */
function reveal(quiz, phase) {
  const max = Math.max(1, ...phase.counts);
  return el('section', { class: 'screen-reveal', testid: 'screen-reveal' },
    el('div', { class: 'q-top' },
      el('span', { class: 'q-count' }, t('questionOf', { n: phase.index + 1, total: quiz.questionCount })),
      el('span', { class: 'answered', testid: 'screen-answered' }, answeredText(quiz))),
    el('h1', { class: textClass(phase.question.text) }, phase.question.text),
    el('table', { class: phase.question.options.length > 4 ? 'dist many' : 'dist', testid: 'screen-distribution' },
      el('tbody', null, phase.question.options.map((o, i) => {
        const n = phase.counts[i] ?? 0;
        const right = phase.correct.includes(i);
        return el('tr', {
          class: right ? 'is-correct' : 'is-wrong', testid: `dist-row-${i}`,
          data: { count: String(n), correct: String(right) },
        },
        el('th', { scope: 'row' }, optionBadge(i), el('span', { class: 'opt-text' }, o),
          right ? el('span', { class: 'tick', aria: { label: t('correctAnswer') } }, ' ✓') : null),
        el('td', { class: 'bar-cell' },
          el('span', { class: `dist-bar opt-${i}`, style: `width:${Math.round((n / max) * 100)}%` })),
        el('td', { class: 'num', testid: `dist-count-${i}` }, String(n)));
      }))));
}

/**
 * @param {ActivityView} quiz
 * @param {RankEntry[]} top
 */
function leaderboard(quiz, top) {
  if (quiz.noRanking) {
    return el('section', { class: 'screen-board', testid: 'screen-leaderboard' },
      el('h1', null, t('wellDone')));
  }
  return el('section', { class: 'screen-board', testid: 'screen-leaderboard' },
    el('h1', null, t('leaderboard')),
    el('ol', { class: 'board' }, top.map((r) => el('li', { testid: 'board-entry' },
      el('span', { class: 'rank' }, String(r.rank)),
      el('span', { class: 'nick', testid: 'board-nickname' }, r.nickname),
      el('span', { class: 'score' }, String(r.score))))));
}

/**
 * @param {ActivityView} quiz
 * @param {Extract<QuizPhase, { phase: 'podium' }>} phase
 */
function podium(quiz, phase) {
  const tallies = el('table', { class: 'tallies', testid: 'screen-tallies' },
    el('thead', null, el('tr', null,
      el('th', null, t('question')), el('th', null, t('correctCount')), el('th', null, t('answeredCount')))),
    el('tbody', null, phase.questions.map((q, i) => el('tr', null,
      el('td', null, String(i + 1)), el('td', null, String(q.correct)), el('td', null, String(q.answered))))));
  if (quiz.noRanking || phase.top.length === 0) {
    return el('section', { class: 'screen-podium', testid: 'screen-podium' },
      el('h1', null, t('classResults')), tallies);
  }
  const [first, second, third] = phase.top;
  /** @param {RankEntry | undefined} r @param {string} cls */
  const step = (r, cls) => r ? el('div', { class: `step ${cls}`, testid: 'podium-step' },
    el('span', { class: 'nick', testid: 'podium-nickname' }, r.nickname),
    el('span', { class: 'score' }, String(r.score)),
    el('span', { class: 'block' }, String(r.rank))) : el('div', { class: `step ${cls} empty` });
  return el('section', { class: 'screen-podium', testid: 'screen-podium' },
    el('h1', null, t('podium')),
    el('div', { class: 'steps' }, step(second, 'second'), step(first, 'first'), step(third, 'third')),
    phase.top.length > 3 ? el('ol', { class: 'board small', start: '4' }, phase.top.slice(3).map((r) =>
      el('li', null, el('span', { class: 'rank' }, String(r.rank)), el('span', { class: 'nick' }, r.nickname),
        el('span', { class: 'score' }, String(r.score))))) : null);
}

/** @param {ServerMsg} msg @param {number} receivedAt */
function onMessage(msg, receivedAt) {
  switch (msg.type) {
    case 'welcome':
      state.room = msg.room;
      state.count = msg.room.participantCount;
      state.online = msg.room.onlineCount;
      setCurrent(msg.room.current, msg.serverNow, receivedAt);
      render();
      break;
    case 'activity':
      setCurrent(msg.current, msg.serverNow, receivedAt);
      if (state.room) state.room.current = msg.current;
      render();
      break;
    case 'participants':
      state.count = msg.count;
      state.online = msg.online;
      for (const node of main.querySelectorAll('[data-testid="screen-joined"]')) {
        node.textContent = tn('joinedCountOne', 'joinedCount', state.count);
      }
      break;
    case 'progress': {
      state.progress = { activity: msg.activity, responded: msg.responded, of: msg.of };
      const node = main.querySelector('[data-testid="screen-answered"]');
      if (node && state.current) node.textContent = answeredText(state.current);
      break;
    }
    default:
      break;
  }
}

/**
 * @param {ActivityView | null} current
 * @param {number} serverNow
 * @param {number} receivedAt
 */
function setCurrent(current, serverNow, receivedAt) {
  state.current = current;
  const phase = current?.phase;
  state.countdown = phase && phase.phase === 'question' ? new Countdown(phase.deadline, serverNow, receivedAt) : null;
}

function tick() {
  const node = main.querySelector('[data-testid="screen-countdown"]');
  if (!node || !state.countdown) return;
  const secs = String(state.countdown.seconds());
  if (node.textContent !== secs) node.textContent = secs;
  node.classList.toggle('urgent', state.countdown.remainingMs() < 5000);
}

function start() {
  if (!state.code || !isRoomCode(state.code)) {
    render();
    return;
  }
  const code = state.code;
  conn = new Conn({
    storageKey: null,
    opening: () => ({ type: 'screen', room: code }),
    onMessage,
    onStatus: (status, reason) => {
      state.status = status;
      if (status === 'stopped') state.stopped = reason;
      render();
    },
  });
  conn.start();
  render();
}

setInterval(tick, 200);
onLangChange(render);
start();
