// The texts of the seed journeys (issue 19): the one-click sync popup, the paths after
// "ID already used", the appeal form and the return to the platform. Data only, merged into
// RealNameTexts before i18n.js reads them.
"use strict";

(() => {
  const { texts } = window.RealNameTexts;
  Object.assign(texts.zh, {
    "offer.title": "一键同步实名信息",
    "offer.text": "检测到您的账号已关联完成个人实名认证的集团账号（{name}）。授权后将获取该账号的实名信息，一键完成认证。",
    "offer.authorize": "立即授权",
    "offer.manual": "暂不授权，手动认证",
    "next.title": "您可以：",
    "next.appeal": "申诉找回",
    "next.appeal.hint": "从未用此身份证在任何集团账号实名认证过",
    "next.associate": "关联已实名账号",
    "next.associate.hint": "您曾在集团网站完成实名，且记得该账号",
    "next.enterprise": "进行企业认证",
    "next.enterprise.hint": "当前账号属于企业，以免账号归属争议",
    "appeal.title": "申诉找回实名身份",
    "appeal.hint": "请填写被占用的身份信息和联系方式；审核通过后，该身份将转到当前账号，原账号的实名认证会被撤销。",
    "field.appealName": "申诉人姓名",
    "field.appealIdNumber": "被占用的身份证号码",
    "field.contact": "联系方式（手机号或邮箱）",
    "field.reason": "申诉理由",
    "invalid.contact": "请填写联系方式（不超过 128 个字符）",
    "invalid.reason": "请填写申诉理由（不超过 500 个字）",
    "appeal.submit": "提交申诉",
    "appeal.back": "返回认证",
    "appeal.done": "申诉已提交（编号 {id}），状态：待审核。审核结果将通过您留下的联系方式告知。",
    "return.countdown": "{seconds} 秒后自动返回平台",
    "return.now": "立即返回平台",
  });
  Object.assign(texts.en, {
    "offer.title": "One-click sync of your verification",
    "offer.text": "Your account is linked to a group account ({name}) that has completed personal real-name verification. Authorise us to copy its verification and you are done.",
    "offer.authorize": "Authorise now",
    "offer.manual": "Not now, verify manually",
    "next.title": "What you can do:",
    "next.appeal": "Get it back by appealing",
    "next.appeal.hint": "You never verified any group account with this ID card",
    "next.associate": "Associate the verified account",
    "next.associate.hint": "You verified on a group website and remember that account",
    "next.enterprise": "Verify as an enterprise",
    "next.enterprise.hint": "This account belongs to an enterprise; avoids ownership disputes",
    "appeal.title": "Appeal to get your identity back",
    "appeal.hint": "Enter the identity that is in use and how to reach you; if the appeal is approved, the identity moves to this account and the other account's verification is revoked.",
    "field.appealName": "Your name",
    "field.appealIdNumber": "ID card number in use",
    "field.contact": "Contact (mobile number or email)",
    "field.reason": "Reason for the appeal",
    "invalid.contact": "Enter how to reach you (at most 128 characters)",
    "invalid.reason": "Enter the reason (at most 500 characters)",
    "appeal.submit": "Submit appeal",
    "appeal.back": "Back to the verification",
    "appeal.done": "Appeal filed (number {id}), status: pending review. You will hear the result through the contact you gave.",
    "return.countdown": "Back to the platform in {seconds} s",
    "return.now": "Back to the platform now",
  });
})();
