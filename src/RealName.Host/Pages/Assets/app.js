// The sandbox's mobile-app stand-in: opening the scan URL is the scan (the server signs the app's
// callback) and starts the provider's face check for the identity entered on the PC page; the masked
// name is confirmed, and a chosen result for that check's bizToken is sent (signed by the server
// with the face provider's secret, as the sandbox face provider would).
"use strict";

(() => {
  const { t, problem } = window.RealNameI18n;
  const $ = (id) => document.getElementById(id);
  const token = new URLSearchParams(location.search).get("t");
  let outcome = null;
  let bizToken = null; // the face check the scan started, bound to the identity on the PC page

  async function post(path, body) {
    try {
      const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), cache: "no-store" });
      const data = await response.json().catch(() => null);
      return response.ok ? { ok: true, data } : { ok: false, problem: data?.code ? data : { code: "unknown" } };
    } catch {
      return { ok: false, problem: { code: "network" } };
    }
  }

  function settle() {
    $("progress").removeAttribute("data-i18n");
    $("progress").textContent = "";
  }

  function fail(p) {
    settle();
    $("alert").textContent = problem(p.code, p.detail);
    $("alert").hidden = false;
  }

  function done(session) {
    outcome = session;
    const title = $("done-title");
    if (session.status === "verified" || session.status === "scanned") title.textContent = t("app.done.verified");
    else if (session.status === "failed") title.textContent = t("app.done.failed");
    else title.textContent = t("app.done.retry", { reason: problem(session.lastError?.code ?? "face_mismatch") });
    $("confirm").hidden = true;
    $("done").hidden = false;
    title.focus();
  }

  $("face-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const choice = document.querySelector("input[name=outcome]:checked").value;
    const answer = await post("/m/api/face", { bizToken, outcome: choice });
    if (answer.ok) done(answer.data);
    else fail(answer.problem);
  });

  window.RealNameI18n.onChange(() => { if (outcome) done(outcome); });

  document.addEventListener("DOMContentLoaded", async () => {
    if (!token) return fail({ code: "qr_unknown" });
    const answer = await post("/m/api/scan", { token });
    if (!answer.ok) return fail(answer.problem);
    settle();
    bizToken = answer.data.face?.bizToken ?? null;
    $("masked-name").textContent = answer.data.name ?? answer.data.identity?.name ?? "";
    $("masked-id").textContent = answer.data.identity?.idNumber ?? "";
    $("confirm").hidden = false;
    $("confirm-title").focus();
  });
})();
