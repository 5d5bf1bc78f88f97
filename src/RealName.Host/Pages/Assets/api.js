// The page's calls: its session's page API (/verify/api/{id}/…, authorised by the page grant
// cookie), the server's clock (X-RealName-Time, so countdowns follow the server) and the live
// status stream.
"use strict";

window.RealNameApi = (() => {
  let id = location.pathname.split("/").filter(Boolean).pop();
  let offsetMs = 0;

  async function call(method, path, body, headers = {}) {
    let response;
    // A Blob body (files) comes with its own Content-Type in the headers.
    const json = body !== undefined && !(body instanceof Blob);
    try {
      response = await fetch(`/verify/api/${id}${path}`, {
        method,
        headers: json ? { ...headers, "Content-Type": "application/json" } : headers,
        body: json ? JSON.stringify(body) : body,
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch {
      return { ok: false, status: 0, problem: { code: "network" } };
    }
    const serverTime = Date.parse(response.headers.get("X-RealName-Time") || "");
    if (!Number.isNaN(serverTime)) offsetMs = serverTime - Date.now();
    const type = response.headers.get("Content-Type") || "";
    const data = type.includes("json") ? await response.json().catch(() => null) : null;
    if (response.ok) return { ok: true, status: response.status, data };
    const retryAfter = Number(response.headers.get("Retry-After"));
    return {
      ok: false,
      status: response.status,
      problem: data && data.code ? data : { code: "unknown", detail: "" },
      retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    };
  }

  /** Live status: one "status" event per change; closed here at a terminal status (the server ends the stream then). */
  function events(onSession) {
    const source = new EventSource(`/verify/api/${id}/events`);
    source.addEventListener("status", (e) => {
      const session = JSON.parse(e.data);
      if (["verified", "failed", "expired", "canceled"].includes(session.status)) source.close();
      onSession(session);
    });
    return source;
  }

  /**
   * Files as multipart/form-data under an Idempotency-Key. The body is built here with a boundary
   * taken from the key (FormData draws a new one each time), so a retry sends the same bytes and is
   * answered the first answer again instead of 409 idempotency_conflict. The server reads the type
   * from the content and keeps no file name.
   */
  function upload(path, files, idempotencyKey) {
    const boundary = "----realname-" + idempotencyKey;
    const parts = [];
    files.forEach((file, i) => {
      const type = file.type || "application/octet-stream";
      parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file${i + 1}"; filename="file${i + 1}"\r\nContent-Type: ${type}\r\n\r\n`, file, "\r\n");
    });
    parts.push(`--${boundary}--\r\n`);
    return call("POST", path, new Blob(parts), {
      "Content-Type": `multipart/form-data; boundary=${boundary}`,
      "Idempotency-Key": idempotencyKey,
    });
  }

  return {
    get id() { return id; },
    /** After a change of method the page follows the new session (its grant cookie is already set). */
    follow(newId) {
      id = newId;
      history.replaceState(null, "", `/verify/${newId}`);
    },
    get: (path) => call("GET", path),
    post: (path, body) => call("POST", path, body ?? {}),
    upload,
    now: () => Date.now() + offsetMs,
    events,
    qrUrl: (version) => `/verify/api/${id}/qr.svg?v=${version}`,
  };
})();
