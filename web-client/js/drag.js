// Dragging an item onto a drop zone with pointer events, so it works with a mouse, a pen and a
// finger on a tablet alike (HTML5 drag and drop does not fire for touch). A press that does not
// move is left to the item's click handler, so tapping keeps working as before.
//
// Drop zones are elements with a `data-drop` attribute; `drop` gets that attribute's value.

/** How far (px) the pointer must move before a press becomes a drag. */
const DRAG_THRESHOLD = 8;

/**
 * Starts following a press on `ev.currentTarget`; once it moves, the item follows the pointer
 * and the zone under it is highlighted; releasing over a zone calls `drop(zone's data-drop)`.
 * @param {PointerEvent} ev          the item's pointerdown
 * @param {(zone: string) => void} drop
 */
export function startDrag(ev, drop) {
  if (ev.button !== 0 || !(ev.currentTarget instanceof HTMLElement)) return;
  const item = ev.currentTarget;
  const startX = ev.clientX;
  const startY = ev.clientY;
  /** @type {HTMLElement | null} */
  let ghost = null;
  /** @type {HTMLElement | null} */
  let over = null;
  const offset = item.getBoundingClientRect();

  /** @param {PointerEvent} e */
  const move = (e) => {
    if (e.pointerId !== ev.pointerId) return;
    if (!ghost) {
      if (Math.hypot(e.clientX - startX, e.clientY - startY) < DRAG_THRESHOLD) return;
      ghost = /** @type {HTMLElement} */ (item.cloneNode(true));
      ghost.removeAttribute('data-testid');
      ghost.classList.add('drag-ghost');
      ghost.setAttribute('aria-hidden', 'true');
      ghost.style.width = `${offset.width}px`;
      document.body.append(ghost);
      item.classList.add('dragging');
    }
    ghost.style.transform = `translate(${e.clientX - (startX - offset.left)}px, ${e.clientY - (startY - offset.top)}px)`;
    const zone = /** @type {HTMLElement | null} */ (document.elementFromPoint(e.clientX, e.clientY)?.closest('[data-drop]') ?? null);
    if (zone !== over) {
      over?.classList.remove('drop-over');
      zone?.classList.add('drop-over');
      over = zone;
    }
  };
  /** @param {PointerEvent} e */
  const end = (e) => {
    if (e.pointerId !== ev.pointerId) return;
    removeEventListener('pointermove', move, true);
    removeEventListener('pointerup', end, true);
    removeEventListener('pointercancel', end, true);
    over?.classList.remove('drop-over');
    item.classList.remove('dragging');
    if (!ghost) return;
    ghost.remove();
    // The release after a drag is not a tap: swallow the click it would cause.
    const swallow = (/** @type {MouseEvent} */ c) => { c.stopPropagation(); c.preventDefault(); };
    item.addEventListener('click', swallow, { capture: true, once: true });
    setTimeout(() => item.removeEventListener('click', swallow, { capture: true }), 0);
    const zone = over?.dataset.drop;
    if (e.type === 'pointerup' && zone !== undefined) drop(zone);
  };
  // Listening on the window, not the item: a re-render may take the item out of the page
  // mid-drag (its student moved by another console), and the release must still end the drag.
  addEventListener('pointermove', move, true);
  addEventListener('pointerup', end, true);
  addEventListener('pointercancel', end, true);
}
