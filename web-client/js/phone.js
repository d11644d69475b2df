// The phone page: join a room, then follow the current activity (a quiz: lobby, questions with
// big option buttons, own result, rank, podium). Every answer shows "received ✓" only once the
// server acknowledged that very action.

import { Conn, tokenKey, pendingKey } from './conn.js';
import { t, errorText, getLang, onLangChange, langToggle } from './i18n.js';
import {
  el, replace, byId, optionBadge, Countdown, roomFromUrl, normaliseCode, isRoomCode,
} from './dom.js';

/** @typedef {import('../gen/ServerMsg').ServerMsg} ServerMsg */
/** @typedef {import('../gen/Me').Me} Me */
/** @typedef {import('../gen/RoomView').RoomView} RoomView */
/** @typedef {import('../gen/ActivityView').ActivityView} ActivityView */
/** @typedef {import('../gen/QuizPersonal').QuizPersonal} QuizPersonal */
/** @typedef {import('../gen/QuizPhase').QuizPhase} QuizPhase */
/** @typedef {import('../gen/ErrorCode').ErrorCode} ErrorCode */
/** @typedef {import('./conn.js').Status} Status */
/** @typedef {import('./conn.js').StopReason} StopReason */

/**
 * This phone's answer to the open question, as far as this page knows.
 * @typedef {object} LocalAnswer
 * @property {string | null} id      action id (null when learnt from the server's snapshot)
 * @property {number} activity
 * @property {number} question
 * @property {number} choice
 * @property {boolean} acked        the server acknowledged it (or its snapshot holds it)
 * @property {ErrorCode | null} error
 */

/**
 * Why the page shows a message instead of the room.
 * @typedef {'removed' | 'replaced' | 'protocolVersion'} Halt
 */

const state = {
  /** @type {'join' | 'room' | 'halt'} */
  view: 'join',
  code: roomFromUrl(),
  nickname: '',
  generate: false,
  /** @type {ErrorCode | 'badCode' | 'roomNotFound' | 'roomClosed' | 'sessionExpired' | null} */
  joinError: null,
  joining: false,
  /** @type {Halt | null} */
  halt: null,
  /** @type {Status} */
  status: /** @type {Status} */ ('connecting'),
  /** @type {Me | null} */
  me: null,
  /** @type {RoomView | null} */
  room: null,
  /** @type {ActivityView | null} */
  current: null,
  /** @type {Countdown | null} */
  countdown: null,
  /** @type {LocalAnswer | null} */
  answer: null,
};

/** @type {Conn | null} */
let conn = null;

const root = byId('app');
const header = el('header', { class: 'bar' });
const banner = el('div', { class: 'banner', testid: 'reconnecting', role: 'status', hidden: true });
const main = el('main', { class: 'phone' });
replace(root, header, banner, main);

/** @returns {QuizPersonal | null} */
function personal() {
  const p = state.me?.personal;
  return p && p.kind === 'quiz' ? p : null;
}

function render() {
  document.title = t('phoneTitle');
  renderHeader();
  banner.hidden = !(state.view === 'room' && (state.status === 'reconnecting' || state.status === 'connecting'));
  replace(banner, state.status === 'connecting' ? t('connecting') : t('reconnecting'));
  if (state.view === 'join') replace(main, joinView());
  else if (state.view === 'halt') replace(main, haltView());
  else replace(main, roomView());
  tick();
}

function renderHeader() {
  const me = state.me;
  // No-ranking quizzes show no scores anywhere, not even one's own.
  const score = state.current?.noRanking ? undefined : personal()?.score;
  replace(header,
    el('span', { class: 'brand' }, 'Kring'),
    state.view === 'room' && state.room
      ? el('span', { class: 'bar-code', testid: 'room-code' }, state.room.code) : null,
    state.view === 'room' && me ? el('span', { class: 'bar-me' },
      el('span', { class: 'me-nickname', testid: 'me-nickname' }, me.nickname),
      score !== undefined ? el('span', { class: 'me-score', testid: 'me-score' }, t('points', { n: score })) : null) : null,
    langToggle());
}

