// The pages' language: the person's choice with the toggle (remembered in localStorage), else the
// browser's languages (what it sends as Accept-Language): English when English comes before Chinese.
// Server refusals arrive as problem+json with a stable `code`; `problem(code)` is their sentence.
"use strict";

window.RealNameI18n = (() => {
  const { texts, problems } = window.RealNameTexts;

  let lang = (() => {
    try {
      const chosen = localStorage.getItem("rn-lang");
      if (chosen === "en" || chosen === "zh") return chosen;
    } catch { /* private mode: no remembered choice */ }
    return preferred();
  })();
  const listeners = [];

  function preferred() {
    for (const tag of navigator.languages?.length ? navigator.languages : [navigator.language || ""]) {
      if (/^zh\b/i.test(tag)) return "zh";
      if (/^en\b/i.test(tag)) return "en";
    }
    return "zh";
  }

  function format(template, params) {
    return template.replace(/\{(\w+)\}/g, (_, name) => (params && params[name] != null ? String(params[name]) : ""));
  }

  function t(key, params) {
    return format(texts[lang][key] ?? texts.zh[key] ?? key, params);
  }

  /** The human message of a problem+json answer (or of the client-side code "network"). */
  function problem(code, detail) {
    const owner = code === "id_already_verified" && detail ? (detail.match(/[A-Za-z0-9_.-]*\*{2,}/) || [""])[0] : "";
    const template = problems[lang][code];
    if (!template) return format(problems[lang].unknown, { code });
    return format(template, { owner: owner ? (lang === "zh" ? `（${owner}）` : ` (${owner})`) : "" });
  }

  function apply(root) {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    (root || document).querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
    (root || document).querySelectorAll("[data-i18n-alt]").forEach((el) => { el.alt = t(el.dataset.i18nAlt); });
    const toggle = document.getElementById("lang");
    if (toggle) {
      toggle.textContent = t("lang.toggle");
      toggle.setAttribute("aria-label", t("lang.toggleLabel"));
      toggle.lang = lang === "zh" ? "en" : "zh-CN";
    }
  }

  function setLang(next) {
    lang = next;
    try { localStorage.setItem("rn-lang", lang); } catch { /* private mode: the choice lasts for this page */ }
    apply();
    listeners.forEach((fn) => fn(lang));
  }

  document.addEventListener("DOMContentLoaded", () => {
    apply();
    const toggle = document.getElementById("lang");
    if (toggle) toggle.addEventListener("click", () => setLang(lang === "zh" ? "en" : "zh"));
  });

  return { t, problem, apply, onChange: (fn) => listeners.push(fn), get lang() { return lang; } };
})();
