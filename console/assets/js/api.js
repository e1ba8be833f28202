// The console's only way to the API: same origin, the key from this tab's session storage sent
// as a header, problem+json turned into an Error that carries the API's own message.

const KEY = "ai-analysis.apiKey";

export const session = {
  key: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

/** An API answer that was not 2xx: `detail` is the API's problem message. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Called when the API says the key is no longer valid (401). */
let onUnauthorized = () => {};
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

function headers(extra = {}) {
  return { Authorization: `Bearer ${session.key() ?? ""}`, ...extra };
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return { title: response.statusText || `HTTP ${response.status}` };
  }
}

/** JSON in, JSON out. Throws ApiError for a problem answer. */
export async function api(method, path, body, { signal, key } = {}) {
  const init = { method, signal, headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }) };
  if (key !== undefined) init.headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && key === undefined) onUnauthorized(problem);
    throw new ApiError(response.status, problem);
  }
  return response.status === 204 ? null : response.json();
}

/**
 * Reads a Server-Sent Events answer with fetch (EventSource cannot send the key as a header),
 * calling onEvent({ id, event, data }) per event with `data` parsed as JSON. Resolves when the
 * answer ends.
 */
export async function readEvents(path, { method = "GET", body, signal, lastEventId, onEvent }) {
  const extra = { Accept: "text/event-stream" };
  if (body !== undefined) extra["Content-Type"] = "application/json";
  if (lastEventId !== undefined) extra["Last-Event-ID"] = String(lastEventId);
  const response = await fetch(path, {
    method,
    signal,
    headers: headers(extra),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401) onUnauthorized(problem);
    throw new ApiError(response.status, problem);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = { event: "message", data: "" };
      for (const line of block.split("\n")) {
        const colon = line.indexOf(":");
        if (colon <= 0) continue;
        const field = line.slice(0, colon);
        const text = line.slice(colon + 1).replace(/^ /, "");
        if (field === "data") event.data += text;
        else if (field === "event") event.event = text;
        else if (field === "id") event.id = text;
      }
      try {
        event.data = event.data ? JSON.parse(event.data) : null;
      } catch {
        // Not JSON (a comment or keep-alive): passed on as text.
      }
      onEvent(event);
    }
  }
}
