// The seed journeys around the steps (issue 19): the one-click sync popup for a person whose group
// account is already verified, the paths after "ID already used" (appeal on the page, associate the
// verified account, enterprise verification, with the appeal's ownership certificate) and the return to the platform at a terminal status.
// verify.js hands in its actions with use(); this file owns only its own elements.
"use strict";

window.RealNameJourneys = (() => {
  const { t, problem } = window.RealNameI18n;
  const api = window.RealNameApi;
  const rules = window.RealNameRules;
  const { show, alert, setError, $ } = window.RealNameForms;

  // The subject each one-click method verifies: the popup offers only what fits the session's subject.
  const SYNC_SUBJECT = { group_sync: "personal", enterprise_sync: "enterprise" };
  const RETURN_AFTER_MS = 5000;

  let actions = null;
  let offer = null;
  let appealId = null;
  let leaving = null;

  /** verify.js's side: { session(), chosen(), choose(method), authorize(method), chooseSubject(subject) }. */
  function use(verifyActions) {
    actions = verifyActions;
  }

  // ---- one-click sync offered (the seeds' "Authorize now" popup) ----

  /**
   * An existing user (the account record's groupSync says a verified group account is linked, or for
   * an enterprise session a verified enterprise at the group's enterprise station) is offered the
   * one-click sync before anything else; a new user goes straight to the methods.
   */
  async function offerSync(session) {
    const dialog = $("sync-offer");
    offer = await detect(session);
    // Says that detection is over (what the page decided), for people's tools and the specs alike.
    dialog.dataset.detected = offer ? "offered" : "none";
    if (!offer) return;
    drawOffer();
    dialog.showModal();
  }

  async function detect(session) {
    if (session.status !== "requires_input" || session.lastError) return null;
    const answer = await api.get("/account");
    const sync = answer.ok ? answer.data?.groupSync : null;
    if (!sync?.available || SYNC_SUBJECT[sync.method] !== session.subject) return null;
    // The person may have moved on while the record was read.
    return actions.chosen() || actions.session().status !== "requires_input" ? null : sync;
  }

  function drawOffer() {
    $("offer-text").textContent = t(offer.method === "enterprise_sync" ? "offer.enterprise.text" : "offer.text", { name: offer.name ?? "" });
  }

  $("offer-authorize").addEventListener("click", async () => {
    $("sync-offer").close();
    await actions.authorize(offer.method);
  });
  $("offer-manual").addEventListener("click", () => $("sync-offer").close());
  // Closed by the button or by Escape: "not now" — the methods, for manual verification.
  $("sync-offer").addEventListener("close", () => {
    if (!actions.chosen()) $("choose-title").focus();
  });

  // ---- after "ID already used" (409 id_already_verified) ----

  /** Shows the seed's three paths after that refusal; hides them after any other answer. */
  function nextSteps(refusal) {
    $("next-steps").hidden = refusal?.code !== "id_already_verified";
  }

  $("next-appeal").addEventListener("click", () => {
    // The identity just typed is the one in use: the appeal starts with it.
    for (const key of ["name", "idNumber"]) {
      const typed = $("f-" + key);
      if (typed && !$("a-" + key).value) $("a-" + key).value = typed.value;
    }
    appealFilled(false);
    alert("");
    show("step-appeal");
  });
  $("next-associate").addEventListener("click", () => {
    nextSteps(null);
    actions.choose("associate");
  });
  $("next-enterprise").addEventListener("click", () => {
    nextSteps(null);
    actions.chooseSubject("enterprise");
  });

  // ---- the appeal form ----

  const APPEAL_FIELDS = {
    name: { check: rules.name, message: () => problem("invalid_name") },
    idNumber: { check: (v) => rules.idNumber(v), message: () => problem("invalid_id_number") },
    contact: { check: (v) => { const s = String(v ?? "").trim(); return s && s.length <= 128 ? s : null; }, message: () => t("invalid.contact") },
    reason: { check: (v) => { const s = String(v ?? "").trim(); return s && s.length <= 500 ? s : null; }, message: () => t("invalid.reason") },
  };
  const APPEAL_FIELD_OF_CODE = { invalid_name: "name", invalid_id_number: "idNumber", name_id_mismatch: "idNumber" };

  $("appeal-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    alert("");
    const body = {};
    let firstInvalid = null;
    for (const [key, spec] of Object.entries(APPEAL_FIELDS)) {
      const input = $("a-" + key);
      const value = spec.check(input.value);
      setError(input, value === null ? spec.message : "");
      if (value === null) firstInvalid ??= input;
      else body[key] = value;
    }
    if (firstInvalid) return firstInvalid.focus();
    // The files are checked before the appeal is filed, so a refused file files nothing.
    const files = chosenEvidence();
    if (!files) return $("a-evidence").focus();
    const submit = $("appeal-submit");
    submit.disabled = true;
    const answer = await api.post("/appeals", body);
    submit.disabled = false;
    if (!answer.ok) {
      const field = APPEAL_FIELD_OF_CODE[answer.problem.code];
      if (field) {
        setError($("a-" + field), () => problem(answer.problem.code, answer.problem.detail));
        return $("a-" + field).focus();
      }
      return alert(() => problem(answer.problem.code, answer.problem.detail));
    }
    appealId = answer.data.id;
    drawAppealDone();
    appealFilled(true);
    $("appeal-title").focus();
    if (files.length) await uploadEvidence(files);
  });
  $("appeal-back").addEventListener("click", () => show("step-form"));

  /**
   * Once filed, the form gives way to the confirmation and the evidence upload (more files, or
   * another try after a refused one); "back" stays, so the person may still verify otherwise.
   */
  function appealFilled(filed) {
    $("appeal-form").querySelectorAll(".field").forEach((field) => { field.hidden = filed; });
    $("appeal-submit").hidden = filed;
    $("appeal-done").hidden = !filed;
    $("evidence-upload").hidden = !filed;
    if (!filed) {
      evidenceCount = 0;
      $("evidence-done").hidden = true;
      $("evidence-field").hidden = false;
      setError($("a-evidence"), "");
    }
  }

  // ---- the ownership certificate the seeds ask for (evidence of the appeal) ----

  // The limits of POST /v1/appeals/{id}/evidence; the server tells the type by content, the page by the browser's type.
  const EVIDENCE = { maxFiles: 3, maxBytes: 5 * 1024 * 1024, types: ["image/jpeg", "image/png", "application/pdf"] };
  let evidenceKey = null;
  let evidenceCount = 0;

  /** The chosen files when they fit the limits (maybe none), else null with the field's message set. */
  function chosenEvidence() {
    const input = $("a-evidence");
    const files = [...input.files];
    const refusal =
      files.length + evidenceCount > EVIDENCE.maxFiles ? () => t("evidence.tooMany")
      : files.some((f) => f.size > EVIDENCE.maxBytes) ? () => problem("evidence_too_large")
      : files.some((f) => !EVIDENCE.types.includes(f.type)) ? () => problem("unsupported_evidence_type")
      : "";
    setError(input, refusal);
    return refusal ? null : files;
  }

  /** One key per choice of files: a retry of the same upload (a lost answer) is answered, not stored twice. */
  function newEvidenceKey() {
    evidenceKey = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  $("a-evidence").addEventListener("change", () => {
    newEvidenceKey();
    chosenEvidence();
  });

  async function uploadEvidence(files) {
    const input = $("a-evidence");
    if (!evidenceKey) newEvidenceKey();
    const upload = $("evidence-upload");
    upload.disabled = true;
    const answer = await api.upload(`/appeals/${appealId}/evidence`, files, evidenceKey);
    upload.disabled = false;
    if (!answer.ok) {
      setError(input, () => problem(answer.problem.code, answer.problem.detail));
      return input.focus();
    }
    evidenceCount = answer.data.data.length;
    input.value = "";
    evidenceKey = null;
    drawEvidenceDone();
  }

  $("evidence-upload").addEventListener("click", async () => {
    const files = chosenEvidence();
    if (files && !files.length) setError($("a-evidence"), () => t("evidence.none"));
    if (!files?.length) return $("a-evidence").focus();
    await uploadEvidence(files);
  });

  function drawEvidenceDone() {
    $("evidence-done").textContent = t("evidence.done", { count: evidenceCount });
    $("evidence-done").hidden = evidenceCount === 0;
    $("evidence-field").hidden = evidenceCount >= EVIDENCE.maxFiles;
    $("evidence-upload").hidden = evidenceCount >= EVIDENCE.maxFiles;
  }

  function drawAppealDone() {
    $("appeal-done").textContent = t("appeal.done", { id: appealId });
  }

  // ---- back to the platform at a terminal status (contract v2 returnUrl) ----

  /** Shows the result for a moment, then sends the person to returnUrl?session=…&status=… (a link for "now"). */
  function returnToPlatform(session) {
    if (!session.returnUrl) return;
    const back = new URL(session.returnUrl);
    // The server accepted only http(s) under AllowedReturnOrigins; never follow anything else.
    if (back.protocol !== "https:" && back.protocol !== "http:") return;
    back.searchParams.set("session", session.id);
    back.searchParams.set("status", session.status);
    $("return-link").href = back.toString();
    $("result-return").hidden = false;
    if (leaving?.id !== session.id) {
      clearInterval(leaving?.timer);
      leaving = { id: session.id, until: Date.now() + RETURN_AFTER_MS, timer: setInterval(tick, 250) };
    }
    tick();
  }

  function tick() {
    const seconds = Math.ceil((leaving.until - Date.now()) / 1000);
    if (seconds > 0) {
      $("return-countdown").textContent = t("return.countdown", { seconds });
      return;
    }
    clearInterval(leaving.timer);
    window.location.assign($("return-link").href);
  }

  window.RealNameI18n.onChange(() => {
    if (offer) drawOffer();
    if (appealId) drawAppealDone();
    if (evidenceCount) drawEvidenceDone();
    if (leaving) tick();
  });

  return { use, offerSync, nextSteps, returnToPlatform };
})();
