// The operator's session in the console's pages: the bearer token (from the address's #token= once,
// then kept for the browser tab only) and calls to the API with it.

/** The token of this tab: taken from `#token=…` (and removed from the address bar), else the one kept. */
export function readToken() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('dobbeltspor-token', fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem('dobbeltspor-token');
}

/** Calls the API with the token; a refusal throws with the API's message and code. */
export async function callApi(token, path, options = {}) {
  const res = await fetch(path, {
    ...options,
    headers: { authorization: `Bearer ${token}`, ...(options.body ? { 'content-type': 'application/json' } : {}) },
  });
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  // The error's code (e.g. SLOTS_EXCEEDED) goes with it, for a page to say the refusal in its own words.
  if (!res.ok)
    throw Object.assign(new Error(body?.message ?? `${res.status} ${res.statusText}`), { code: body?.error, status: res.status });
  return body;
}

/**
 * Wires a list's retry buttons (`selector`, with the outbox row's id in `data-ref`): a click asks the
 * API to send that e-mail again; `report(status, error)` tells the page how it went.
 */
export function retryEmailOnClick(list, selector, api, report) {
  list.addEventListener('click', async (e) => {
    const button = e.target.closest(selector);
    if (!button) return;
    button.disabled = true;
    try {
      await api(pathOf('/api/emails/:outboxId/retry', { outboxId: button.dataset.ref }), { method: 'POST' });
      report('E-mailen sendes igen.', '');
    } catch (err) {
      button.disabled = false;
      report(undefined, err.message);
    }
  });
}

/** A route's path with its parameters filled in: `pathOf('/api/camps/:campId/attendance', { campId })`. */
export function pathOf(pattern, params) {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name) => {
    if (params[name] === undefined || params[name] === '') throw new Error(`${name} is missing`);
    return encodeURIComponent(params[name]);
  });
}