function joinView() {
  const codeInput = el('input', {
    id: 'join-code', testid: 'join-code', name: 'room', value: state.code, autocomplete: 'off',
    inputmode: 'text', maxlength: 12, class: 'code-input', required: true,
    aria: { describedby: 'join-error' },
    oninput: (ev) => {
      const input = /** @type {HTMLInputElement} */ (ev.target);
      const at = input.selectionStart;
      state.code = normaliseCode(input.value);
      input.value = state.code;
      if (at !== null) input.setSelectionRange(Math.min(at, state.code.length), Math.min(at, state.code.length));
    },
  });
  const nickInput = el('input', {
    id: 'join-nickname', testid: 'join-nickname', name: 'nickname', value: state.nickname,
    autocomplete: 'nickname', maxlength: 24, disabled: state.generate,
    oninput: (ev) => { state.nickname = /** @type {HTMLInputElement} */ (ev.target).value; },
  });
  const generate = el('input', {
    type: 'checkbox', id: 'join-generate', testid: 'join-generate', checked: state.generate,
    onchange: (ev) => {
      state.generate = /** @type {HTMLInputElement} */ (ev.target).checked;
      nickInput.disabled = state.generate;
    },
  });
  const error = state.joinError
    ? el('p', { class: 'error', id: 'join-error', testid: 'join-error', role: 'alert' }, joinErrorText(state.joinError))
    : null;
  return el('form', {
    class: 'card join', testid: 'join-form',
    onsubmit: (ev) => { ev.preventDefault(); submitJoin(); },
  },
  el('h1', null, t('joinHeading')),
  el('label', { for: 'join-code' }, t('roomCode')),
  codeInput,
  el('label', { for: 'join-nickname' }, t('nickname')),
  nickInput,
  el('label', { class: 'check' }, generate, ' ', t('generateName')),
  error,
  el('button', { type: 'submit', class: 'primary big', testid: 'join-submit', disabled: state.joining },
    state.joining ? t('joining') : t('join')));
}

/** @param {ErrorCode | 'badCode' | 'roomNotFound' | 'roomClosed' | 'sessionExpired'} code */
function joinErrorText(code) {
  if (code === 'badCode') return t('badCode');
  if (code === 'roomClosed') return t('roomClosed');
  if (code === 'sessionExpired') return t('sessionExpired');
  return errorText(code);
}

function submitJoin() {
  const code = normaliseCode(state.code);
  state.code = code;
  if (!isRoomCode(code)) {
    state.joinError = 'badCode';
    render();
    return;
  }
  const nickname = state.generate ? null : state.nickname.trim();
  if (nickname === '') {
    state.joinError = 'nicknameInvalid';
    render();
    return;
  }
  state.joinError = null;
  state.joining = true;
  localStorage.removeItem(tokenKey(code));
  connect(code, nickname);
  render();
}

/**
 * Connects to room `code`: joins with `nickname` when there is no stored token, else resumes.
 * @param {string} code
 * @param {string | null} nickname
 */
function connect(code, nickname) {
  conn?.stop();
  const lang = getLang();
  conn = new Conn({
    storageKey: pendingKey(code),
    opening: () => {
      const token = localStorage.getItem(tokenKey(code));
      return token ? { type: 'resume', room: code, token } : { type: 'join', room: code, nickname, lang };
    },
    onMessage: (msg, at) => onMessage(code, msg, at),
    onStatus: (status, reason, error) => onStatus(code, status, reason, error),
    onAck: (id) => {
      if (state.answer && state.answer.id === id) {
        state.answer.acked = true;
        state.answer.error = null;
        render();
      }
    },
    onError: (ref, code) => {
      if (ref && state.answer && state.answer.id === ref && code !== 'rateLimited') {
        if (code === 'alreadyAnswered') state.answer.acked = true;
        state.answer.error = code;
        render();
      }
    },
  });
  conn.start();
}

/**
 * @param {string} code
 * @param {Status} status
 * @param {StopReason | null} reason
 * @param {ErrorCode | null} error
 */
