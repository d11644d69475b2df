// The host console's HTTP calls: the open room's API paths, the host key as a header, the
// message of a failed call, and one activity's results for an editor that takes them.

import { apiErrorText, t } from '../i18n.js';
import { state } from './state.js';

/** @typedef {import('../../gen/ApiError').ApiError} ApiError */

/**
 * `/api/rooms/{code}/{rest}` for the open room.
 * @param {string} rest
 */
export function roomApi(rest) {
  return `/api/rooms/${encodeURIComponent(state.code)}/${rest}`;
}

/** The host key as the API wants it. */
export function authHeaders() {
  return { Authorization: `Bearer ${state.hostKey}` };
}

/**
 * The message of a failed API call, translated when shown.
 * @param {Response} res
 * @param {(code: string) => void} [seen]  told the error's code
 * @returns {Promise<() => string>}
 */
export async function apiError(res, seen) {
  try {
    /** @type {ApiError} */
    const body = await res.json();
    seen?.(body.code);
    return () => apiErrorText(body.code, body.message);
  } catch {
    const status = res.status;
    return () => t('httpError', { n: status });
  }
}

/**
 * One activity's results as the JSON export has them (its entry of `export.json?activity=…`),
 * fetched with the host key: for an editor that takes a past activity's results (the projector
 * and the phones never get them). Rejects with a function giving the message to show.
 * @param {number} activity
 * @returns {Promise<unknown>}
 */
export async function activityResults(activity) {
  let res;
  try {
    res = await fetch(roomApi(`export.json?activity=${activity}`), { headers: authHeaders(), cache: 'no-store' });
  } catch {
    throw () => t('networkError');
  }
  if (!res.ok) throw await apiError(res);
  /** @type {{ activities?: unknown[] }} */
  const body = await res.json();
  return body.activities?.[0] ?? null;
}
