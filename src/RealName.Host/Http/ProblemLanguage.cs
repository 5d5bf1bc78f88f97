using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using RealName.Domain.Sessions;

namespace RealName.Host.Http;

/// <summary>
/// Problem texts in the caller's language (<c>Accept-Language</c>): <c>zh</c> (any <c>zh-…</c>)
/// gets the Chinese title and message of the code, anything else — or no header — the English
/// of today. The <c>code</c> never changes. A detail with particulars (a field, attempts left, a
/// masked account) keeps them: the Chinese message is followed by the English detail in brackets.
/// </summary>
public static class ProblemLanguage
{
    /// <summary>Code → Chinese title and message (the page's own texts where it has them).</summary>
    private static readonly Dictionary<string, (string Title, string Message)> Chinese = new(StringComparer.Ordinal)
    {
        [ErrorCodes.InvalidRequest] = ("请求无效", "请求无效，请检查填写的内容。"),
        [ErrorCodes.InvalidIdNumber] = ("身份证号码无效", "身份证号码不正确，请检查位数、出生日期和最后一位校验码。"),
        [ErrorCodes.InvalidName] = ("姓名无效", "姓名应为 2–30 个汉字，少数民族姓名可用“·”分隔。"),
        [ErrorCodes.InvalidPhone] = ("手机号码无效", "请输入中国大陆手机号码（11 位，以 13–19 开头）。"),
        [ErrorCodes.InvalidBankCard] = ("银行卡号无效", "银行卡号不正确，请核对后重新输入。"),
        [ErrorCodes.UnsupportedBank] = ("暂不支持该银行", "暂不支持该银行的银行卡，请更换支持的银行（见 GET /v1/banks）。"),
        [ErrorCodes.InvalidCreditCode] = ("统一社会信用代码无效", "统一社会信用代码不正确，应为 18 位且校验位正确。"),
        [ErrorCodes.NameIdMismatch] = ("姓名与身份证号码不一致", "姓名与身份证号码不一致。"),
        [ErrorCodes.BelowMinimumAge] = ("未满 18 周岁", "实名认证需年满 18 周岁（自 18 周岁生日的次日起）。"),
        [ErrorCodes.PhoneIdMismatch] = ("手机号码与身份不一致", "该手机号码不是此身份证实名登记的号码，请使用本人身份证办理的手机号。"),
        [ErrorCodes.BankCardMismatch] = ("银行卡信息不一致", "银行卡、预留手机号与身份信息不一致。"),
        [ErrorCodes.EnterpriseMismatch] = ("企业信息不一致", "企业信息核验不一致，请按营业执照填写。"),
        [ErrorCodes.IdAlreadyVerified] = ("身份证已认证其他账号", "该身份证已认证其他账号。如非本人操作，可提交申诉找回。"),
        [ErrorCodes.AccountAlreadyVerified] = ("账号已完成认证", "此账号已完成实名认证。"),
        [ErrorCodes.GroupAccountNotVerified] = ("集团账号未实名", "该集团账号尚未完成实名认证，请核实后重试。"),
        [ErrorCodes.GroupAccountNoPhone] = ("集团账号未绑定手机号", "该集团账号未绑定手机号，请先在集团账号设置中绑定。"),
        [ErrorCodes.GroupNotLinked] = ("未关联集团账号", "当前账号未关联集团账号，请选择其他认证方式。"),
        [ErrorCodes.EnterpriseNotLinked] = ("未关联集团企业", "当前账号未关联集团企业站的企业，请选择其他企业认证方式。"),
        [ErrorCodes.EnterpriseNotVerified] = ("集团企业未认证", "关联的企业尚未在集团企业站完成企业认证，请选择其他企业认证方式。"),
        [ErrorCodes.CodeIncorrect] = ("验证码不正确", "验证码不正确。"),
        [ErrorCodes.CodeExpired] = ("验证码已过期", "验证码已过期，请重新获取。"),
        [ErrorCodes.AmountIncorrect] = ("金额不正确", "金额不正确。"),
        [ErrorCodes.TooManyAttempts] = ("尝试次数过多", "尝试次数过多，本次认证已失败。"),
        [ErrorCodes.ResendTooSoon] = ("请稍后再获取验证码", "请稍后再获取新的验证码。"),
        [ErrorCodes.RateLimited] = ("操作太频繁", "操作太频繁，请稍后再试。"),
        [ErrorCodes.QrExpired] = ("二维码已过期", "二维码已过期，请在电脑页面刷新二维码。"),
        [ErrorCodes.QrAlreadyScanned] = ("二维码已被扫描", "二维码已被扫描。"),
        [ErrorCodes.QrUnknown] = ("二维码无效", "二维码无效或已被替换。"),
        [ErrorCodes.FaceMismatch] = ("人脸比对未通过", "人脸与身份证照片不一致。"),
        [ErrorCodes.LivenessFailed] = ("活体检测未通过", "活体检测未通过。"),
        [ErrorCodes.InvalidState] = ("当前状态不允许此操作", "当前状态下不能进行此操作。"),
        [ErrorCodes.SessionNotFound] = ("认证会话不存在", "认证会话不存在。"),
        [ErrorCodes.Unauthorized] = ("未授权", "缺少或错误的凭据。"),
        [ErrorCodes.BadSignature] = ("签名无效", "签名无效。"),
        [ErrorCodes.Forbidden] = ("无权访问", "此 API 密钥没有该操作所需的权限。"),
        [ErrorCodes.ProviderUnavailable] = ("核验服务暂时不可用", "核验服务暂时不可用，已提交的信息不会丢失，请稍后重试。"),
        [ErrorCodes.FaceCheckUnknown] = ("人脸核验不存在", "没有与此 bizToken 对应的进行中的人脸核验。"),
        [ErrorCodes.FaceCheckUsed] = ("人脸核验结果已收到", "此人脸核验的结果已收到。"),
        [ErrorCodes.IdempotencyConflict] = ("幂等键冲突", "此 Idempotency-Key 已用于另一个请求。"),
        [ErrorCodes.EvidenceTooLarge] = ("文件过大", "文件过大：每个证明文件不超过 5 MB。"),
        [ErrorCodes.UnsupportedEvidenceType] = ("文件类型不支持", "只能上传 JPG、PNG 或 PDF 文件（按文件内容判断）。"),
        [ErrorCodes.EvidenceLimitReached] = ("证明文件已达上限", "每个申诉最多上传 3 个文件。"),
        [ErrorCodes.InvalidReturnUrl] = ("返回地址无效", "returnUrl 不在允许的来源之内。"),
        [Problems.NotFound] = ("不存在", "没有这个地址。"),
        [Problems.MethodNotAllowed] = ("方法不允许", "此地址不接受该 HTTP 方法。"),
        [Problems.PersonalDataUnreadable] = ("个人信息暂时无法读取", "此节点暂时无法读取已保存的个人信息，请稍后重试。"),
        [Problems.BudgetUnavailable] = ("限额服务暂时不可用", "限额服务暂时不可用，请稍后重试。"),
        [Problems.StreamsBusy] = ("连接数已满", "此节点的事件流连接已满，请稍后重试。"),
        [Problems.ReplayGuardFull] = ("防重放存储已满", "暂时无法接受回调，请稍后重试。"),
    };