function onStatus(code, status, reason, error) {
  state.status = status;
  if (status === 'stopped') {
    state.joining = false;
    if (reason === 'removed') {
      forget(code);
      state.view = 'halt';
      state.halt = 'removed';
    } else if (reason === 'replaced') {
      state.view = 'halt';
      state.halt = 'replaced';
    } else if (reason === 'protocolVersion') {
      state.view = 'halt';
      state.halt = 'protocolVersion';
    } else if (reason === 'roomNotFound') {
      // Deleted while this phone was in it (close 4004), or gone before a resume: say so;
      // a code typed into the form that matches no room gets the plain "check the code".
      const wasIn = state.view === 'room';
      forget(code);
      state.view = 'join';
      state.joinError = wasIn ? 'roomClosed' : 'roomNotFound';
      state.me = null;
      state.room = null;
      state.current = null;
      state.countdown = null;
      state.answer = null;
    } else if (reason === 'unauthorized') {
      forget(code);
      state.view = 'join';
      state.joinError = 'sessionExpired';
      state.me = null;
    } else {
      // Refused join (nickname taken, room full, ...): back to the form with the reason.
      state.view = 'join';
      state.joinError = error ?? 'internal';
    }
  }
  render();
}

/**
 * Forgets the token and pending actions of a room that is gone for this phone.
 * @param {string} code
 */
function forget(code) {
  localStorage.removeItem(tokenKey(code));
  localStorage.removeItem(pendingKey(code));
}

/**
 * @param {string} code
 * @param {ServerMsg} msg
 * @param {number} receivedAt
 */
function onMessage(code, msg, receivedAt) {
  switch (msg.type) {
    case 'welcome':
      if (msg.me) {
        localStorage.setItem(tokenKey(code), msg.me.token);
        state.me = msg.me;
      }
      state.room = msg.room;
      state.view = 'room';
      state.joining = false;
      state.joinError = null;
      if (new URLSearchParams(location.search).get('room') !== code) {
        history.replaceState(null, '', `/?room=${encodeURIComponent(code)}`);
      }
      setCurrent(msg.room.current, msg.serverNow, receivedAt);
      restoreAnswer();
      break;
    case 'activity':
      setCurrent(msg.current, msg.serverNow, receivedAt);
      if (state.room) state.room.current = msg.current;
      break;
    case 'you':
      state.me = msg.me;
      restoreAnswer();
      break;
    case 'participants':
      if (state.room) {
        state.room.participantCount = msg.count;
        state.room.onlineCount = msg.online;
      }
      return; // nothing on the phone shows it
    default:
      return;
  }
  render();
}

/**
 * @param {ActivityView | null} current
 * @param {number} serverNow
 * @param {number} receivedAt
 */
function setCurrent(current, serverNow, receivedAt) {
  state.current = current;
  const phase = current?.phase;
  state.countdown = phase && phase.phase === 'question'
    ? new Countdown(phase.deadline, serverNow, receivedAt) : null;
  if (state.answer) {
    // Keep "your answer" only while the same question is shown (open or revealed).
    const same = current !== null && current.id === state.answer.activity && phase !== undefined
      && 'index' in phase && phase.index === state.answer.question;
    if (!same) state.answer = null;
  }
}

/** The open question, if any: activity id and question index. */
function openQuestion() {
  const current = state.current;
  if (!current || current.phase.phase !== 'question') return null;
  return { activity: current.id, question: current.phase.index };
}

/**
 * After a welcome or `you`: learns the answer to the open question from the pending actions
 * (still waiting for the ack) or from the server's snapshot (stored, so acknowledged before).
 */
function restoreAnswer() {
  const open = openQuestion();
  if (!open) return;
  if (state.answer && state.answer.activity === open.activity && state.answer.question === open.question) return;
  for (const p of conn?.pending() ?? []) {
    const act = p.act;
    if (act.type === 'activity' && act.activity === open.activity && act.input.kind === 'quiz'
      && act.input.type === 'answer' && act.input.question === open.question) {
      state.answer = { id: p.id, ...open, choice: act.input.choice, acked: false, error: null };
      return;
    }
  }
  const mine = personal()?.answer;
  if (mine && mine.question === open.question) {
    state.answer = { id: null, ...open, choice: mine.choice, acked: true, error: null };
  }
}

