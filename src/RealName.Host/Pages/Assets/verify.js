// The hosted verification page: follows the session's status (live from the event stream) and
// shows its step — choice and details, QR code with countdown, SMS code, amount, result.
"use strict";

(() => {
  const { t, problem } = window.RealNameI18n;
  const api = window.RealNameApi;
  const rules = window.RealNameRules;
  const { show, alert, setError, retranslate, showChoose, showForm, $ } = window.RealNameForms;
  const journeys = window.RealNameJourneys;
  const TERMINAL = ["verified", "failed", "expired", "canceled"];

  const state = { session: null, chosen: false, qrShown: null, qrVersion: 0, retryUntil: 0, stream: null, ticker: null, poller: null };

  function stopTimers() {
    clearInterval(state.ticker);
    clearInterval(state.poller);
    state.ticker = state.poller = null;
  }

  function every(ms, fn) {
    fn();
    return setInterval(fn, ms);
  }

  function secondsUntil(iso) {
    return iso ? Math.ceil((Date.parse(iso) - api.now()) / 1000) : 0;
  }

  /** Draws the step of the session's status; called for every new view of the session. */
  function render(session) {
    state.session = session;
    stopTimers();
    switch (session.status) {
      case "requires_input":
        if (!state.chosen) showChoose(session, choose);
        else showForm(session, submitDetails, () => { state.chosen = false; alert(""); render(state.session); });
        if (session.lastError) alert(() => problem(session.lastError.code));
        break;
      case "awaiting_scan":
      case "scanned":
        showQr(session);
        break;
      case "awaiting_code":
        showCode(session);
        break;
      case "awaiting_amount":
        show("step-amount");
        $("amount-attempts").textContent = session.amountAttemptsLeft != null ? t("code.attemptsLeft", { count: session.amountAttemptsLeft }) : "";
        break;
      default:
        showResult(session);
    }
  }

  /** Moves to the method's form (a new session when the method changes); false when refused. */
  async function choose(method) {
    alert("");
    journeys.nextSteps(null);
    if (method === state.session.method) {
      state.chosen = true;
      render(state.session);
      return true;
    }
    const answer = await api.post("/method", { method });
    if (!answer.ok) {
      alert(() => problem(answer.problem.code, answer.problem.detail));
      return false;
    }
    if (answer.data.id !== api.id) {
      api.follow(answer.data.id);
      listen();
    }
    state.chosen = true;
    render(answer.data);
    return true;
  }

  /** The popup's "Authorize now": the one-click method, authorised at once. */
  async function authorize(method) {
    if (!(await choose(method))) return;
    const refusal = await submitDetails({});
    if (refusal) alert(() => problem(refusal.code, refusal.detail));
  }

  /** Back to the first step with another subject preselected (e.g. enterprise after "ID already used"). */
  function chooseSubject(subject) {
    state.chosen = false;
    alert("");
    render(state.session);
    const radio = $(`subject-${subject}`);
    if (radio && !radio.checked) radio.click();
  }

  /** Sends a valid form; answers the refusal for the form to show, or moves on. */
  async function submitDetails(body) {
    journeys.nextSteps(null);
    const answer = ["group_sync", "enterprise_sync"].includes(state.session.method) ? await api.post("/authorize") : await api.post("/identity", body);
    if (answer.ok) {
      render(answer.data);
      return null;
    }
    await refresh();
    journeys.nextSteps(answer.problem);
    return answer.problem;
  }

  async function refresh() {
    const answer = await api.get("");
    if (answer.ok) render(answer.data);
    return answer;
  }

  // ---- QR step ----

  function showQr(session) {
    show("step-qr");
    const image = $("qr-image"), overlay = $("qr-overlay"), refresh = $("qr-refresh"), state_ = $("qr-state");
    const scanned = session.status === "scanned";
    const dead = session.status === "awaiting_scan" && (!session.qr || session.qr.scanned);
    if (session.lastError && !scanned) alert(() => problem(session.lastError.code));
    else alert("");
    state_.textContent = t(scanned ? "status.scanned" : "status.awaiting_scan");
    state_.classList.remove("warn");
    image.classList.toggle("dimmed", scanned);
    if (dead) return expired(t("qr.needsRefresh"));
    overlay.hidden = true;
    refresh.hidden = true;
    image.hidden = false;
    if (state.qrShown !== session.qr.expiresAt) {
      state.qrShown = session.qr.expiresAt;
      image.src = api.qrUrl(++state.qrVersion);
    }
    if (scanned) {
      $("qr-countdown").textContent = "";
      return;
    }
    state.ticker = every(1000, () => {
      const seconds = secondsUntil(session.qr.expiresAt);
      if (seconds > 0) $("qr-countdown").textContent = t("qr.countdown", { seconds });
      else expired(t("qr.expired"));
    });
    // The countdown follows the server's clock; a look every few seconds keeps it (and the status) current.
    // A scan and a failed face step can both happen between two looks: the status is then the same
    // as before, so the QR's scanned flag and the last error are compared too.
    state.poller = setInterval(async () => {
      const answer = await api.get("");
      const now = answer.data;
      if (answer.ok && (now.status !== session.status || now.qr?.expiresAt !== session.qr.expiresAt
          || now.qr?.scanned !== session.qr.scanned || now.lastError?.code !== session.lastError?.code)) render(now);
    }, 3000);
  }

  function expired(message) {
    stopTimers();
    $("qr-image").hidden = true;
    $("qr-countdown").textContent = "";
    const overlay = $("qr-overlay");
    overlay.textContent = message;
    overlay.hidden = false;
    $("qr-state").textContent = message;
    $("qr-state").classList.add("warn");
    $("qr-refresh").hidden = false;
  }

  $("qr-refresh").addEventListener("click", async () => {
    const answer = await api.post("/qr");
    if (answer.ok) {
      alert("");
      render(answer.data);
      $("qr-image").focus();
    } else {
      alert(() => problem(answer.problem.code, answer.problem.detail));
      await refresh();
    }
  });
  $("qr-image").addEventListener("error", () => { if (!$("qr-image").hidden) expired(t("qr.needsRefresh")); });

  // ---- SMS code step ----

  function showCode(session) {
    show("step-code");
    const phone = session.identity?.phone;
    $("code-sent").textContent = phone ? t("code.sent", { phone }) : t("code.sentGroup");
    const left = session.code?.attemptsLeft;
    $("code-attempts").textContent = left != null ? t("code.attemptsLeft", { count: left }) : "";
    const resend = $("code-resend");
    state.ticker = every(1000, () => {
      const seconds = Math.max(secondsUntil(session.code?.resendAvailableAt), Math.ceil((state.retryUntil - Date.now()) / 1000));
      resend.disabled = seconds > 0;
      resend.textContent = seconds > 0 ? t("code.resendIn", { seconds }) : t("code.resend");
    });
  }

  $("code-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const input = $("f-code");
    const code = rules.code(input.value);
    setError(input, code ? "" : () => t("invalid.code"));
    if (!code) return input.focus();
    const answer = await api.post("/code", { code });
    if (answer.ok) return render(answer.data);
    await refresh();
    if (state.session.status === "awaiting_code") {
      setError(input, () => problem(answer.problem.code, answer.problem.detail));
      input.focus();
    } else {
      alert(() => problem(answer.problem.code, answer.problem.detail));
    }
  });

  $("code-resend").addEventListener("click", async () => {
    const answer = await api.post("/code/resend");
    if (answer.ok) {
      alert(() => t("code.resent"));
      return render(answer.data);
    }
    if (answer.retryAfter) state.retryUntil = Date.now() + answer.retryAfter * 1000;
    alert(() => problem(answer.problem.code, answer.problem.detail));
    await refresh();
  });

  // ---- amount step ----

  $("amount-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const input = $("f-amount");
    const remarkInput = $("f-remark");
    const amount = rules.amount(input.value);
    const remark = rules.remark(remarkInput.value);
    setError(input, amount ? "" : () => t("invalid.amount"));
    setError(remarkInput, remark ? "" : () => t("invalid.remark"));
    if (!amount) return input.focus();
    if (!remark) return remarkInput.focus();
    const answer = await api.post("/amount", { amount, remark });
    if (answer.ok) return render(answer.data);
    setError(input, () => problem(answer.problem.code, answer.problem.detail));
    input.focus();
    await refresh();
  });

  // ---- result ----

  function row(list, key, value) {
    if (value == null || value === "") return;
    list.append(Object.assign(document.createElement("dt"), { textContent: t(key) }),
      Object.assign(document.createElement("dd"), { textContent: value }));
  }

  async function showResult(session) {
    const list = $("result-details");
    list.replaceChildren();
    $("result-title").textContent = t(`result.${session.status}`);
    $("result-message").textContent = session.status === "failed" && session.lastError ? problem(session.lastError.code) : "";
    alert("");
    show("step-result");
    // Contract v2: back to the platform at a terminal status (which it confirms server-side).
    journeys.returnToPlatform(session);
    if (session.status !== "verified") return;
    const answer = await api.get("/account");
    const record = answer.ok ? answer.data : null;
    const identity = record?.identity ?? session.identity ?? {};
    row(list, "result.status", t(`accountStatus.${record?.status ?? "verified"}`));
    row(list, "result.level", t(`level.${record?.level ?? session.subject}`));
    row(list, "result.method", t(`method.${record?.method ?? session.method}`));
    row(list, "result.name", identity.name);
    row(list, "result.idNumber", identity.idNumber);
    row(list, "result.phone", session.identity?.phone);
    row(list, "result.bankCard", session.identity?.bankCard);
    if (record?.enterprise) row(list, "result.enterprise", Object.values(record.enterprise).filter((v) => typeof v === "string").join(" · "));
    const at = record?.verifiedAt ?? session.verifiedAt;
    row(list, "result.verifiedAt", at ? new Date(at).toLocaleString(window.RealNameI18n.lang === "zh" ? "zh-CN" : "en-GB") : null);
  }

  // ---- start ----

  function listen() {
    state.stream?.close();
    state.stream = api.events((session) => {
      if (!state.session || session.status !== state.session.status) render(session);
    });
  }

  journeys.use({ session: () => state.session, chosen: () => state.chosen, choose, authorize, chooseSubject });

  window.RealNameI18n.onChange(() => {
    // The appeal form is not a step of the session: a change of language keeps the person there.
    if (state.session && $("step-appeal").hidden) render(state.session);
    retranslate();
  });

  document.addEventListener("DOMContentLoaded", async () => {
    const answer = await api.get("");
    if (!answer.ok) {
      $("result-title").textContent = t("denied.title");
      $("result-message").textContent = problem(answer.problem.code, answer.problem.detail);
      show("step-result");
      return;
    }
    render(answer.data);
    if (!TERMINAL.includes(answer.data.status)) listen();
    await journeys.offerSync(answer.data);
  });
})();
