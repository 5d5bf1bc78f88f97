// The server's format rules, ported so that mistyped details are shown at once, before any request:
// ID number GB 11643 (ISO 7064 MOD 11-2), names, mainland mobiles, bank cards (Luhn), unified social
// credit codes GB 32100. Each returns the normalized value, or null when the input is not valid.
// The server checks again; these only save the person a round trip.
"use strict";

window.RealNameRules = (() => {
  const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const ID_CHECK = "10X98765432";
  const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 91]);
  const CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

  function idNumber(input, today = new Date()) {
    const value = String(input ?? "").trim().toUpperCase();
    if (!/^\d{17}[\dX]$/.test(value) || !PROVINCES.has(Number(value.slice(0, 2)))) return null;
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(value[i]) * ID_WEIGHTS[i];
    if (ID_CHECK[sum % 11] !== value[17]) return null;
    const year = Number(value.slice(6, 10)), month = Number(value.slice(10, 12)), day = Number(value.slice(12, 14));
    if (year < 1900 || month < 1 || month > 12 || day < 1) return null;
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (day > daysInMonth) return null;
    const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
    return Date.UTC(year, month - 1, day) > todayUtc ? null : value;
  }

  function isIdeograph(cp) {
    return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2ebef);
  }

  function name(input) {
    const chars = Array.from(String(input ?? "").trim());
    if (chars.length < 2 || chars.length > 30) return null;
    let out = "";
    let previousDot = true; // a dot may not come first
    for (const ch of chars) {
      const cp = ch.codePointAt(0);
      if (cp === 0xb7 || cp === 0x30fb || cp === 0x2022) {
        if (previousDot) return null;
        out += "\u00b7";
        previousDot = true;
      } else if (isIdeograph(cp)) {
        out += ch;
        previousDot = false;
      } else {
        return null;
      }
    }
    return previousDot ? null : out;
  }

  function phone(input) {
    const raw = String(input ?? "");
    if (!raw.trim() || raw.length > 32) return null;
    let digits = raw.replace(/[ -]/g, "");
    if (digits.startsWith("+86")) digits = digits.slice(3);
    else if (digits.startsWith("0086")) digits = digits.slice(4);
    else if (digits.length === 13 && digits.startsWith("86")) digits = digits.slice(2);
    return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
  }

  function passesLuhn(digits) {
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    return sum % 10 === 0;
  }

  function bankCard(input) {
    const raw = String(input ?? "");
    if (!raw.trim() || raw.length > 40) return null;
    const digits = raw.replace(/ /g, "");
    return /^\d{12,19}$/.test(digits) && passesLuhn(digits) ? digits : null;
  }

  function creditCode(input) {
    const value = String(input ?? "").trim().toUpperCase();
    if (value.length !== 18) return null;
    let sum = 0;
    let weight = 1;
    for (let i = 0; i < 17; i++) {
      const v = CREDIT_ALPHABET.indexOf(value[i]);
      if (v < 0) return null;
      sum += v * weight;
      weight = (weight * 3) % 31;
    }
    const check = 31 - (sum % 31);
    return CREDIT_ALPHABET[check === 31 ? 0 : check] === value[17] ? value : null;
  }

  function groupAccount(input) {
    const value = String(input ?? "").trim();
    // eslint-disable-next-line no-control-regex
    return value.length >= 1 && value.length <= 64 && !/[\u0000-\u001f\u007f-\u009f]/.test(value) ? value : null;
  }

  function text(max) {
    return (input) => {
      const value = String(input ?? "").trim();
      return value.length >= 1 && value.length <= max ? value : null;
    };
  }

  function accountNumber(input) {
    const digits = String(input ?? "").replace(/[ -]/g, "");
    return /^\d{6,40}$/.test(digits) ? digits : null;
  }

  function code(input) {
    const value = String(input ?? "").trim();
    return /^\d{6}$/.test(value) ? value : null;
  }

  /** A micro-payment amount in yuan: 0.01–0.99 with two decimals. */
  function amount(input) {
    const value = String(input ?? "").trim();
    return /^0\.(0[1-9]|[1-9]\d)$/.test(value) ? value : null;
  }

  /** The payment's remark code: 6 characters of A–Z and 2–9 without I, O (as the statement shows them). */
  function remark(input) {
    const value = String(input ?? "").trim().toUpperCase();
    return /^[A-HJ-NP-Z2-9]{6}$/.test(value) ? value : null;
  }

  return {
    idNumber, name, phone, bankCard, creditCode, groupAccount, accountNumber, code, amount, remark,
    enterpriseName: text(100), bankName: text(50),
  };
})();
