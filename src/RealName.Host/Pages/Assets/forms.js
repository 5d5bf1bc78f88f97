// The choice of subject and method, and each method's details form with inline validation.
// A form with an invalid field sends nothing: the message appears at the field and focus moves there.
"use strict";

window.RealNameForms = (() => {
  const { t, problem } = window.RealNameI18n;
  const rules = window.RealNameRules;

  const METHODS = {
    personal: ["face", "mobile", "bank_card", "group_sync", "associate"],
    enterprise: ["legal_person_face", "corporate_account", "enterprise_sync"],
  };

  // One-click sync: nothing typed in, the details come from the group's directory (POST …/authorize).
  const SYNC_METHODS = ["group_sync", "enterprise_sync"];

  // Which fields each method's identity step takes (the contract's bodies), and how each is checked.
  const METHOD_FIELDS = {
    face: ["name", "idNumber"],
    mobile: ["name", "idNumber", "phone"],
    bank_card: ["name", "idNumber", "bankCard", "phone"],
    group_sync: [],
    associate: ["groupAccount"],
    legal_person_face: ["subjectType", "enterpriseName", "creditCode", "legalPersonName", "legalPersonIdNumber"],
    corporate_account: ["subjectType", "enterpriseName", "creditCode", "bankName", "accountNumber"],
    enterprise_sync: [],
  };

  const FIELDS = {
    name: { check: rules.name, code: "invalid_name", autocomplete: "name" },
    idNumber: { check: (v) => rules.idNumber(v), code: "invalid_id_number", maxlength: 18, autocomplete: "off" },
    phone: { check: rules.phone, code: "invalid_phone", type: "tel", autocomplete: "tel" },
    bankCard: { check: rules.bankCard, code: "invalid_bank_card", inputmode: "numeric", autocomplete: "cc-number" },
    groupAccount: { check: rules.groupAccount, code: "invalid_request", autocomplete: "username" },
    subjectType: { options: ["enterprise", "individual_business"] },
    enterpriseName: { check: rules.enterpriseName, message: "invalid.enterpriseName", autocomplete: "organization" },
    creditCode: { check: rules.creditCode, code: "invalid_credit_code", maxlength: 18, autocomplete: "off" },
    legalPersonName: { check: rules.name, code: "invalid_name", autocomplete: "off" },
    legalPersonIdNumber: { check: (v) => rules.idNumber(v), code: "invalid_id_number", maxlength: 18, autocomplete: "off" },
    bankName: { check: rules.bankName, message: "invalid.bankName", autocomplete: "off" },
    accountNumber: { check: rules.accountNumber, message: "invalid.accountNumber", inputmode: "numeric", autocomplete: "off" },
  };

  // Server refusals that belong to one field are shown there; the rest in the page's alert.
  const FIELD_OF_CODE = {
    invalid_name: ["name", "legalPersonName"],
    invalid_id_number: ["idNumber", "legalPersonIdNumber"],
    invalid_phone: ["phone"],
    phone_id_mismatch: ["phone"],
    invalid_bank_card: ["bankCard"],
    unsupported_bank: ["bankCard"],
    invalid_credit_code: ["creditCode"],
  };

  // ---- shared page helpers ----

  const $ = (id) => document.getElementById(id);
  let current = null;

  /** Shows one step; a new step takes the focus on its heading, so keyboard and screen-reader users follow. */
  function show(stepId) {
    $("loading").hidden = true;
    document.querySelectorAll("main > section").forEach((s) => { s.hidden = s.id !== stepId; });
    if (current !== stepId) {
      current = stepId;
      const heading = $(stepId)?.querySelector("h2");
      if (heading) heading.focus();
    }
  }

  // Messages are kept as functions, so a change of language translates the ones on screen.
  const messages = new Map();

  function put(element, message) {
    if (typeof message === "function") messages.set(element.id, message);
    else messages.delete(element.id);
    const text = typeof message === "function" ? message() : message || "";
    element.textContent = text;
    element.hidden = !text;
  }

  function alert(message) {
    put($("alert"), message);
  }

  function setError(input, message) {
    put($(input.id + "-error"), message);
    input.setAttribute("aria-invalid", message ? "true" : "false");
  }

  function retranslate() {
    for (const [id, message] of messages) {
      const element = $(id);
      if (element && !element.hidden) element.textContent = message();
    }
  }

  // ---- choose subject and method ----

  function radio(group, value, labelKey, hintKey, checked) {
    const id = `${group}-${value}`;
    const wrapper = document.createElement("div");
    wrapper.className = "choice";
    const input = Object.assign(document.createElement("input"), { type: "radio", name: group, id, value, checked });
    const label = Object.assign(document.createElement("label"), { htmlFor: id });
    label.append(Object.assign(document.createElement("span"), { className: "choice-title", textContent: t(labelKey) }));
    if (hintKey) {
      const hint = Object.assign(document.createElement("span"), { className: "choice-hint", id: id + "-hint", textContent: t(hintKey) });
      input.setAttribute("aria-describedby", hint.id);
      label.append(hint);
    }
    wrapper.append(input, label);
    return wrapper;
  }

  function renderChoices(subject, method) {
    const subjects = $("subjects");
    subjects.querySelectorAll(".choice").forEach((c) => c.remove());
    for (const s of Object.keys(METHODS)) subjects.append(radio("subject", s, `subject.${s}`, null, s === subject));
    const methods = $("methods");
    methods.querySelectorAll(".choice").forEach((c) => c.remove());
    const list = METHODS[subject];
    const chosen = list.includes(method) ? method : list[0];
    for (const m of list) methods.append(radio("method", m, `method.${m}`, `method.${m}.hint`, m === chosen));
    subjects.onchange = (e) => renderChoices(e.target.value, method);
  }

  /** The first step: subject and method, the session's own method preselected. */
  function showChoose(session, onChosen) {
    // Keep the visitor's current choice when the step is drawn again (a change of language).
    const subject = document.querySelector("input[name=subject]:checked")?.value ?? (session.subject === "enterprise" ? "enterprise" : "personal");
    renderChoices(subject, document.querySelector("input[name=method]:checked")?.value ?? session.method);
    $("choose-next").onclick = () => onChosen(document.querySelector("input[name=method]:checked").value);
    show("step-choose");
  }

  // ---- the details form ----

  function buildField(key) {
    const spec = FIELDS[key];
    const div = Object.assign(document.createElement("div"), { className: "field" });
    const id = "f-" + key;
    div.append(Object.assign(document.createElement("label"), { htmlFor: id, textContent: t("field." + key) }));
    let input;
    if (spec.options) {
      input = Object.assign(document.createElement("select"), { id, name: key });
      for (const o of spec.options) input.append(Object.assign(document.createElement("option"), { value: o, textContent: t(`subjectType.${o}`) }));
    } else {
      input = Object.assign(document.createElement("input"), { id, name: key, type: spec.type || "text", autocomplete: spec.autocomplete || "off", spellcheck: false });
      if (spec.maxlength) input.maxLength = spec.maxlength;
      if (spec.inputmode) input.inputMode = spec.inputmode;
      input.required = true;
      input.setAttribute("aria-required", "true");
      // Checked on leaving the field — except towards a button: the message would move the button
      // under the pointer between press and release, and the click would be lost (submit checks anyway).
      input.addEventListener("blur", (e) => { if (input.value.trim() && !(e.relatedTarget instanceof HTMLButtonElement)) check(key, input); });
    }
    input.setAttribute("aria-describedby", id + "-error");
    div.append(input, Object.assign(document.createElement("p"), { id: id + "-error", className: "error", hidden: true }));
    return div;
  }

  function relabel(keys) {
    for (const key of keys) {
      document.querySelector(`label[for="f-${key}"]`).textContent = t("field." + key);
      const input = $("f-" + key);
      if (FIELDS[key].options) input.querySelectorAll("option").forEach((o) => { o.textContent = t(`subjectType.${o.value}`); });
    }
  }

  /** Checks one field; returns its normalized value or null (with the message shown at the field). */
  function check(key, input) {
    const spec = FIELDS[key];
    if (spec.options) return input.value;
    if (!input.value.trim()) {
      setError(input, () => t("required", { label: t("field." + key) }));
      return null;
    }
    const value = spec.check(input.value);
    setError(input, value === null ? () => (spec.message ? t(spec.message) : problem(spec.code)) : "");
    return value;
  }

  /** P3's "check Supported Banks": the list (GET /v1/banks, public) above the form, before a card is typed. */
  async function showBanks(method) {
    let list = $("banks");
    if (!list) {
      list = document.createElement("p");
      list.id = "banks";
      list.className = "hint";
      $("form-hint").after(list);
    }
    list.hidden = method !== "bank_card";
    if (list.hidden) return;
    const answer = await fetch("/v1/banks", { cache: "no-store" }).then((r) => (r.ok ? r.json() : null)).catch(() => null);
    if (!answer) return;
    const en = window.RealNameI18n.lang === "en";
    const banks = answer.data.map((b) => `${en ? b.code : b.name} (${b.cardTypes.map((c) => t("card." + c)).join("/")})`);
    list.textContent = t("banks.supported", { banks: banks.join(en ? ", " : "、") });
  }

  /**
   * The method's form. On submit every field is checked here first; only a fully valid form calls
   * <c>send(body)</c>, whose refusal (a problem) is shown at its field or in the alert.
   */
  function showForm(session, send, back) {
    const keys = METHOD_FIELDS[session.method] || [];
    const fields = $("fields");
    if (fields.dataset.method === session.method) {
      relabel(keys); // same form (e.g. after a change of language): keep what was typed
    } else {
      fields.replaceChildren(...keys.map(buildField));
      fields.dataset.method = session.method;
    }
    $("form-title").textContent = t(`method.${session.method}`);
    $("form-hint").textContent = t(`method.${session.method}.hint`);
    showBanks(session.method);
    $("details-submit").textContent = t(SYNC_METHODS.includes(session.method) ? "form.authorize" : "form.submit");
    $("details-back").onclick = back;
    $("details").onsubmit = async (e) => {
      e.preventDefault();
      alert("");
      const body = {};
      let firstInvalid = null;
      for (const key of keys) {
        const input = $("f-" + key);
        const value = check(key, input);
        if (value === null) firstInvalid ??= input;
        else body[key] = key === "idNumber" || key === "legalPersonIdNumber" || key === "creditCode" ? value : input.value.trim();
      }
      if (firstInvalid) {
        firstInvalid.focus();
        return;
      }
      const submit = $("details-submit");
      submit.disabled = true;
      const refusal = await send(body);
      submit.disabled = false;
      if (refusal) showRefusal(refusal, keys);
    };
    show("step-form");
  }

  function showRefusal(refusal, keys) {
    const field = (FIELD_OF_CODE[refusal.code] || []).find((k) => keys.includes(k));
    if (field) {
      const input = $("f-" + field);
      setError(input, () => problem(refusal.code, refusal.detail));
      input.focus();
    } else {
      alert(() => problem(refusal.code, refusal.detail));
    }
  }

  return { show, alert, setError, retranslate, showChoose, showForm, $ };
})();