/** @param {number} choice */
function answer(choice) {
  const open = openQuestion();
  const previous = state.answer;
  if (!open || !conn) return;
  if (previous && previous.activity === open.activity && previous.question === open.question
    && (previous.error === null || previous.error === 'questionClosed' || previous.error === 'alreadyAnswered')) return;
  if (state.countdown && state.countdown.remainingMs() <= 0) return;
  const id = conn.act({
    type: 'activity',
    activity: open.activity,
    input: { kind: 'quiz', type: 'answer', question: open.question, choice },
  });
  state.answer = { id, ...open, choice, acked: false, error: null };
  render();
}

function haltView() {
  const code = state.room?.code ?? state.code;
  if (state.halt === 'removed') {
    return el('section', { class: 'card notice', testid: 'halt-removed', role: 'alert' },
      el('h1', null, t('removedTitle')), el('p', null, t('removedText')));
  }
  if (state.halt === 'replaced') {
    return el('section', { class: 'card notice', testid: 'halt-replaced', role: 'alert' },
      el('h1', null, t('replacedTitle')), el('p', null, t('replacedText')),
      el('button', {
        class: 'primary big', testid: 'use-here',
        onclick: () => { state.view = 'room'; state.halt = null; connect(code, null); render(); },
      }, t('useHere')));
  }
  return el('section', { class: 'card notice', testid: 'halt-version', role: 'alert' },
    el('h1', null, t('versionTitle')), el('p', null, t('versionText')),
    el('button', { class: 'primary big', onclick: () => location.reload() }, t('reload')));
}

function roomView() {
  const current = state.current;
  if (!current) {
    return el('section', { class: 'card wait', testid: 'lobby' },
      el('p', { class: 'muted' }, state.room?.title ?? ''),
      el('h1', null, t('welcomeName', { name: state.me?.nickname ?? '' })),
      el('p', { class: 'lead' }, t('waitForTeacher')));
  }
  if (current.kind !== 'quiz') {
    return el('section', { class: 'card wait' }, el('p', null, t('unknownActivity')));
  }
  const phase = current.phase;
  switch (phase.phase) {
    case 'lobby':
      return el('section', { class: 'card wait', testid: 'quiz-lobby' },
        el('p', { class: 'muted' }, t('quiz')),
        el('h1', null, current.title),
        el('p', { class: 'lead' }, t('quizStartsSoon')));
    case 'question':
      return questionView(current, phase);
    case 'reveal':
      return revealView(current, phase);
    case 'leaderboard':
      return standingView(current, 'leaderboard');
    case 'podium':
      return standingView(current, 'podium');
    default:
      return el('section', { class: 'card' });
  }
}

/**
 * @param {ActivityView} quiz
 * @param {Extract<QuizPhase, { phase: 'question' }>} phase
 */
function questionView(quiz, phase) {
  const a = state.answer && state.answer.question === phase.index && state.answer.activity === quiz.id
    ? state.answer : null;
  // Locked once sent, unless the server refused it in a way that a new tap can fix.
  const locked = a !== null && (a.error === null || a.error === 'questionClosed' || a.error === 'alreadyAnswered');
  const timeUp = state.countdown !== null && state.countdown.remainingMs() <= 0;
  const options = phase.question.options.map((text, i) =>
    el('button', {
      class: `opt opt-${i}${a && a.choice === i ? ' chosen' : ''}${locked && a.choice !== i ? ' dim' : ''}`,
      testid: `option-${i}`, type: 'button', disabled: locked || timeUp,
      aria: { pressed: a && a.choice === i ? 'true' : 'false' },
      onclick: () => answer(i),
    }, optionBadge(i), el('span', { class: 'opt-text' }, text)));
  /** @type {HTMLElement} */
  let status;
  if (a && a.error && a.error !== 'alreadyAnswered') {
    status = el('p', { class: 'status error', testid: 'answer-error', role: 'alert' }, errorText(a.error));
  } else if (a && a.acked) {
    status = el('p', { class: 'status ok', testid: 'answer-status' },
      el('span', { testid: 'ack-check' }, t('received')));
  } else if (a) {
    status = el('p', { class: 'status pending', testid: 'answer-status' }, t('sending'));
  } else if (timeUp) {
    status = el('p', { class: 'status', testid: 'answer-status' }, t('timeUp'));
  } else {
    status = el('p', { class: 'status muted', testid: 'answer-status' }, t('tapAnswer'));
  }
  return el('section', { class: 'question', testid: 'question' },
    el('div', { class: 'q-meta' },
      el('span', null, t('questionOf', { n: phase.index + 1, total: quiz.questionCount })),
      el('span', { class: 'countdown', testid: 'countdown', aria: { live: 'off' } }, '')),
    el('h1', { class: 'q-text', testid: 'question-text' }, phase.question.text),
    el('div', { class: 'options' }, options),
    status);
}

