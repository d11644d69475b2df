// The host console's HTTP calls: the open room's API paths, the host key as a header, and the
// message of a failed call.

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
