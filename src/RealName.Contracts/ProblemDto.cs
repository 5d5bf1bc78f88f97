namespace RealName.Contracts;

/// <summary>
/// Every refusal, as <c>application/problem+json</c> (RFC 9457); <c>code</c> is the stable contract
/// code (see <c>ErrorCodes</c>), <c>detail</c> never carries personal data; a <c>rate_limited</c> refusal
/// names its spent <c>budget</c> (a <c>RealName:RateLimits</c> key). The node writes the
/// answers with its <c>Problems</c>; this type describes them, and the CLI reads them into it.
/// </summary>
public sealed record ProblemDto(string Type, string Title, int Status, string Detail, string Code, string? Budget = null);