/**
 * @param {ActivityView} quiz
 * @param {Extract<QuizPhase, { phase: 'reveal' }>} phase
 */
function revealView(quiz, phase) {
  const p = personal();
  const result = p?.result && p.result.question === phase.index ? p.result : null;
  /** @type {HTMLElement} */
  let verdict;
  if (!result) verdict = el('p', { class: 'verdict', testid: 'result' }, '…');
  else if (!result.answered) verdict = el('p', { class: 'verdict none', testid: 'result' }, t('noAnswer'));
  else if (result.correct) {
    verdict = el('p', { class: 'verdict right', testid: 'result', data: { correct: 'true' } },
      el('span', { class: 'verdict-mark', aria: { hidden: 'true' } }, '✓ '), t('correct'));
  } else {
    verdict = el('p', { class: 'verdict wrong', testid: 'result', data: { correct: 'false' } },
      el('span', { class: 'verdict-mark', aria: { hidden: 'true' } }, '✗ '), t('wrong'));
  }
  const correctText = phase.correct.map((i) => phase.question.options[i]).filter((x) => x !== undefined);
  return el('section', { class: 'card reveal', testid: 'reveal' },
    el('p', { class: 'muted' }, t('questionOf', { n: phase.index + 1, total: quiz.questionCount })),
    verdict,
    result && !quiz.noRanking ? el('p', { class: 'points', testid: 'points' }, t('plusPoints', { n: result.points })) : null,
    el('p', { class: 'muted' }, t('correctAnswer')),
    el('ul', { class: 'correct-list' }, phase.correct.map((i, k) =>
      el('li', { class: `opt-chip opt-${i}` }, optionBadge(i), el('span', null, correctText[k] ?? '')))),
    standing(quiz));
}

/**
 * Own total (and rank unless no-ranking).
 * @param {ActivityView} quiz
 */
function standing(quiz) {
  const p = personal();
  if (!p || quiz.noRanking) return null;
  return el('div', { class: 'standing' },
    el('p', { class: 'total', testid: 'total' }, t('totalPoints', { n: p.score })),
    !quiz.noRanking && p.rank !== null
      ? el('p', { class: 'rank', testid: 'rank' }, t('yourRank', { n: p.rank })) : null);
}

/**
 * @param {ActivityView} quiz
 * @param {'leaderboard' | 'podium'} which
 */
function standingView(quiz, which) {
  const p = personal();
  const medal = which === 'podium' && !quiz.noRanking && p && p.rank !== null && p.rank <= 3
    ? ['🥇', '🥈', '🥉'][p.rank - 1] : null;
  return el('section', { class: `card ${which}`, testid: which },
    el('h1', null, which === 'podium' ? t('quizOver') : t('leaderboard')),
    medal ? el('p', { class: 'medal', aria: { hidden: 'true' } }, medal) : null,
    standing(quiz),
    which === 'leaderboard' ? el('p', { class: 'muted' }, t('waitNextQuestion')) : el('p', { class: 'lead' }, t('thanks')));
}

/** Updates the countdown text (and locks the buttons at zero) without a full re-render. */
function tick() {
  const node = main.querySelector('[data-testid="countdown"]');
  if (!node || !state.countdown) return;
  const secs = state.countdown.seconds();
  if (node.textContent !== String(secs)) node.textContent = String(secs);
  if (secs === 0 && !main.querySelector('.options button:disabled')) render();
}

setInterval(tick, 200);
onLangChange(render);

// Start: resume when this browser already joined the room in `?room=`, else the join form.
if (state.code && localStorage.getItem(tokenKey(state.code))) {
  state.view = 'room';
  connect(state.code, null);
}
render();
