// The host console's shell: the page's frame (header, banner, notices) around "My rooms" or
// the open room, and the page's start. The console never names an activity kind.
//
// A room's console is laid out so that what runs now is always in view: the room strip (code,
// join link, projector), then on a laptop two columns that scroll on their own: the run panel
// (the current activity's controls on top, its long lists, such as a wall's cards, in their
// own scroll box below them) and, one tap away in tabs, the agenda with the editors, the
// participants, the teams, and the room's exports and links. On a phone the same parts stack.
//
// The jobs live in js/host/: the connection to the open room (connection.js), the room's
// layout (room.js) and its run panel (run.js), "My rooms" (rooms.js), the agenda and the
// kinds' editors (agenda.js), exports and deleting a room (exports.js), copying a link
// (copy.js), and the state they share (state.js).

import { t, onLangChange } from './i18n.js';
import { byId, roomFromUrl, isRoomCode } from './dom.js';
import { v, fragment, render as paint, langToggle } from './view.js';
import { preload } from './activities/index.js';
import { besideTicked } from './beside.js';
import { timeTicked } from './host/sessions.js';
import { shell, state } from './host/state.js';
import { checkRooms, homeView, rememberRoom } from './host/rooms.js';
import { roomView } from './host/room.js';
import { act, closeRoom, openRoom, updatePresenter } from './host/connection.js';

const root = byId('app');
root.replaceChildren();

function render() {
  document.title = t('hostTitle');
  document.body.classList.toggle('in-room', state.view === 'room');
  state.shownSeconds = state.countdown?.seconds() ?? -1;
  const reconnecting = state.view === 'room' && (state.status === 'reconnecting' || state.status === 'connecting');
  paint(fragment(
    v('header', { class: 'bar' },
      v('span', { class: 'brand' }, 'Kring'),
      v('span', { class: 'bar-title' }, t('hostConsole')),
      state.view === 'room' ? v('a', { href: '/host', class: 'bar-link', testid: 'my-rooms' }, t('myRooms')) : null,
      langToggle()),
    v('div', { class: 'banner', testid: 'reconnecting', role: 'status', hidden: !reconnecting },
      state.status === 'connecting' ? t('connecting') : t('reconnecting')),
    v('div', { class: 'notice-box', role: 'status', aria: { live: 'polite' } }, noticeView()),
    v('main', { class: 'host' }, state.view === 'home' ? homeView() : roomView())), root);
  updatePresenter();
}

function noticeView() {
  const n = state.notice;
  return n ? v('p', {
    class: n.kind === 'error' ? 'error' : 'ok', testid: n.kind === 'error' ? 'host-error' : 'host-ok',
    role: n.kind === 'error' ? 'alert' : 'status',
  }, n.text(), ' ', v('button', {
    class: 'link', type: 'button', aria: { label: t('dismiss') },
    onclick: () => { state.notice = null; render(); },
  }, '×')) : null;
}

/**
 * @param {'ok' | 'error'} kind
 * @param {() => string} text  translated when shown (and again after a language switch)
 */
function notify(kind, text) {
  state.notice = { kind, text };
  render();
}

/** Re-renders when the countdown shows another second. */
function tick() {
  // `||` would skip the agenda's check when the countdown re-renders: both are asked.
  const ticked = [state.countdown !== null && state.countdown.seconds() !== state.shownSeconds, besideTicked(), timeTicked()];
  if (ticked.some(Boolean)) render();
}

Object.assign(shell, { render, act, notify, openRoom, closeRoom });
setInterval(tick, 250);
onLangChange(render);
preload('host').then(render, render);
// Pasting a host link (`#key=…`) into this tab changes only the fragment: open it properly.
window.addEventListener('hashchange', () => {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.has('key') || hash.has('mod')) location.reload();
});

// Start: `/host?room=CODE#key=HOSTKEY` opens a room (and remembers it); `/host?room=CODE`
// opens a remembered room; `/host` lists them.
{
  const code = roomFromUrl();
  const hash = new URLSearchParams(location.hash.slice(1));
  const key = hash.get('key');
  const moderatorKey = hash.get('mod');
  if (code && isRoomCode(code)) {
    const known = state.rooms.find((r) => r.code === code);
    if (moderatorKey) openRoom(code, moderatorKey);
    else if (key) {
      rememberRoom({ code, title: known?.title ?? '', hostKey: key, createdAt: known?.createdAt ?? Date.now() });
      openRoom(code, key);
    } else if (known) openRoom(code, known.hostKey);
    else {
      state.homeError = () => t('noKeyFor', { code });
      render();
      checkRooms();
    }
  } else {
    render();
    checkRooms();
  }
}