    /// <summary>
    /// The Chinese message of every code: the one source of the hosted page's Chinese problem texts
    /// too (<c>/verify/assets/problem-texts.js</c>, generated from it at start).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ChineseMessages { get; } =
        Chinese.ToDictionary(entry => entry.Key, entry => entry.Value.Message, StringComparer.Ordinal);

    /// <summary>Whether the caller prefers Chinese: the highest-quality <c>zh…</c> or <c>en…</c> range of <c>Accept-Language</c> decides.</summary>
    public static bool PrefersChinese(HttpRequest request)
    {
        var ranges = request.GetTypedHeaders().AcceptLanguage;
        foreach (var range in ranges.Where(r => r.Quality is not 0).OrderByDescending(r => r.Quality ?? 1))
        {
            var tag = range.Value.Value ?? "";
            if (tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
                return true;
            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
                return false;
        }
        return false;
    }

    /// <summary>Rewrites the title and detail of a problem with a <c>code</c> for a caller that prefers Chinese, and says which language the answer is in.</summary>
    public static void Apply(ProblemDetails problem, HttpContext context)
    {
        if (!problem.Extensions.TryGetValue("code", out var value) || value is not string code)
            return;
        var chinese = Chinese.TryGetValue(code, out var zh) && PrefersChinese(context.Request);
        context.Response.Headers.ContentLanguage = chinese ? "zh-CN" : "en";
        if (!chinese)
            return;
        problem.Title = zh.Title;
        problem.Detail = problem.Detail is null || problem.Detail == ErrorMessages.For(code) || problem.Detail == zh.Message
            ? zh.Message
            : $"{zh.Message}（{problem.Detail}）";
    }
}
